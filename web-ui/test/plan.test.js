import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layerPrecisions, planTechniques } from '../src/lib/plan.js';

const table = {
  stem: { name: 'stem', kind: 'conv' },
  blocks: [{ layers: [{ name: 's1.b1.dw', kind: 'depthwise' }, { name: 's1.b1.pw', kind: 'pointwise' }] }],
  head: [{ name: 'head.classes' }],
};

test('a plan without later techniques says nothing more', () => {
  assert.deepEqual(planTechniques({ precision: 'INT8', pruningRatios: [0.5] }), []);
});

test('each technique of a plan gets its sentence', () => {
  const s = planTechniques({ precision: 'INT8', sparsity: 0.75, lowRankRatio: 0.125, distillation: { temperature: 4, weight: 0.9 },
    quantisationAware: true, layerPrecisions: ['FP32', 'FP16', 'INT8', 'FP32'] });
  assert.equal(s.length, 5);
  assert.match(s[0], /75%/);
  assert.match(s[1], /12.5% of full rank/);
  assert.match(s[2], /temperature 4/);
  assert.match(s[4], /2 layers fp32, 1 layer fp16, 1 layer int8/);
});

test('per-layer precisions line up with the layers in network order, the plan precision filling in', () => {
  const rows = layerPrecisions(table, { precision: 'INT8', layerPrecisions: ['FP32', 'FP16', 'INT8', 'FP32'] });
  assert.deepEqual(rows.map(r => [r.name, r.precision]), [['stem', 'fp32'], ['s1.b1.dw', 'fp16'], ['s1.b1.pw', 'int8'], ['head.classes', 'fp32']]);
  assert.ok(rows.every(r => r.planned));
  const uniform = layerPrecisions(table, { precision: 'FP16' });
  assert.ok(uniform.every(r => r.precision === 'fp16' && !r.planned));
});

test('both factors of a factorised layer show that layer\'s precision', () => {
  const factorised = { ...table, blocks: [{ layers: [{ name: 's1.b1.dw', kind: 'depthwise' },
    { name: 's1.b1.pw.factor1', kind: 'pointwise', lowRank: { layer: 's1.b1.pw', part: 1, rank: 8 } },
    { name: 's1.b1.pw.factor2', kind: 'pointwise', lowRank: { layer: 's1.b1.pw', part: 2, rank: 8 } }] }] };
  const rows = layerPrecisions(factorised, { precision: 'INT8', layerPrecisions: ['FP32', 'FP16', 'INT8', 'FP32'] });
  assert.deepEqual(rows.map(r => r.precision), ['fp32', 'fp16', 'int8', 'int8', 'fp32']);
  assert.match(rows[2].kind, /factor 1 of 2 \(rank 8\)/);
});
