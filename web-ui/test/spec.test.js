import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULTS, PRESETS, fieldErrors, toJobSpec } from '../src/lib/spec.js';

test('form values become a JobSpec: units kept as text, numbers as numbers, blanks left out', () => {
  const spec = toJobSpec({ ...DEFAULTS, name: 'x', maxModelBytes: '10MB', maxLatencyMs: '12.5', maxParams: '', trainSubset: '500' });
  assert.equal(spec.name, 'x');
  assert.deepEqual(spec.constraints, { maxModelBytes: '10MB', maxLatencyMs: 12.5 });
  assert.deepEqual(spec.budget, { maxCandidates: 24, maxWallClockMinutes: 30 });
  assert.deepEqual(spec.fidelity, { epochs: 2, fineTuneEpochs: 1, trainSubset: 500 });
  assert.equal(spec.seed, 42);
  assert.equal(spec.objectives.length, 3);
});

test('a blank budget number is left out, so the api applies its default (and nothing here copies it)', () => {
  const spec = toJobSpec({ ...DEFAULTS, maxWallClockMinutes: '' });
  assert.equal(spec.budget.maxWallClockMinutes, undefined);
  assert.equal(spec.budget.maxCandidates, 24);
});

test('a non-numeric integer goes to the API as text, so the API names the field', () => {
  assert.equal(toJobSpec({ ...DEFAULTS, maxCandidates: 'lots' }).budget.maxCandidates, 'lots');
});

test('problem details errors land next to their input; unknown paths are listed apart', () => {
  const { byField, other } = fieldErrors({ errors: [
    { field: 'constraints.maxModelBytes', reason: 'must be greater than 0' },
    { field: 'objectives[1]', reason: 'unknown' },
    { field: 'budget.maxCandidates', reason: 'must be between 1 and 500' },
    { field: 'bogus', reason: 'unknown field' },
  ] });
  assert.deepEqual(byField.maxModelBytes, ['must be greater than 0']);
  assert.deepEqual(byField.objectives, ['unknown']);
  assert.deepEqual(byField.maxCandidates, ['must be between 1 and 500']);
  assert.deepEqual(other.map(o => o.field), ['bogus']);
});

test('a named teacher goes as teacher.candidateId, only with distillation; its errors land by its input', () => {
  const id = '0b6f4c2e-5d1a-4e8b-9a57-3c2d1e0f9a84';
  assert.deepEqual(toJobSpec({ ...DEFAULTS, compressionTechniques: ['DISTILLATION'], teacher: ` ${id} ` }).teacher, { candidateId: id });
  assert.equal(toJobSpec({ ...DEFAULTS, compressionTechniques: ['DISTILLATION'] }).teacher, undefined);
  assert.equal(toJobSpec({ ...DEFAULTS, compressionTechniques: ['SPARSITY'], teacher: id }).teacher, undefined);
  const { byField } = fieldErrors({ errors: [
    { field: 'teacher.candidateId', reason: 'no candidate of your team has the id' },
    { field: 'teacher', reason: 'applies only when compressionTechniques includes DISTILLATION' },
  ] });
  assert.deepEqual(byField.teacher, ['no candidate of your team has the id', 'applies only when compressionTechniques includes DISTILLATION']);
});

test('presets name the two researcher questions', () => {
  assert.deepEqual(PRESETS.map(p => p.title), ['Best model under 10 MB / 50 ms on ARM Cortex-A72', 'Fastest model above 98% accuracy on host CPU']);
  const arm = toJobSpec({ ...DEFAULTS, ...PRESETS[0].values });
  assert.equal(arm.hardwareTarget, 'arm-cortex-a72');
  assert.deepEqual(arm.constraints, { maxModelBytes: '10MB', maxLatencyMs: '50ms' });
});

test('the accuracy floor goes to the api as a number, and the 98% preset sets it', () => {
  assert.equal(toJobSpec({ ...DEFAULTS, minAccuracy: '0.95' }).constraints.minAccuracy, 0.95);
  assert.equal(toJobSpec({ ...DEFAULTS, ...PRESETS[1].values }).constraints.minAccuracy, 0.98);
});

test('compression techniques go to the API only when ticked, and their errors land beside them', () => {
  assert.equal(toJobSpec(DEFAULTS).compressionTechniques, undefined);
  assert.deepEqual(toJobSpec({ ...DEFAULTS, compressionTechniques: ['SPARSITY', 'LOW_RANK'] }).compressionTechniques, ['SPARSITY', 'LOW_RANK']);
  const { byField } = fieldErrors({ errors: [{ field: 'compressionTechniques[0]', reason: 'unknown' }] });
  assert.deepEqual(byField.compressionTechniques, ['unknown']);
});
