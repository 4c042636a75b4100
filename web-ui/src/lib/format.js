// Display formatting shared by every page. Pure functions: unit-tested in test/format.test.js.

/** Bytes as a decimal size (MB = 10^6 bytes, as the API's units and disk labels use). */
export function fmtBytes(b) {
  if (b == null || !Number.isFinite(b)) return '–';
  if (b >= 1e9) return (b / 1e9).toFixed(2) + ' GB';
  if (b >= 1e6) return (b / 1e6).toFixed(2) + ' MB';
  if (b >= 1e3) return (b / 1e3).toFixed(1) + ' kB';
  return Math.round(b) + ' B';
}

export function fmtMs(v) {
  if (v == null || !Number.isFinite(v)) return '–';
  if (v < 1) return v.toFixed(3) + ' ms';
  if (v < 10) return v.toFixed(2) + ' ms';
  return v.toFixed(1) + ' ms';
}

export function fmtAcc(v) {
  return v == null || !Number.isFinite(v) ? '–' : (100 * v).toFixed(2) + '%';
}

/** Large counts (params, MACs) compactly: 12.3k, 4.56M. */
export function fmtCount(n) {
  if (n == null || !Number.isFinite(n)) return '–';
  if (n >= 1e9) return (n / 1e9).toFixed(2) + 'G';
  if (n >= 1e6) return (n / 1e6).toFixed(2) + 'M';
  if (n >= 1e3) return (n / 1e3).toFixed(1) + 'k';
  return String(Math.round(n));
}

/** Seconds as "45 s", "3 min 20 s", "2 h 05 min". */
export function fmtDuration(seconds) {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
  const m = Math.round(s / 60);
  return Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' min';
}

/** How long ago an ISO instant was, relative to `now` (ms since epoch). */
export function fmtAge(iso, now = Date.now()) {
  if (!iso) return '–';
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return Math.round(s) + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' d ago';
}

/** "≤ 10.00 MB · ≤ 50.0 ms · ≤ 1.00M params": a job's constraints in one line. */
export function constraintSummary(c) {
  if (!c) return 'none';
  const parts = [];
  if (c.maxModelBytes != null) parts.push('≤ ' + fmtBytes(c.maxModelBytes));
  if (c.maxLatencyMs != null) parts.push('≤ ' + fmtMs(c.maxLatencyMs));
  if (c.maxParams != null) parts.push('≤ ' + fmtCount(c.maxParams) + ' params');
  if (c.maxMacs != null) parts.push('≤ ' + fmtCount(c.maxMacs) + ' MACs');
  if (c.maxPeakMemoryBytes != null) parts.push('≤ ' + fmtBytes(c.maxPeakMemoryBytes) + ' peak memory');
  return parts.length ? parts.join(' · ') : 'none';
}

/** Enum names as people read them: INVERTED_RESIDUAL → inverted residual. */
export function humanEnum(s) {
  return s == null ? '–' : String(s).toLowerCase().replaceAll('_', ' ');
}

/**
 * Where a latency belongs, as every page shows it: "measured on host-cpu: AMD EPYC …, x86_64, 2 cores
 * (host h)" or "predicted for arm-cortex-a72 ± 12%" (the band: the target's latency model's held-out
 * median error, from GET /hardware). Never "on <target>" for a number measured on other hardware:
 * the hardware named is the one in the number's own source.
 */
export function latencyProvenance(source, bandPercent) {
  if (!source) return 'source not recorded';
  if (source.kind === 'PREDICTED') {
    return `predicted for ${source.hardware}` + (bandPercent != null && Number.isFinite(bandPercent) ? ` ± ${Math.round(bandPercent)}%` : ' (error band not known)');
  }
  return `measured on ${source.hardware}`;
}

/** The error band (percent) of a target's latency model, from GET /hardware's list; null without one. */
export function latencyBand(hardware, target) {
  return hardware?.find(h => h.id === target)?.latencyModel?.heldOutMedianErrorPercent ?? null;
}

/** A target as the new-search form offers it: name and state (measured / predicted / unavailable). */
export function targetOption(h) {
  if (h.state === 'measured') return `${h.name} — measured (${h.evaluators.length} evaluator${h.evaluators.length === 1 ? '' : 's'} attached)`;
  if (h.state === 'predicted') {
    const band = h.latencyModel?.heldOutMedianErrorPercent;
    return `${h.name} — predicted (no evaluator; latency model${band != null ? ` ± ${Math.round(band)}%` : ''})`;
  }
  return `${h.name} — unavailable (no evaluator, no latency model: only with "wait for a device")`;
}
