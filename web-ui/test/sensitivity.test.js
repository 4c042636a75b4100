import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysisState, dropColour, dropTextColour, sensitivityGrid } from '../src/lib/sensitivity.js';

const analysis = {
  baselineAccuracy: 0.9,
  pruningRatios: [0.25, 0.5, 0.75],
  layers: [
    { index: 0, name: 'stem', channels: 16, prunedAccuracy: [0.9, 0.88, 0.8], int8Accuracy: 0.9 },
    { index: 1, name: 's1.b1.conv', channels: 4, prunedAccuracy: [0.7, 0.5, 0.2], int8Accuracy: 0.89 },
    { index: 2, name: 's2.b1.pw', channels: 32, prunedAccuracy: [0.91, 0.9, 0.85], int8Accuracy: 0.9 },
  ],
  sampleSize: 500,
};

test('the heat map has a row per layer in network order and a column per ratio plus int8', () => {
  const g = sensitivityGrid(analysis);
  assert.deepEqual(g.columns, ['pruned 25%', 'pruned 50%', 'pruned 75%', 'int8']);
  assert.deepEqual(g.rows.map(r => r.name), ['stem', 's1.b1.conv', 's2.b1.pw']);
  assert.ok(Math.abs(g.rows[1].cells[2].drop - 0.7) < 1e-9);
  assert.ok(Math.abs(g.maxDrop - 0.7) < 1e-9);
  // a gain over the baseline is a negative drop, not clipped away
  assert.ok(g.rows[2].cells[0].drop < 0);
});

test('layers are ranked by mean drop, the bottleneck first', () => {
  const g = sensitivityGrid(analysis);
  assert.deepEqual(g.rows.map(r => r.rank), [2, 1, 3]);
});

test('no analysis, no grid', () => {
  assert.equal(sensitivityGrid(null), null);
  assert.equal(sensitivityGrid({ layers: [] }), null);
});

test('colour deepens with the drop and a gain stays white', () => {
  assert.equal(dropColour(0, 0.7), 'hsl(0, 75%, 100%)');
  assert.equal(dropColour(-0.01, 0.7), 'hsl(0, 75%, 100%)');
  assert.equal(dropColour(0.7, 0.7), 'hsl(0, 75%, 55%)');
  assert.equal(dropColour(0.1, 0), 'hsl(0, 75%, 100%)');
  assert.equal(dropTextColour(0.7, 0.7), '#fff');
  assert.equal(dropTextColour(0.1, 0.7), 'inherit');
});

test('a candidate analysed on request shows its map, a waiting one polls, a failed one may ask again', () => {
  const evaluated = { status: 'SUCCEEDED', fidelity: { checkpointKept: true } };
  assert.deepEqual(analysisState(evaluated), { kind: 'can-ask' });
  assert.deepEqual(analysisState({ ...evaluated, sensitivityAnalysis: { status: 'REQUESTED', requestedAt: 't' } }),
    { kind: 'requested', since: 't' });
  assert.deepEqual(analysisState({ ...evaluated, sensitivityAnalysis: { status: 'FAILED', failureReason: 'no checkpoint here' } }),
    { kind: 'failed', reason: 'no checkpoint here' });
  assert.deepEqual(analysisState({ ...evaluated, sensitivity: analysis, sensitivityAnalysis: { status: 'DONE' } }), { kind: 'done' });
});

test('nothing to ask for without a successful evaluation or its training checkpoint', () => {
  assert.equal(analysisState({ status: 'PENDING' }).kind, 'unavailable');
  assert.equal(analysisState({ status: 'FAILED', fidelity: { checkpointKept: true } }).kind, 'unavailable');
  const old = analysisState({ status: 'SUCCEEDED', fidelity: null });
  assert.equal(old.kind, 'unavailable');
  assert.match(old.reason, /No training checkpoint/);
  assert.equal(analysisState({ status: 'SUCCEEDED', fidelity: { checkpointKept: false } }).kind, 'unavailable');
  assert.equal(analysisState(null).kind, 'unavailable');
});
