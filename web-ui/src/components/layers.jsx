// The architecture as a layer diagram: one row per layer, grouped by stage, with a bar for the
// output channels before pruning (outline) and after (filled).
import { decodeLayers } from '../lib/network.js';
import { humanEnum } from '../lib/format.js';

const BLOCK = { CONV_BN_ACT: 'conv-bn-act', DEPTHWISE_SEPARABLE: 'depthwise-separable', INVERTED_RESIDUAL: 'inverted residual' };

export function LayerDiagram({ spec, input, classes, compact = false }) {
  if (!spec?.architecture) return <p class="muted">No architecture.</p>;
  const net = decodeLayers(spec, input, classes);
  const convs = [net.stem, ...net.blocks.flatMap(b => b.convs)];
  const max = Math.max(...convs.map(l => l.before ?? l.out), ...net.head.map(h => h.out));
  const stages = [];
  for (const b of net.blocks) (stages[b.stage - 1] ??= []).push(b);
  const row = l => <LayerRow key={l.name} l={l} max={max} compact={compact} />;
  return (
    <div class={'layers' + (compact ? ' compact' : '')} role="table" aria-label="layers: output channels before and after pruning">
      <div class="layer-row head" role="row">
        <span role="columnheader">layer</span><span role="columnheader">kind</span>
        <span role="columnheader">output channels: before → after pruning</span><span role="columnheader">pruned</span>
      </div>
      <div class="group" role="rowgroup"><div class="group-title">input {input ? `${input.channels}×${input.height}×${input.width}` : ''}</div>{row(net.stem)}</div>
      {stages.map((blocks, i) => {
        const s = blocks[0];
        return (
          <div class="group" role="rowgroup" key={i}>
            <div class="group-title">stage {i + 1}: {blocks.length} × {BLOCK[s.type] ?? humanEnum(s.type)}, kernel {s.kernel}{s.type === 'INVERTED_RESIDUAL' ? `, expansion ${s.expansion}` : ''}, first stride 2</div>
            {blocks.map(b => (
              <div class="block" key={b.name}>
                <div class="block-title">{b.name}{b.residual ? ' · residual' : ''} · {b.convs[0].inHeight}×{b.convs[0].inWidth} → {b.convs[b.convs.length - 1].outHeight}×{b.convs[b.convs.length - 1].outWidth}</div>
                {b.convs.map(row)}
              </div>
            ))}
          </div>
        );
      })}
      <div class="group" role="rowgroup">
        <div class="group-title">head: global average pool, activation {humanEnum(net.activation)}</div>
        {net.head.map(h => <LayerRow key={h.name} l={{ name: h.name, kind: 'dense', out: h.out, before: h.out, ratio: null, dense: true, in: h.in, inBefore: h.inBefore }} max={max} compact={compact} />)}
      </div>
    </div>
  );
}

function LayerRow({ l, max, compact }) {
  const before = l.before ?? l.out;
  const pruned = l.ratio != null && l.out < before;
  const kind = l.dense ? `dense from ${l.in}${l.inBefore != null && l.inBefore !== l.in ? ` (was ${l.inBefore})` : ''}` : l.depthwise ? `depthwise ${l.kernel}×${l.kernel}${l.stride > 1 ? ' /2' : ''}` : `conv ${l.kernel}×${l.kernel}${l.stride > 1 ? ' /2' : ''}`;
  return (
    <div class={'layer-row' + (pruned ? ' pruned' : '')} role="row">
      <span role="cell" class="mono">{l.name}</span>
      <span role="cell">{kind}</span>
      <span role="cell" class="bars">
        <span class="bar-before" style={{ width: (100 * before) / max + '%' }}><span class="bar-after" style={{ width: (100 * l.out) / before + '%' }} /></span>
        <span class="ch">{pruned ? <>{before} → <b>{l.out}</b></> : <b>{l.out}</b>}</span>
      </span>
      <span role="cell" class="num">{l.ratio == null ? <span class="muted" title="not prunable: its channels follow its input or feed a residual addition">–<span class="sr-only"> not prunable</span></span> : `${Math.round(l.ratio * 100)}%`}</span>
    </div>
  );
}
