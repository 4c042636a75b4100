import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestFeasible, fastestAbove, finalLessAccurate, sortCandidates, violations } from '../src/lib/candidates.js';

const c = (id, accuracy, latencyMs, modelBytes, feasible) => ({ id, accuracy, latencyMs, modelBytes, feasible,
  metrics: accuracy == null ? null : { modelBytes, params: modelBytes / 4, macs: 1000, peakActivationBytes: 10, latency: { medianMs: latencyMs } } });
const list = [c('a', 0.97, 5, 4000, true), c('b', 0.99, 20, 9000, true), c('c', 0.995, 80, 90000, false), c('d', null, null, null, null)];

test('violations name each missed constraint', () => {
  assert.deepEqual(violations(list[2], { maxModelBytes: 10000, maxLatencyMs: 50 }), ['size', 'latency']);
  assert.deepEqual(violations(list[0], { maxModelBytes: 10000, maxLatencyMs: 50 }), []);
  assert.deepEqual(violations(list[3], { maxModelBytes: 1 }), []);
});

test('an infeasible-by-construction candidate misses the limits its computed metrics exceed', () => {
  const k = { id: 'e', status: 'INFEASIBLE', feasible: false,
    metrics: { source: 'computed', modelBytesAtLeast: 25000, params: 6000, macs: 50000, peakActivationBytes: 10 } };
  assert.deepEqual(violations(k, { maxModelBytes: 20000, maxMacs: 100000 }), ['size']);
  assert.deepEqual(sortCandidates([list[0], k], 'size', true).map(x => x.id), ['e', 'a']);
});

test('sorting keeps unevaluated candidates last in both directions', () => {
  assert.deepEqual(sortCandidates(list, 'accuracy', true).map(x => x.id), ['c', 'b', 'a', 'd']);
  assert.deepEqual(sortCandidates(list, 'latency', false).map(x => x.id), ['a', 'b', 'c', 'd']);
});

test('best feasible ignores infeasible; fastest above a goal', () => {
  assert.equal(bestFeasible(list).id, 'b');
  assert.equal(fastestAbove(list, 0.98).id, 'b');
  assert.equal(fastestAbove(list, 0.96).id, 'a');
  assert.equal(fastestAbove(list, 0.999), null);
});

test('a final model less accurate than its search model is told apart, with both accuracies', () => {
  const k = (accuracy, status, final) => ({ accuracy, finalTraining: final == null ? null : { status, accuracy: final } });
  assert.deepEqual(finalLessAccurate(k(0.918, 'SUCCEEDED', 0.568)), { final: 0.568, search: 0.918 });
  assert.equal(finalLessAccurate(k(0.918, 'SUCCEEDED', 0.975)), null);
  assert.equal(finalLessAccurate(k(0.918, 'SUCCEEDED', 0.918)), null);
  assert.equal(finalLessAccurate(k(0.918, 'FAILED', null)), null);
  assert.equal(finalLessAccurate(k(0.918, 'PENDING', 0.5)), null);
  assert.equal(finalLessAccurate(k(0.918)), null);
});
