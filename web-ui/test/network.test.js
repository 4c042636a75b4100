import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLayers, kept } from '../src/lib/network.js';

const spec = (stages, ratios, headHidden = 0) => ({
  architecture: { stemWidth: 8, stages, activation: 'RELU', headHidden },
  compression: { precision: 'FP32', pruningRatios: ratios },
  training: { learningRate: 0.001, batchSize: 64 },
});

test('kept channels: round, clamp to 75%, at least one', () => {
  assert.equal(kept(24, 0.5), 12);
  assert.equal(kept(16, 0.9), 4);
  assert.equal(kept(1, 0.75), 1);
  assert.equal(kept(10, NaN), 10);
});

test('hand-computed conv example (as NetworkDecoderTest): shapes and no pruning', () => {
  const net = decodeLayers(spec([{ block: 'CONV_BN_ACT', kernel: 3, width: 16, depth: 1, expansion: 1 }], []));
  assert.equal(net.stem.outHeight, 28);
  assert.equal(net.blocks[0].convs[0].outHeight, 14);
  assert.equal(net.blocks[0].convs[0].out, 16);
  assert.deepEqual(net.head.map(h => [h.in, h.out]), [[16, 10]]);
});

test('inverted residuals: same prunable layers and pruned widths as the Java decoder', () => {
  const net = decodeLayers(spec([{ block: 'INVERTED_RESIDUAL', kernel: 3, width: 16, depth: 3, expansion: 6 }], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]));
  assert.deepEqual(net.blocks.map(b => b.residual), [false, true, true]);
  const prunable = [net.stem, ...net.blocks.flatMap(b => b.convs)].filter(l => l.ratio != null).map(l => l.name);
  assert.deepEqual(prunable, ['stem', 's1.b1.expand', 's1.b2.expand', 's1.b3.expand']);
  assert.equal(net.stem.out, 4);
  assert.equal(net.stem.before, 8);
  assert.equal(net.blocks[1].convs[0].out, 48);
  assert.equal(net.blocks[1].convs[0].before, 96);
  for (const b of net.blocks) if (b.residual) assert.equal(b.convs[0].in, b.out);
});

test('depthwise-separable: the depthwise conv follows its input, the pointwise output is pruned', () => {
  const net = decodeLayers(spec([
    { block: 'DEPTHWISE_SEPARABLE', kernel: 5, width: 32, depth: 1, expansion: 1 },
    { block: 'CONV_BN_ACT', kernel: 3, width: 64, depth: 1, expansion: 1 },
  ], [0.25, 0.5, 0.75]), undefined, 10);
  const [dw, pw] = net.blocks[0].convs;
  assert.equal(net.stem.out, 6);
  assert.equal(dw.in, 6);
  assert.equal(dw.out, 6);
  assert.equal(pw.out, 16);
  assert.equal(net.blocks[1].convs[0].out, 16);
  assert.equal(net.blocks[1].convs[0].ratio, 0.75);
  assert.equal(net.prunableLayers, 3);
});

test('repair: out-of-range stages are clamped, none becomes one conv stage', () => {
  const net = decodeLayers(spec([], []));
  assert.equal(net.blocks.length, 1);
  assert.equal(net.blocks[0].type, 'CONV_BN_ACT');
  const big = decodeLayers(spec([{ block: 'CONV_BN_ACT', kernel: 7, width: 9999, depth: 9, expansion: 1 }], [], 64));
  assert.equal(big.blocks.length, 6);
  assert.equal(big.blocks[0].kernel, 5);
  assert.equal(big.blocks[0].out, 512);
  assert.deepEqual(big.head.map(h => h.out), [64, 10]);
});
