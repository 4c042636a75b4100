// Candidate helpers shared by the job, candidate and compare pages (test/candidates.test.js).

/** The constraints a candidate misses, by name; [] when it meets them all or is not evaluated. */
export function violations(c, constraints) {
  const m = c.metrics;
  if (!m || !constraints) return [];
  const out = [];
  // an INFEASIBLE candidate has computed metrics: a lower bound of its size instead of a measured one
  const bytes = m.modelBytes ?? m.modelBytesAtLeast;
  if (constraints.maxModelBytes != null && bytes > constraints.maxModelBytes) out.push('size');
  if (constraints.maxLatencyMs != null && m.latency?.medianMs > constraints.maxLatencyMs) out.push('latency');
  if (constraints.maxParams != null && m.params > constraints.maxParams) out.push('params');
  if (constraints.maxMacs != null && m.macs > constraints.maxMacs) out.push('MACs');
  if (constraints.maxPeakMemoryBytes != null && m.peakActivationBytes > constraints.maxPeakMemoryBytes) out.push('peak memory');
  return out;
}

export const SORT_KEYS = {
  accuracy: { get: c => c.accuracy, dir: -1 },
  latency: { get: c => c.latencyMs, dir: 1 },
  size: { get: c => c.modelBytes ?? c.metrics?.modelBytesAtLeast, dir: 1 },
  params: { get: c => c.metrics?.params, dir: 1 },
  macs: { get: c => c.metrics?.macs, dir: 1 },
  generation: { get: c => c.generation, dir: 1 },
  status: { get: c => c.status, dir: 1 },
  feasible: { get: c => (c.feasible == null ? null : c.feasible ? 0 : 1), dir: 1 },
};

/** Sorted copy; missing values always last whatever the direction. */
export function sortCandidates(list, key, descending) {
  const k = SORT_KEYS[key] ?? SORT_KEYS.accuracy;
  const sign = descending ? -1 : 1;
  return [...list].sort((a, b) => {
    const va = k.get(a), vb = k.get(b);
    if (va == null && vb == null) return 0;
    if (va == null) return 1;
    if (vb == null) return -1;
    return (va < vb ? -1 : va > vb ? 1 : 0) * sign;
  });
}

/** Best feasible by accuracy; with a goal, the fastest feasible candidate at or above it. */
export function bestFeasible(list) {
  return list.filter(c => c.feasible && c.accuracy != null).sort((a, b) => b.accuracy - a.accuracy)[0] ?? null;
}

export function fastestAbove(list, goal) {
  return list.filter(c => c.feasible && c.accuracy != null && c.accuracy >= goal && c.latencyMs != null)
    .sort((a, b) => a.latencyMs - b.latencyMs)[0] ?? null;
}

/**
 * The final model's and the search model's validation accuracies when the final one is the less
 * accurate (the download is the final model, so the page says so and offers the search's); else null.
 */
export function finalLessAccurate(c) {
  const f = c?.finalTraining;
  if (f?.status !== 'SUCCEEDED' || f.accuracy == null || c.accuracy == null) return null;
  return f.accuracy < c.accuracy ? { final: f.accuracy, search: c.accuracy } : null;
}
