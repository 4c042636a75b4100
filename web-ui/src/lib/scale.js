// Scales and ticks for the hand-drawn SVG charts (test/scale.test.js).

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(m => m * mag).find(s => s >= raw) ?? 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Ticks at 1, 2, 5 × 10^k inside [min, max] (min > 0), for log axes. */
export function logTicks(min, max) {
  const out = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= min * 0.999 && v <= max * 1.001) out.push(Number(v.toPrecision(6)));
    }
  }
  return out;
}

/**
 * Maps [d0, d1] onto [r0, r1], linearly or logarithmically (log needs d0 > 0). Degenerate domains
 * are widened so a single point sits in the middle.
 */
export function scale(d0, d1, r0, r1, { log = false } = {}) {
  if (d0 === d1) {
    const pad = d0 === 0 ? 1 : Math.abs(d0) * 0.1;
    d0 -= pad;
    d1 += pad;
    if (log && d0 <= 0) d0 = d1 / 10;
  }
  const f = log ? Math.log : x => x;
  const a = f(d0), b = f(d1);
  const map = v => r0 + ((f(v) - a) / (b - a)) * (r1 - r0);
  map.domain = [d0, d1];
  map.log = log;
  return map;
}

/** A domain that covers `values` (and the `include` values, e.g. a constraint), padded a little. */
export function extent(values, { include = [], pad = 0.05, log = false } = {}) {
  const vs = [...values, ...include].filter(v => v != null && Number.isFinite(v) && (!log || v > 0));
  if (!vs.length) return log ? [0.1, 10] : [0, 1];
  let lo = Math.min(...vs), hi = Math.max(...vs);
  if (log) return [lo / (1 + pad * 4), hi * (1 + pad * 4)];
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - span * pad, hi + span * pad];
}

/** Sequential colour for model size: light teal (small) → dark indigo (large), t in [0, 1]. */
export function sizeColour(t) {
  const c = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const from = [94, 200, 190], to = [49, 46, 129];
  const mix = from.map((v, i) => Math.round(v + (to[i] - v) * c));
  return `rgb(${mix.join(',')})`;
}
