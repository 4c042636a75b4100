import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constraintSummary, fmtAge, fmtBytes, fmtDuration, fmtMs } from '../src/lib/format.js';

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

test('constraints in one line', () => {
  assert.equal(constraintSummary({ maxModelBytes: 10_000_000, maxLatencyMs: 50 }), '≤ 10.00 MB · ≤ 50.0 ms');
  assert.equal(constraintSummary({}), 'none');
});

test('a latency names the hardware of its own source, and a prediction its error band', async () => {
  const { latencyProvenance, latencyBand, targetOption } = await import('../src/lib/format.js');
  const measured = { kind: 'MEASURED', hardware: 'host-cpu: AMD EPYC 9B14, amd64, 2 cores (host h)', runs: 100 };
  assert.equal(latencyProvenance(measured), 'measured on host-cpu: AMD EPYC 9B14, amd64, 2 cores (host h)');
  assert.equal(latencyProvenance({ kind: 'PREDICTED', hardware: 'arm-cortex-a72' }, 12.4), 'predicted for arm-cortex-a72 ± 12%');
  assert.equal(latencyProvenance({ kind: 'PREDICTED', hardware: 'arm-cortex-a72' }, null), 'predicted for arm-cortex-a72 (error band not known)');
  assert.equal(latencyProvenance(null), 'source not recorded');
  const hw = [{ id: 'arm-cortex-a72', name: 'ARM Cortex-A72', state: 'predicted', evaluators: [], latencyModel: { heldOutMedianErrorPercent: 12.4 } },
    { id: 'nvidia-gpu', name: 'NVIDIA GPU', state: 'unavailable', evaluators: [], latencyModel: null }];
  assert.equal(latencyBand(hw, 'arm-cortex-a72'), 12.4);
  assert.equal(latencyBand(hw, 'nvidia-gpu'), null);
  assert.match(targetOption(hw[0]), /predicted .* ± 12%/);
  assert.match(targetOption(hw[1]), /unavailable/);
});
