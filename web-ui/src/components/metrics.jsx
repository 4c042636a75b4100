// Metrics with where each number came from: measured (on which hardware, how many runs) or predicted.
import { fmtAcc, fmtBytes, fmtCount, fmtMs, humanEnum, latencyProvenance } from '../lib/format.js';

export function sourceText(s, unit) {
  if (!s) return 'source not recorded';
  if (s.kind === 'PREDICTED') return `predicted for ${s.hardware}${s.method ? ' by ' + s.method : ''}`;
  return `measured on ${s.hardware}${s.runs ? `, ${s.runs} ${unit}` : ''}${s.method ? ' — ' + s.method : ''}`;
}

export function MetricsTable({ candidate: k, job, band }) {
  const m = k.metrics;
  if (k.status === 'INFEASIBLE') return <ComputedTable candidate={k} job={job} />;
  if (!m) return <p class="muted">{k.status === 'FAILED' ? 'Evaluation failed: ' + (k.failureReason ?? 'no reason given') : 'Not evaluated yet.'}</p>;
  const c = job?.spec?.constraints ?? {};
  const lim = (v, max, fmt) => (max == null ? null : <span class={v > max ? 'warn-text' : 'ok-text'}>{v > max ? ' over' : ' within'} the {fmt(max)} limit</span>);
  const l = m.latency;
  return (
    <table class="metrics">
      <thead><tr><th scope="col">Metric</th><th scope="col">Value</th><th scope="col">Source</th></tr></thead>
      <tbody>
        <tr><th scope="row">Accuracy ({m.accuracySplit} split)</th><td><b>{fmtAcc(m.accuracy)}</b></td><td>{sourceText(m.accuracySource, 'examples')}</td></tr>
        {k.testAccuracy != null && <tr><th scope="row">Accuracy (test split)</th><td><b>{fmtAcc(k.testAccuracy)}</b></td><td>held out: measured with the same weights on the test split, shown for the final front only (the search never saw it)</td></tr>}
        <tr><th scope="row">Latency, batch 1</th>
          <td><b>{fmtMs(l?.medianMs)}</b> median, {fmtMs(l?.p90Ms)} p90{lim(l?.medianMs, c.maxLatencyMs, fmtMs)}<br />
            <span class="muted">CV {l ? (100 * l.coefficientOfVariation).toFixed(1) : '–'}%, {l?.threads} thread{l?.threads === 1 ? '' : 's'}, timed in {l?.timedPrecision}{l?.runtime ? ` by ${l.runtime.runtime} ${l.runtime.version} (${l.runtime.optimisationLevel})` : ''}</span></td>
          <td><span class={'src ' + (l?.source?.kind ?? '').toLowerCase()}>{humanEnum(l?.source?.kind)}</span> <b class="latency-hardware">{latencyProvenance(l?.source, band)}</b>{l?.source?.method ? ' — ' + l.source.method : ''}{l?.source?.runs ? ` (${l.source.runs} timed runs)` : ''}</td></tr>
        <tr><th scope="row">Model size</th><td><b>{fmtBytes(m.modelBytes)}</b>{lim(m.modelBytes, c.maxModelBytes, fmtBytes)}</td><td>{m.export ? 'bytes of the .onnx file (the default download)' : 'bytes of the deployable artifact (the download)'}</td></tr>
        {m.export && <tr><th scope="row">Export check</th><td>{m.export.precision}</td><td>fp32 export vs trained network: max logit difference {m.export.fp32MaxAbsDiff.toExponential(1)} on {m.export.parityImages} images{m.export.topOneAgreementWithFp32 != null ? `; ${m.export.precision} agrees with fp32 on ${(100 * m.export.topOneAgreementWithFp32).toFixed(1)}% of top-1 predictions` : ''}{m.export.weightSparsity != null ? `; ${(100 * m.export.weightSparsity).toFixed(1)}% of the sparsified layers' weights are zero (the file stays dense; stored sparse it would take ${fmtBytes(m.export.sparseFormatBytes)})` : ''}</td></tr>}
        <tr><th scope="row">Parameters</th><td>{m.params?.toLocaleString()}{lim(m.params, c.maxParams, fmtCount)}</td><td>counted from the pruned network's layers</td></tr>
        <tr><th scope="row">MACs</th><td>{fmtCount(m.macs)}{lim(m.macs, c.maxMacs, fmtCount)}</td><td>counted from the pruned network's layers, per image</td></tr>
        <tr><th scope="row">Peak activation memory</th><td>{fmtBytes(m.peakActivationBytes)}{lim(m.peakActivationBytes, c.maxPeakMemoryBytes, fmtBytes)}</td><td>largest layer input + output, batch 1</td></tr>
      </tbody>
    </table>
  );
}

/** A candidate never evaluated because its computed numbers already miss a limit of the job. */
function ComputedTable({ candidate: k, job }) {
  const m = k.metrics ?? {};
  const c = job?.spec?.constraints ?? {};
  const lim = (v, max, fmt) => (max == null ? null : <span class={v > max ? 'warn-text' : 'ok-text'}>{v > max ? ' over' : ' within'} the {fmt(max)} limit</span>);
  return (
    <>
      <p class="notice" id="infeasible-by-construction"><b>Infeasible by construction:</b> never sent for evaluation (no accuracy, latency or model file){k.failureReason ? ' — ' + k.failureReason.replace(/^infeasible by construction: /, '') : ''}. It did not count against the budget.</p>
      <table class="metrics">
        <thead><tr><th scope="col">Metric</th><th scope="col">Value</th><th scope="col">Source</th></tr></thead>
        <tbody>
          <tr><th scope="row">Model size</th><td>at least <b>{fmtBytes(m.modelBytesAtLeast)}</b>{lim(m.modelBytesAtLeast, c.maxModelBytes, fmtBytes)}</td><td>computed: weights and biases at its precision; the .onnx file adds its graph and metadata</td></tr>
          <tr><th scope="row">Parameters</th><td>{m.params?.toLocaleString()}{lim(m.params, c.maxParams, fmtCount)}</td><td>computed from the pruned network's layers</td></tr>
          <tr><th scope="row">MACs</th><td>{fmtCount(m.macs)}{lim(m.macs, c.maxMacs, fmtCount)}</td><td>computed from the pruned network's layers, per image</td></tr>
          <tr><th scope="row">Peak activation memory</th><td>{fmtBytes(m.peakActivationBytes)}{lim(m.peakActivationBytes, c.maxPeakMemoryBytes, fmtBytes)}</td><td>computed: largest layer input + output, batch 1</td></tr>
        </tbody>
      </table>
    </>
  );
}
