import { fmtAcc, fmtBytes, fmtCount, fmtMs, humanEnum } from '../lib/format.js';
import { LayerDiagram } from '../components/layers.jsx';
import { sourceText } from '../components/metrics.jsx';
import { Failure, Loading, Status } from '../components/ui.jsx';
import { useCandidates } from './Candidate.jsx';

// Rows: label, value getter, formatter, which direction is better (for highlighting).
const ROWS = [
  ['Accuracy', k => k.accuracy, fmtAcc, 'max'],
  ['Latency (median)', k => k.latencyMs, fmtMs, 'min'],
  ['Latency p90', k => k.metrics?.latency?.p90Ms, fmtMs, 'min'],
  ['Model size', k => k.modelBytes, fmtBytes, 'min'],
  ['Parameters', k => k.metrics?.params, fmtCount, 'min'],
  ['MACs', k => k.metrics?.macs, fmtCount, 'min'],
  ['Peak activation memory', k => k.metrics?.peakActivationBytes, fmtBytes, 'min'],
];

export function Compare({ jobId, ids }) {
  const { job, candidates, tables, error } = useCandidates(jobId, ids);
  if (error) return <section><h1 tabindex="-1">Compare candidates</h1><Failure error={error} /></section>;
  if (!candidates) return <section><h1 tabindex="-1">Compare candidates</h1><Loading what="candidates" /></section>;
  return (
    <section class="compare">
      <nav class="crumbs" aria-label="Breadcrumb"><a href="#/jobs">Jobs</a> › <a href={`#/jobs/${jobId}`}>{job.name}</a> › compare</nav>
      <h1 tabindex="-1">Compare {candidates.length} candidates</h1>
      <div class="card table-wrap">
        <table class="compare-table">
          <thead><tr><th scope="col">Metric</th>{candidates.map(k => <th scope="col" key={k.id}><a class="mono" href={`#/jobs/${jobId}/candidates/${k.id}`}>{k.id.slice(0, 8)}</a> <Status status={k.status} />{k.onFront ? ' ★' : ''}</th>)}</tr></thead>
          <tbody>
            {ROWS.map(([label, get, fmt, better]) => {
              const vals = candidates.map(get);
              const present = vals.filter(v => v != null);
              const best = present.length > 1 ? (better === 'max' ? Math.max(...present) : Math.min(...present)) : null;
              return <tr key={label}><th scope="row">{label}</th>{vals.map((v, i) => <td key={i} class={'num' + (v != null && v === best ? ' best' : '')}>{fmt(v)}{v != null && v === best ? <span class="sr-only"> (best)</span> : ''}</td>)}</tr>;
            })}
            <tr><th scope="row">Latency source</th>{candidates.map(k => <td key={k.id}>{sourceText(k.metrics?.latency?.source, 'timed runs')}</td>)}</tr>
            <tr><th scope="row">Meets constraints</th>{candidates.map(k => <td key={k.id}>{k.feasible == null ? '–' : k.feasible ? 'yes' : 'no'}</td>)}</tr>
            <tr><th scope="row">Precision</th>{candidates.map(k => <td key={k.id}>{humanEnum(k.spec?.compression?.precision)}</td>)}</tr>
            <tr><th scope="row">Stages</th>{candidates.map(k => <td key={k.id}>{k.spec?.architecture?.stages?.map(s => `${humanEnum(s.block)} ×${s.depth} w${s.width} k${s.kernel}`).join('; ')}</td>)}</tr>
            <tr><th scope="row">Generation</th>{candidates.map(k => <td key={k.id} class="num">{k.generation}</td>)}</tr>
          </tbody>
        </table>
        <p class="muted small">Bold: the best value in the row.</p>
      </div>
      <div class={'compare-grid n' + candidates.length}>
        {candidates.map((k, i) => (
          <div class="card" key={k.id}>
            <h2><a class="mono" href={`#/jobs/${jobId}/candidates/${k.id}`}>{k.id.slice(0, 8)}</a></h2>
            <LayerDiagram table={tables[i]} compact />
          </div>
        ))}
      </div>
    </section>
  );
}
