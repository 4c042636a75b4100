// The candidate's layers before and after pruning, for the layer diagram. A port of core's
// NetworkDecoder (dev.sculptor.core.network) restricted to shapes: same repair rules, same
// residual and prunable-layer rules, same order in which the plan's pruning ratios are consumed.
// test/network.test.js pins it to cases worked out from the Java decoder.

export const MAX_PRUNING = 0.75;

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** Channels kept when pruning `channels` by `ratio` (at least one), as NetworkDecoder.kept. */
export function kept(channels, ratio) {
  const r = Number.isFinite(ratio) ? clamp(ratio, 0, MAX_PRUNING) : 0;
  return Math.max(1, Math.round(channels * (1 - r)));
}

function repair(stages) {
  const fixed = [];
  for (const s of stages ?? []) {
    if (fixed.length === 4) break;
    fixed.push({
      block: s.block ?? 'CONV_BN_ACT',
      kernel: s.kernel <= 3 ? 3 : 5,
      width: clamp(s.width, 4, 512),
      depth: clamp(s.depth, 1, 6),
      expansion: clamp(s.expansion ?? 1, 1, 6),
    });
  }
  if (!fixed.length) fixed.push({ block: 'CONV_BN_ACT', kernel: 3, width: 16, depth: 1, expansion: 1 });
  return fixed;
}

function build(arch, input, classes, ratios) {
  const stages = repair(arch.stages);
  const stemWidth = clamp(arch.stemWidth, 4, 256);
  const plans = [];
  let channels = stemWidth;
  stages.forEach((stage, s) => {
    for (let b = 0; b < stage.depth; b++) {
      const stride = b === 0 ? 2 : 1;
      plans.push({ name: `s${s + 1}.b${b + 1}`, stage, stageIndex: s, stride, residual: stride === 1 && channels === stage.width });
      channels = stage.width;
    }
  });
  let next = 0;
  const prune = out => {
    if (ratios == null) return out;
    const r = next < ratios.length && ratios[next] != null ? ratios[next] : 0;
    next++;
    return kept(out, r);
  };
  let h = input.height, w = input.width;
  const conv = (name, inC, out, kernel, stride, groups, prunable) => {
    const ratioIndex = prunable && groups === 1 && ratios != null ? next : null;
    const outC = groups > 1 ? inC : prunable ? prune(out) : out;
    const pad = Math.floor(kernel / 2);
    const oh = Math.floor((h + 2 * pad - kernel) / stride) + 1, ow = Math.floor((w + 2 * pad - kernel) / stride) + 1;
    return { name, kind: groups > 1 ? 'depthwise' : kernel === 1 ? 'pointwise' : 'conv', in: inC, out: outC, kernel, stride,
      depthwise: groups > 1, prunable, ratioIndex, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow };
  };
  const stemPrunable = plans.length === 0 || !plans[0].residual;
  const stem = conv('stem', input.channels, stemWidth, 3, 1, 1, stemPrunable);
  channels = stem.out;
  const blocks = [];
  plans.forEach((plan, i) => {
    const outputPrunable = !plan.residual && (i + 1 === plans.length || !plans[i + 1].residual);
    const st = plan.stage;
    const convs = [];
    if (st.block === 'CONV_BN_ACT') {
      convs.push(conv(plan.name + '.conv', channels, st.width, st.kernel, plan.stride, 1, outputPrunable));
    } else if (st.block === 'DEPTHWISE_SEPARABLE') {
      const dw = conv(plan.name + '.dw', channels, channels, st.kernel, plan.stride, channels, false);
      convs.push(dw);
      h = dw.outHeight; w = dw.outWidth;
      convs.push(conv(plan.name + '.pw', channels, st.width, 1, 1, 1, outputPrunable));
    } else {
      let inner = channels;
      if (st.expansion > 1) {
        const expand = conv(plan.name + '.expand', channels, channels * st.expansion, 1, 1, 1, true);
        convs.push(expand);
        inner = expand.out;
      }
      const dw = conv(plan.name + '.dw', inner, inner, st.kernel, plan.stride, inner, false);
      convs.push(dw);
      h = dw.outHeight; w = dw.outWidth;
      convs.push(conv(plan.name + '.project', inner, st.width, 1, 1, 1, outputPrunable));
    }
    const last = convs[convs.length - 1];
    blocks.push({ name: plan.name, stage: plan.stageIndex + 1, type: st.block, kernel: st.kernel, expansion: st.expansion,
      stride: plan.stride, residual: plan.residual, convs, out: last.out });
    channels = last.out;
    h = last.outHeight; w = last.outWidth;
  });
  const head = [];
  const hidden = clamp(arch.headHidden ?? 0, 0, 1024);
  if (hidden > 0) {
    head.push({ name: 'head.hidden', in: channels, out: hidden });
    channels = hidden;
  }
  head.push({ name: 'head.classes', in: channels, out: classes });
  return { stem, blocks, head, activation: arch.activation ?? 'RELU' };
}

/** "1x28x28" → {channels, height, width}; MNIST-like when unknown. */
export function parseInputShape(text) {
  const m = /^(\d+)x(\d+)x(\d+)$/.exec(text ?? '');
  return m ? { channels: +m[1], height: +m[2], width: +m[3] } : { channels: 1, height: 28, width: 28 };
}

/**
 * The network as trained and as pruned, layer by layer. Every conv layer of `after` carries
 * `before` (its output channels before pruning) and `ratio` (the plan's ratio it consumed, or null).
 */
export function decodeLayers(spec, input = { channels: 1, height: 28, width: 28 }, classes = 10) {
  const ratios = spec.compression?.pruningRatios ?? [];
  const before = build(spec.architecture, input, classes, null);
  const after = build(spec.architecture, input, classes, ratios);
  const outBefore = new Map();
  [before.stem, ...before.blocks.flatMap(b => b.convs)].forEach(l => outBefore.set(l.name, l.out));
  const annotate = l => ({ ...l, before: outBefore.get(l.name), ratio: l.ratioIndex != null ? (ratios[l.ratioIndex] ?? 0) : null });
  return {
    stem: annotate(after.stem),
    blocks: after.blocks.map(b => ({ ...b, before: before.blocks.find(x => x.name === b.name)?.out, convs: b.convs.map(annotate) })),
    head: after.head.map((l, i) => ({ ...l, inBefore: before.head[i]?.in })),
    activation: after.activation,
    prunableLayers: [after.stem, ...after.blocks.flatMap(b => b.convs)].filter(l => l.ratioIndex != null).length,
  };
}
