// The architecture as a layer diagram: one row per layer, grouped by stage, with a bar for the
// output channels before pruning (outline) and after (filled). The layers come from the API's layer
// table (GET …/candidates/{cid}/layers), which core's decoder computes: nothing is decoded here.
import { fmtBytes, fmtCount, humanEnum } from '../lib/format.js';

const BLOCK = { CONV_BN_ACT: 'conv-bn-act', DEPTHWISE_SEPARABLE: 'depthwise-separable', INVERTED_RESIDUAL: 'inverted residual' };

/** `table`: the layer table, or `{ error }` when the API could not give one. */
export function LayerDiagram({ table, compact = false }) {
  if (!table) return <p class="muted">No layer table.</p>;
  if (table.error) return <p class="muted">No layer table: {table.error.message}</p>;
  const convs = [table.stem, ...table.blocks.flatMap(b => b.layers)];
  const max = Math.max(...convs.map(l => l.outBeforePruning), ...table.head.map(h => h.out));
  const stages = [];
  for (const b of table.blocks) (stages[b.stage - 1] ??= []).push(b);
  const row = l => <LayerRow key={l.name} l={l} max={max} />;
  const { input, beforePruning: was, afterPruning: is } = table;
  return (
    <>
      <div class={'layers' + (compact ? ' compact' : '')} role="table" aria-label="layers: output channels before and after pruning">
        <div class="layer-row head" role="row">
          <span role="columnheader">layer</span><span role="columnheader">kind</span>
          <span role="columnheader">output channels: before → after pruning</span><span role="columnheader">pruned</span>
        </div>
        <div class="group" role="rowgroup"><div class="group-title">input {input.channels}×{input.height}×{input.width}</div>{row(table.stem)}</div>
        {stages.map((blocks, i) => (
          <div class="group" role="rowgroup" key={i}>
            <div class="group-title">stage {i + 1}: {blocks.length} × {BLOCK[blocks[0].type] ?? humanEnum(blocks[0].type)}</div>
            {blocks.map(b => (
              <div class="block" key={b.name}>
                <div class="block-title">{b.name}{b.residual ? ' · residual' : ''} · {b.layers[0].inHeight}×{b.layers[0].inWidth} → {b.layers[b.layers.length - 1].outHeight}×{b.layers[b.layers.length - 1].outWidth}</div>
                {b.layers.map(row)}
              </div>
            ))}
          </div>
        ))}
        <div class="group" role="rowgroup">
          <div class="group-title">head: {table.pooling === 'FLATTEN' ? 'flatten' : 'global average pool'}, activation {humanEnum(table.activation)}</div>
          {table.head.map(h => <LayerRow key={h.name} l={{ ...h, kind: 'dense', outBeforePruning: h.out, pruningRatio: null }} max={max} />)}
        </div>
      </div>
      <p class="muted small" id={compact ? undefined : 'layer-totals'}>
        {fmtCount(is.params)} parameters{is.params < was.params ? ` (${fmtCount(was.params)} before pruning)` : ''} · {fmtCount(is.macs)} MACs per image{is.macs < was.macs ? ` (${fmtCount(was.macs)} before)` : ''}
        {compact ? '' : ` · peak activation memory ${fmtBytes(is.peakActivationBytes)} (fp32, batch 1)`}
      </p>
    </>
  );
}

function LayerRow({ l, max }) {
  const before = l.outBeforePruning;
  const pruned = l.pruningRatio != null && l.out < before;
  const kind = l.kind === 'dense' ? `dense from ${l.in}${l.inBeforePruning !== l.in ? ` (was ${l.inBeforePruning})` : ''}`
    : `${l.kind === 'depthwise' ? 'depthwise' : 'conv'} ${l.kernel}×${l.kernel}${l.stride > 1 ? ' /' + l.stride : ''}`;
  // a factorised layer's two rows: low-rank factor 1 (in → rank) and 2 (rank → out)
  const factor = l.lowRank ? `, low-rank factor ${l.lowRank.part} of 2 (rank ${l.lowRank.rank})` : '';
  return (
    <div class={'layer-row' + (pruned ? ' pruned' : '')} role="row" title={`${fmtCount(l.params)} parameters, ${fmtCount(l.macs)} MACs`}>
      <span role="cell" class="mono">{l.name}</span>
      <span role="cell">{kind}{factor}</span>
      <span role="cell" class="bars">
        <span class="bar-before" style={{ width: (100 * before) / max + '%' }}><span class="bar-after" style={{ width: (100 * l.out) / before + '%' }} /></span>
        <span class="ch">{pruned ? <>{before} → <b>{l.out}</b></> : <b>{l.out}</b>}</span>
      </span>
      <span role="cell" class="num">{l.pruningRatio == null ? <span class="muted" title="not prunable: its channels follow its input or feed a residual addition">–<span class="sr-only"> not prunable</span></span> : `${Math.round(l.pruningRatio * 100)}%`}</span>
    </div>
  );
}
