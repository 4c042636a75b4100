// A candidate's compression plan (core/space/CompressionPlan.java) in words, and its per-layer
// precisions beside the layers of the API's layer table. Techniques absent from a plan are off.

const PRECISION = { FP32: 'fp32', FP16: 'fp16', INT8: 'int8' };

/** One sentence per technique the plan uses beyond pruning and its precision. */
export function planTechniques(compression) {
  const c = compression ?? {};
  const out = [];
  if (c.sparsity != null) out.push(`magnitude sparsity: ${Math.round(c.sparsity * 100)}% of each conv and dense layer's weights set to zero while fine-tuning (the model file stays dense)`);
  if (c.lowRankRatio != null) out.push(`low-rank factorisation: dense layers and 1×1 convs split into two thinner layers at ${Math.round(c.lowRankRatio * 1000) / 10}% of full rank`);
  if (c.distillation != null) out.push(`distillation from the job's most accurate candidate: temperature ${c.distillation.temperature}, soft-target weight ${c.distillation.weight}`);
  if (c.quantisationAware) out.push('quantisation-aware training: int8 layers fake-quantised while fine-tuning');
  if (c.layerPrecisions?.length) out.push(`mixed precision: ${summary(c.layerPrecisions)}`);
  return out;
}

function summary(precisions) {
  const counts = {};
  for (const p of precisions) counts[p] = (counts[p] ?? 0) + 1;
  return Object.entries(counts).map(([p, n]) => `${n} layer${n === 1 ? '' : 's'} ${PRECISION[p] ?? p}`).join(', ');
}

/**
 * Every conv and dense layer of the layer table in network order (stem, block convs, head) with
 * its precision: the plan's per-layer precision when it has one, else the plan's precision.
 */
export function layerPrecisions(table, compression) {
  if (!table?.stem) return [];
  const layers = [table.stem, ...(table.blocks ?? []).flatMap(b => b.layers), ...(table.head ?? []).map(h => ({ ...h, kind: 'dense' }))];
  const list = compression?.layerPrecisions ?? [];
  // the plan lists layers before low-rank factorisation: both factors take their layer's entry
  let planned = 0;
  return layers.map(l => {
    const p = list[planned];
    if (l.lowRank?.part !== 1) planned++;
    return { name: l.name, kind: l.lowRank ? `${l.kind}, factor ${l.lowRank.part} of 2 (rank ${l.lowRank.rank})` : l.kind,
      precision: PRECISION[p ?? compression?.precision] ?? 'fp32', planned: p != null };
  });
}
