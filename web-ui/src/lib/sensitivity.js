/**
 * A per-layer sensitivity analysis (a final training's CandidateFinalTraining.sensitivity, or a
 * candidate's own Candidate.sensitivity asked for on request) as a heat map: one row per prunable layer, in network order, one column per pruning ratio and one for
 * int8; each cell holds the accuracy and its drop from the unmodified network's.
 */
export function sensitivityGrid(s) {
  if (!s || !Array.isArray(s.layers) || s.layers.length === 0) return null;
  const columns = [...(s.pruningRatios ?? []).map(r => `pruned ${Math.round(r * 100)}%`), 'int8'];
  const rows = s.layers.map(l => {
    const accs = [...(l.prunedAccuracy ?? []), l.int8Accuracy];
    const cells = accs.map(acc => ({ acc, drop: acc == null ? null : s.baselineAccuracy - acc }));
    const drops = cells.map(c => c.drop).filter(d => d != null);
    // the mean drop, as the server's Sensitivity.score ranks layers
    const score = drops.length ? drops.reduce((a, b) => a + b, 0) / drops.length : 0;
    return { index: l.index, name: l.name, channels: l.channels, cells, score };
  });
  const maxDrop = Math.max(0, ...rows.flatMap(r => r.cells.map(c => c.drop ?? 0)));
  // most sensitive first; equal scores keep network order
  const order = [...rows].sort((a, b) => b.score - a.score || a.index - b.index);
  order.forEach((r, i) => { r.rank = i + 1; });
  return { columns, rows, maxDrop, baseline: s.baselineAccuracy };
}

/**
 * Cell colour for an accuracy drop: white at no drop, deepening red up to the largest drop in the
 * grid (so the map uses its whole range); a gain (negative drop) is white too.
 */
export function dropColour(drop, maxDrop) {
  const t = maxDrop > 0 && drop > 0 ? Math.min(1, drop / maxDrop) : 0;
  const lightness = Math.round(100 - 45 * t);
  return `hsl(0, 75%, ${lightness}%)`;
}

/** Text colour readable on that cell. */
export function dropTextColour(drop, maxDrop) {
  return maxDrop > 0 && drop / maxDrop > 0.6 ? '#fff' : 'inherit';
}

/**
 * Where a candidate's sensitivity analysis on request stands, for the page: 'done' (draw
 * candidate.sensitivity), 'requested' (waiting: poll), 'failed' (reason; may be asked again),
 * 'can-ask' (evaluated with a training checkpoint, never asked), or 'unavailable' (reason: nothing
 * to analyse). The server refuses the same cases with a 409; this only spares a useless button.
 */
export function analysisState(candidate) {
  const a = candidate?.sensitivityAnalysis;
  if (candidate?.sensitivity && (!a || a.status === 'DONE')) return { kind: 'done' };
  if (a?.status === 'REQUESTED') return { kind: 'requested', since: a.requestedAt };
  if (candidate?.status !== 'SUCCEEDED')
    return { kind: 'unavailable', reason: 'Only a successfully evaluated candidate can be analysed.' };
  if (!candidate.fidelity?.checkpointKept)
    return { kind: 'unavailable', reason: 'No training checkpoint was kept for this candidate: there is no trained full-width network to analyse.' };
  if (a?.status === 'FAILED') return { kind: 'failed', reason: a.failureReason };
  return { kind: 'can-ask' };
}
