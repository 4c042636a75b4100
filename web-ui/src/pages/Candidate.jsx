import { useEffect, useState } from 'preact/hooks';
import { api, download } from '../lib/api.js';
import { fmtAcc, fmtBytes, fmtDuration, fmtMs, humanEnum, latencyBand, latencyProvenance } from '../lib/format.js';
import { LayerDiagram } from '../components/layers.jsx';
import { MetricsTable } from '../components/metrics.jsx';
import { LineChart } from '../components/charts.jsx';
import { Failure, Loading, Status } from '../components/ui.jsx';
import { analysisState, dropColour, dropTextColour, sensitivityGrid } from '../lib/sensitivity.js';
import { layerPrecisions, planTechniques } from '../lib/plan.js';
import { finalLessAccurate } from '../lib/candidates.js';

/**
 * The job, the candidates and each one's layer table (`{ error }` where the API has none, e.g. the
 * job's uploaded dataset was deleted: the rest of the page still shows).
 */
export function useCandidates(jobId, ids) {
  const [state, setState] = useState({ job: null, candidates: null, tables: [], band: null, error: null });
  const [fetches, setFetches] = useState(0);
  useEffect(() => {
    const base = `/jobs/${jobId}/candidates/`;
    Promise.all([api(`/jobs/${jobId}`), Promise.all(ids.map(id => api(base + id))),
      Promise.all(ids.map(id => api(base + id + '/layers').catch(error => ({ error })))), api('/hardware')])
      .then(([job, candidates, tables, hardware]) => {
        setState({ job, candidates, tables, band: latencyBand(hardware, job.hardwareTarget), error: null });
      })
      .catch(error => setState(s => ({ ...s, error })));
  }, [jobId, ids.join(','), fetches]);
  // fetches again in place: the page keeps showing what it has until the answer comes
  return { ...state, reload: () => setFetches(n => n + 1) };
}

/** How often a page waiting for a requested analysis looks again. */
const ANALYSIS_POLL_MS = 3000;

