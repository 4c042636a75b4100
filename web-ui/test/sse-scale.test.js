import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../src/lib/sse.js';
import { extent, logTicks, niceTicks, scale } from '../src/lib/scale.js';

test('SSE parser: events split across chunks, CRLF, comments, multi-line data', () => {
  const p = new SseParser();
  assert.deepEqual(p.feed('data: {"a"'), []);
  assert.deepEqual(p.feed(':1}\n: keep-alive comment\n'), []);
  const one = p.feed('\nevent: progress\r\ndata: x\r\ndata: y\r');
  assert.deepEqual(one, [{ event: 'message', data: '{"a":1}', id: null }]);
  assert.deepEqual(p.feed('\n\r\n'), [{ event: 'progress', data: 'x\ny', id: null }]);
});

test('ticks are round numbers inside the range', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.93, 0.99, 3), [0.94, 0.96, 0.98]);
  assert.deepEqual(logTicks(0.3, 30), [0.5, 1, 2, 5, 10, 20]);
});

test('scales map domain to range, log too, and widen a single value', () => {
  const s = scale(0, 10, 100, 200);
  assert.equal(s(5), 150);
  const l = scale(1, 100, 0, 2, { log: true });
  assert.ok(Math.abs(l(10) - 1) < 1e-12);
  const one = scale(5, 5, 0, 10);
  assert.equal(one(5), 5);
  const [lo, hi] = extent([1, 2], { include: [10] });
  assert.ok(lo < 1 && hi > 10);
});
