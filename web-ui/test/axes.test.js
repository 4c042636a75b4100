import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AXES, DEFAULT_OBJECTIVES, plotAxes, plotTitle } from '../src/lib/axes.js';

const ids = a => [a.x.id, a.y.id, a.colour?.id ?? null];

test('the default three: accuracy against latency, coloured by size (the plot as before)', () => {
  assert.deepEqual(ids(plotAxes(DEFAULT_OBJECTIVES)), ['latency', 'accuracy', 'size']);
  assert.equal(plotTitle(plotAxes(DEFAULT_OBJECTIVES)), 'accuracy vs latency, coloured by model size');
  // a job without the field (or with too few known names) is shown as the default
  assert.deepEqual(ids(plotAxes(undefined)), ['latency', 'accuracy', 'size']);
  assert.deepEqual(ids(plotAxes(['MAXIMIZE_ACCURACY'])), ['latency', 'accuracy', 'size']);
});

test('a two-objective job plots exactly its two, in whatever order it named them', () => {
  assert.deepEqual(ids(plotAxes(['MINIMIZE_SIZE', 'MAXIMIZE_ACCURACY'])), ['size', 'accuracy', null]);
  assert.equal(plotTitle(plotAxes(['MAXIMIZE_ACCURACY', 'MINIMIZE_SIZE'])), 'accuracy vs model size');
  assert.deepEqual(ids(plotAxes(['MINIMIZE_MACS', 'MINIMIZE_LATENCY'])), ['latency', 'macs', null]);
});

test('three objectives without accuracy: x, y, then colour', () => {
  assert.deepEqual(ids(plotAxes(['MINIMIZE_MACS', 'MINIMIZE_PARAMS', 'MINIMIZE_LATENCY'])), ['latency', 'params', 'macs']);
  assert.deepEqual(ids(plotAxes(['MAXIMIZE_ACCURACY', 'MINIMIZE_PARAMS', 'MINIMIZE_MACS'])), ['params', 'accuracy', 'macs']);
});

test('params and MACs read from the metrics, in human units, with the job limit', () => {
  const c = { accuracy: 0.9, latencyMs: 3, modelBytes: 2e6, metrics: { params: 123_400, macs: 4_560_000 } };
  assert.equal(AXES.MINIMIZE_PARAMS.get(c), 123_400);
  assert.equal(AXES.MINIMIZE_PARAMS.fmt(123_400), '123.4k params');
  assert.equal(AXES.MINIMIZE_MACS.fmt(AXES.MINIMIZE_MACS.get(c)), '4.56M MACs');
  assert.equal(AXES.MINIMIZE_MACS.tick(2e6), '2.00M');
  assert.equal(AXES.MINIMIZE_MACS.limit({ maxMacs: 5e6 }), 5e6);
  assert.equal(AXES.MINIMIZE_PARAMS.limit({}), null);
  assert.equal(AXES.MINIMIZE_SIZE.tick(2e6), '2.00 MB');
  assert.equal(AXES.MINIMIZE_PARAMS.get({ accuracy: 0.5 }), undefined, 'no metrics: not plotted');
});