export function Candidate({ jobId, id }) {
  const { job, candidates, tables, band, error, reload } = useCandidates(jobId, [id]);
  const [dlError, setDlError] = useState(null);
  const [downloading, setDownloading] = useState(false);
  const analysis = analysisState(candidates?.[0]);
  useEffect(() => {
    if (analysis.kind !== 'requested') return undefined;
    const timer = setTimeout(reload, ANALYSIS_POLL_MS);
    return () => clearTimeout(timer);
  }, [candidates, analysis.kind]);
  if (error) return <section><h1 tabindex="-1">Candidate</h1><Failure error={error} /><p><a href={`#/jobs/${jobId}`}>Back to the job</a></p></section>;
  if (!candidates) return <section><h1 tabindex="-1">Candidate</h1><Loading what="the candidate" /></section>;
  const k = candidates[0];
  const curve = k.trainingCurve ?? [];
  // ONNX is the deployable model (the default download); the DJL zip is what the evaluator trained
  // stage 'search': the search's ONNX model of a candidate that also has a final one
  const save = async (format, stage) => {
    setDownloading(true);
    setDlError(null);
    const djl = format === 'djl';
    const query = djl ? '?format=djl' : stage ? `?stage=${stage}` : '';
    try {
      await download(`/jobs/${jobId}/candidates/${id}/model${query}`, `sculptor-${id}${stage ? `-${stage}` : ''}.${djl ? 'zip' : 'onnx'}`);
    } catch (e) { setDlError(e); } finally { setDownloading(false); }
  };
  const fin = k.finalTraining;
  const lessAccurate = finalLessAccurate(k);
  const untuned = job.spec?.finalTraining?.fineTuneEpochs === 0 && k.spec?.compression?.pruningRatios?.some(r => r > 0);
  const runtime = k.metrics?.latency?.runtime;
  const exported = k.metrics?.export;
  return (
    <section class="candidate">
      <nav class="crumbs" aria-label="Breadcrumb"><a href="#/jobs">Jobs</a> › <a href={`#/jobs/${jobId}`}>{job.name}</a> › candidate</nav>
      <div class="page-head">
        <h1 tabindex="-1">Candidate <span class="mono">{k.id.slice(0, 8)}</span> <Status status={k.status} /></h1>
        {k.onFront && <span class="tag front">★ on the Pareto front</span>}
        {k.feasible === false && <span class="tag warn">misses a constraint</span>}
        <span class="spacer" />
        {k.hasOnnxModel && <button id="download" onClick={() => save('onnx')} disabled={downloading}>{downloading ? 'Downloading…' : fin?.hasModel ? `Download final ONNX model (${fmtBytes(fin.modelBytes)})` : `Download ONNX model (${fmtBytes(k.modelBytes)})`}</button>}
        {k.hasOnnxModel && fin?.hasModel && <button id="download-search" class="secondary" onClick={() => save('onnx', 'search')} disabled={downloading}>Search model</button>}
        {k.hasModel && <button id="download-djl" class="secondary" onClick={() => save('djl')} disabled={downloading}>DJL zip</button>}
        {!k.hasModel && <span class="muted">No model file{k.status === 'PENDING' ? ' yet' : ''}</span>}
      </div>
      <Failure error={dlError} />
      <p class="summary">
        <b>{fmtAcc(k.accuracy)}</b> accuracy · <b>{fmtMs(k.latencyMs)}</b> <span id="latency-provenance">{k.metrics?.latency ? latencyProvenance(k.metrics.latency.source, band) : ''}</span> · <b>{fmtBytes(k.modelBytes)}</b>
        {runtime && exported ? ` · ONNX model (${runtime.runtime}, ${exported.precision})` : ''}
        {' '}· generation {k.generation}{k.evaluatorId ? ` · evaluated by ${k.evaluatorId}` : ''}{k.timings?.totalMs ? ` in ${fmtDuration(k.timings.totalMs / 1000)}` : ''}
      </p>
      <div class="candidate-grid">
        <div class="card">
          <h2>Architecture</h2>
          <LayerDiagram table={tables[0]} />
        </div>
        <div class="stack">
          {fin && <div class="card" id="final-training"><h2>Final training (full fidelity)</h2>
            <p>Rank {fin.rank} of the final phase · <Status status={fin.status} />{fin.failureReason ? <span class="warn-text"> {fin.failureReason}</span> : null}</p>
            {fin.fidelity?.note && <p class="warn-text" id="final-training-note">{fin.fidelity.note}</p>}
            {fin.status === 'SUCCEEDED' && <table class="metrics">
              <thead><tr><th scope="col">Metric</th><th scope="col">Search fidelity</th><th scope="col">Final</th></tr></thead>
              <tbody>
                <tr><th scope="row">Accuracy (validation)</th><td>{fmtAcc(k.accuracy)}</td><td><b>{fmtAcc(fin.accuracy)}</b></td></tr>
                <tr><th scope="row">Accuracy (test, once)</th><td>{fmtAcc(k.testAccuracy)}</td><td><b>{fmtAcc(fin.testAccuracy)}</b></td></tr>
                <tr><th scope="row">Latency, batch 1</th><td>{fmtMs(k.latencyMs)}</td><td><b>{fmtMs(fin.latencyMs)}</b></td></tr>
                <tr><th scope="row">Model size</th><td>{fmtBytes(k.modelBytes)}</td><td><b>{fmtBytes(fin.modelBytes)}</b></td></tr>
              </tbody>
            </table>}
            {lessAccurate && <p class="warn-text" id="final-less-accurate">The final model is less accurate on validation than the search's ({fmtAcc(lessAccurate.final)} against {fmtAcc(lessAccurate.search)}){untuned ? ': its plan prunes channels and the job fine-tunes final models for 0 epochs, so it was not trained again after pruning' : ''}.</p>}
            <p class="muted">Trained again on the whole train split (one-cycle schedule, random shifts, early stopping on validation), compressed as planned and measured by the same protocol. The download is this model; "Search model" gives the search's (?stage=search in the API).</p>
          </div>}
          {fin?.sensitivity && <div class="card" id="sensitivity"><h2>Layer sensitivity</h2><SensitivityMap analysis={fin.sensitivity} network="finally trained network" /></div>}
          <SearchSensitivity jobId={jobId} candidate={k} analysis={analysis} onChange={reload} titled={fin?.sensitivity ? 'Layer sensitivity (search training)' : 'Layer sensitivity'} />
          <div class="card"><h2>{fin ? 'Search-fidelity metrics and where they come from' : 'Metrics and where they come from'}</h2><MetricsTable candidate={k} job={job} band={band} /></div>
          <div class="card"><h2>Compression plan</h2><CompressionPlan spec={k.spec} table={tables[0]} /></div>
          <div class="card">
            <h2>Training curve</h2>
            <TrainingCurve curve={curve} />
          </div>
          {k.timings && <div class="card"><h2>Evaluation time</h2><p>train {fmtDuration(k.timings.trainMs / 1000)} · compress {fmtDuration(k.timings.compressMs / 1000)} · measure {fmtDuration(k.timings.measureMs / 1000)} · total {fmtDuration(k.timings.totalMs / 1000)}</p></div>}
        </div>
      </div>
    </section>
  );
}

export function CompressionPlan({ spec, table }) {
  const layers = table?.blocks ? [table.stem, ...table.blocks.flatMap(b => b.layers)].filter(l => l.pruningIndex != null) : [];
  const t = spec.training ?? {};
  const techniques = planTechniques(spec.compression);
  const precisions = layerPrecisions(table, spec.compression);
  return (
    <>
      <p>Weights stored as <b>{humanEnum(spec.compression?.precision)}</b>{spec.compression?.precision === 'INT8' ? ' (per-channel symmetric, fp32 scales)' : ''};
        {' '}{layers.some(l => l.pruningRatio > 0) ? `channel pruning on ${layers.filter(l => l.pruningRatio > 0).length} of ${layers.length} prunable layers (L1-norm, fine-tuned after)` : 'no channel pruning'}.
        {' '}Training: Adam, learning rate {t.learningRate}, batch {t.batchSize}.</p>
      {techniques.length > 0 && <ul class="plan-techniques">{techniques.map(x => <li key={x}>{x}</li>)}</ul>}
      {precisions.some(p => p.planned) && (
        <table class="plan">
          <caption>Precision per layer, as exported</caption>
          <thead><tr><th scope="col">Layer</th><th scope="col">Kind</th><th scope="col">Precision</th></tr></thead>
          <tbody>{precisions.map(p => <tr key={p.name}><td class="mono">{p.name}</td><td>{p.kind}</td><td>{p.precision}</td></tr>)}</tbody>
        </table>
      )}
      {layers.length > 0 && (
        <table class="plan">
          <thead><tr><th scope="col">#</th><th scope="col">Layer</th><th scope="col">Pruning ratio</th><th scope="col">Channels kept</th></tr></thead>
          <tbody>{layers.map(l => (
            <tr key={l.name}><td class="num">{l.pruningIndex + 1}</td><td class="mono">{l.name}</td>
              <td><span class="ratio"><span style={{ width: `${(100 * l.pruningRatio) / table.maxPruningRatio}%` }} /></span> {Math.round(l.pruningRatio * 100)}%</td>
              <td class="num">{l.out} / {l.outBeforePruning}</td></tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}

export function TrainingCurve({ curve }) {
  if (!curve.length) return <p class="muted">No training curve recorded.</p>;
  // Epochs continue across phases: training, then fine-tuning after pruning.
  const pts = curve.map((e, i) => ({ ...e, step: i + 1 }));
  return (
    <>
      <LineChart xLabel="epoch (training, then fine-tuning)" yLabel="accuracy" yFormat={v => (100 * v).toFixed(0) + '%'}
        series={[
          { name: 'validation accuracy', points: pts.map(e => [e.step, e.validationAccuracy]) },
          { name: 'train accuracy', points: pts.map(e => [e.step, e.trainAccuracy]) },
        ]} />
      <LineChart xLabel="epoch" yLabel="loss" series={[{ name: 'loss', points: pts.map(e => [e.step, e.loss]) }]} height={150} />
      <table class="curve">
        <thead><tr><th scope="col">Phase</th><th scope="col">Epoch</th><th scope="col">Loss</th><th scope="col">Train acc.</th><th scope="col">Validation acc.</th></tr></thead>
        <tbody>{pts.map(e => <tr key={e.step}><td>{e.phase}</td><td class="num">{e.epoch}</td><td class="num">{e.loss.toFixed(4)}</td><td class="num">{fmtAcc(e.trainAccuracy)}</td><td class="num">{fmtAcc(e.validationAccuracy)}</td></tr>)}</tbody>
      </table>
    </>
  );
}

/**
 * The candidate's own sensitivity analysis, asked for on request: the heat map once done, else
 * where it stands and the button that asks for it.
 */
function SearchSensitivity({ jobId, candidate, analysis, onChange, titled }) {
  const [asking, setAsking] = useState(false);
  const [askError, setAskError] = useState(null);
  // a candidate still under evaluation, or failed, has no network: no card at all
  if (analysis.kind === 'unavailable' && candidate.status !== 'SUCCEEDED') return null;
  const ask = async () => {
    setAsking(true);
    setAskError(null);
    try {
      await api(`/jobs/${jobId}/candidates/${candidate.id}/sensitivity`, { method: 'POST' });
      onChange();
    } catch (e) { setAskError(e); } finally { setAsking(false); }
  };
  const button = label => <button id="analyse-sensitivity" onClick={ask} disabled={asking}>{asking ? 'Asking…' : label}</button>;
  return (
    <div class="card" id="search-sensitivity">
      <h2>{titled}</h2>
      {analysis.kind === 'done' && <SensitivityMap analysis={candidate.sensitivity} network="network as the search trained it (its training checkpoint)" />}
      {analysis.kind === 'unavailable' && <p class="muted">{analysis.reason}</p>}
      {analysis.kind === 'requested' && <p role="status">Requested… an evaluator of the job's target analyses the network as the search trained it; this page looks again every few seconds.</p>}
      {analysis.kind === 'failed' && <><p class="warn-text">The analysis failed: {analysis.reason}</p>{button('Analyse sensitivity again')}</>}
      {analysis.kind === 'can-ask' && <><p class="muted">How much each prunable layer alone costs in accuracy when pruned (each search ratio, no fine-tuning) or stored in int8, measured on the network as the search trained it. Nothing is trained again.</p>{button('Analyse sensitivity')}</>}
      <Failure error={askError} />
    </div>
  );
}

/** Heat map of a per-layer sensitivity analysis of the named network: accuracy drop from the baseline per cell. */
export function SensitivityMap({ analysis, network }) {
  const g = sensitivityGrid(analysis);
  if (!g) return <p class="muted">No prunable layers to analyse.</p>;
  return (
    <>
      <p>Validation accuracy of the {network}, at full width before its own pruning, with <b>one layer at a time</b> pruned (L1-norm channel pruning, no fine-tuning) or its weights in int8; baseline <b>{fmtAcc(g.baseline)}</b>.
        {' '}Cells are coloured by the drop from the baseline; rank 1 is the most sensitive layer (largest mean drop).
        {' '}Measured on {analysis.sampleSize} {analysis.split} examples in {fmtDuration(analysis.elapsedMs / 1000)}.</p>
      <div class="table-wrap">
        <table class="sensitivity">
          <thead><tr><th scope="col">Rank</th><th scope="col">Layer</th><th scope="col">Channels</th>{g.columns.map(c => <th scope="col" key={c}>{c}</th>)}</tr></thead>
          <tbody>{g.rows.map(r => (
            <tr key={r.name}><td class="num">{r.rank}</td><td class="mono">{r.name}</td><td class="num">{r.channels}</td>
              {r.cells.map((c, i) => (
                <td key={i} class="num" style={{ background: dropColour(c.drop, g.maxDrop), color: dropTextColour(c.drop, g.maxDrop) }}
                  title={c.drop == null ? '' : `${fmtAcc(c.acc)} (${c.drop >= 0 ? '−' : '+'}${(100 * Math.abs(c.drop)).toFixed(1)} points)`}>
                  {fmtAcc(c.acc)}<br /><small>{c.drop == null ? '' : `${c.drop >= 0 ? '−' : '+'}${(100 * Math.abs(c.drop)).toFixed(1)}`}</small>
                </td>
              ))}</tr>
          ))}</tbody>
        </table>
      </div>
    </>
  );
}
