import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constraintSummary, fmtAge, fmtBytes, fmtDuration, fmtMs, parseBytes, parseMillis } from '../src/lib/format.js';

test('sizes and durations read like the API writes them', () => {
  assert.equal(fmtBytes(10_000_000), '10.00 MB');
  assert.equal(fmtBytes(1536), '1.5 kB');
  assert.equal(fmtBytes(null), '–');
  assert.equal(fmtMs(0.1234), '0.123 ms');
  assert.equal(fmtMs(50), '50.0 ms');
  assert.equal(fmtDuration(45), '45 s');
  assert.equal(fmtDuration(200), '3 min 20 s');
  assert.equal(fmtDuration(7500), '2 h 05 min');
  assert.equal(fmtAge('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:05:00Z')), '5 min ago');
});

test('human units parse as the API parses them (decimal MB, binary MiB)', () => {
  assert.equal(parseBytes('10MB'), 10_000_000);
  assert.equal(parseBytes('512 KiB'), 524_288);
  assert.equal(parseBytes('2000'), 2000);
  assert.equal(parseBytes('10 parsecs'), null);
  assert.equal(parseMillis('50ms'), 50);
  assert.equal(parseMillis('0.2s'), 200);
  assert.equal(parseMillis('fast'), null);
});

test('constraints in one line', () => {
  assert.equal(constraintSummary({ maxModelBytes: 10_000_000, maxLatencyMs: 50 }), '≤ 10.00 MB · ≤ 50.0 ms');
  assert.equal(constraintSummary({}), 'none');
});
