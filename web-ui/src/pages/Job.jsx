import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, authHeaders, jobEventsUrl } from '../lib/api.js';
import { followEvents } from '../lib/sse.js';
import { constraintSummary, fmtAcc, fmtAge, fmtBytes, fmtCount, fmtDuration, fmtMs, latencyBand, latencyProvenance } from '../lib/format.js';
import { bestFeasible, fastestAbove, sortCandidates, violations } from '../lib/candidates.js';
import { LineChart, ParetoPlot } from '../components/charts.jsx';
import { plotAxes, plotTitle } from '../lib/axes.js';
import { Failure, Loading, Progress, Stat, Status } from '../components/ui.jsx';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export function Job({ id, params }) {
  const [job, setJob] = useState(null);
  const [candidates, setCandidates] = useState([]);
  const [history, setHistory] = useState([]);
  const [hardware, setHardware] = useState(null);
  const [error, setError] = useState(null);
  const [live, setLive] = useState('connecting');
  const [lastEvent, setLastEvent] = useState(null);
  const [goal, setGoal] = useState(params.goal ? Number(params.goal) : null);
  const refresh = useRef(null);

  const loadAll = async () => {
    try {
      const [j, cs, h, hw] = await Promise.all([api(`/jobs/${id}`), api(`/jobs/${id}/candidates`), api(`/jobs/${id}/history`), api('/hardware')]);
      setJob(j);
      setHardware(hw);
      setCandidates(cs);
      setHistory(h);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    loadAll();
    const stop = new AbortController();
    // Each event updates status and progress at once; candidates, front and history are fetched
    // again shortly after (coalescing bursts of events into one round of requests).
    const scheduleRefresh = () => {
      clearTimeout(refresh.current);
      refresh.current = setTimeout(loadAll, 300);
    };
    followEvents(jobEventsUrl(id), authHeaders(), {
      signal: stop.signal,
      onState: setLive,
      onEvent: e => {
        setLastEvent(e);
        setJob(j => (j ? { ...j, status: e.status ?? j.status, progress: e.progress ? { ...j.progress, ...e.progress } : j.progress } : j));
        scheduleRefresh();
      },
    });
    return () => { stop.abort(); clearTimeout(refresh.current); };
  }, [id]);

  if (error && !job) {
    return <section><h1 tabindex="-1">Job</h1><Failure error={error instanceof ApiError && error.status === 404 ? { message: 'No such job for your team.' } : error} /><p><a href="#/jobs">Back to the jobs</a></p></section>;
  }
  if (!job) return <section><h1 tabindex="-1">Job</h1><Loading what="the job" /></section>;

  const p = job.progress;
  const c = job.spec?.constraints ?? {};
  const best = bestFeasible(candidates);
  const fastest = goal ? fastestAbove(candidates, goal) : null;
  const running = !TERMINAL.has(job.status);
  const band = latencyBand(hardware, job.hardwareTarget);
  const cancel = async () => {
    if (!confirm('Cancel this search? Candidates evaluated so far are kept.')) return;
    try { setJob(await api(`/jobs/${id}/cancel`, { method: 'POST' })); } catch (e) { setError(e); }
  };

  return (
    <section class="job">
      <div class="page-head">
        <h1 tabindex="-1">{job.name} <Status status={job.status} id="job-status" /></h1>
        <span class={'live ' + (running ? live : 'done')} aria-live="polite">
          {running ? (live === 'live' ? '● live' : live === 'reconnecting' ? '○ reconnecting…' : live === 'closed' ? '○ live updates refused' : '○ connecting…') : 'finished ' + fmtAge(job.finishedAt)}
        </span>
        <span class="spacer" />
        {running && <button class="danger" id="cancel" onClick={cancel} disabled={job.cancelRequested}>{job.cancelRequested ? 'Cancelling…' : 'Cancel search'}</button>}
      </div>
      <Failure error={error} />
      {job.failureReason && <EndReason status={job.status} text={job.failureReason} />}
      {running && p.phase === 'FINALIZING' && <div class="notice" role="status" id="finalizing"><b>Final phase (FINALIZING):</b> the search is over; its {p.finalTotal ?? '–'} best feasible front member(s) are being trained again at full fidelity and re-measured ({p.finalDone ?? 0} of {p.finalTotal ?? '–'} done). The front and hypervolume stay at search fidelity; each candidate shows its final metrics beside them.</div>}
      {job.status === 'WAITING_FOR_DEVICE' && <div class="notice" role="status" id="waiting-for-device"><b>Waiting for a device:</b> this job's latencies are measured on {job.hardwareTarget} only, and {job.waitingFor || `no ${job.hardwareTarget} evaluator is live`}. It goes on by itself when one is back; its candidates are not sent to other hardware.</div>}
      {job.status === 'QUEUED' && job.spec?.latencyPolicy === 'wait-for-device' && <div class="notice" role="status" id="queued-for-device">Queued until an evaluator of {job.hardwareTarget} is attached (this job waits for its device: every latency will be measured on it).</div>}
      <div class="card stats" aria-live="polite" aria-atomic="false">
        <Stat label="Generation" id="generation">{p.generation}</Stat>
        <Stat label="Evaluated / budget" id="evaluated">{p.evaluated} / {p.budget}</Stat>
        <Stat label="Best feasible accuracy" id="best">{best ? <a href={`#/jobs/${id}/candidates/${best.id}`}>{fmtAcc(p.bestFeasibleAccuracy ?? best.accuracy)}</a> : fmtAcc(p.bestFeasibleAccuracy)}</Stat>
        <Stat label="ETA (estimate)" id="eta">{running && p.etaSeconds != null ? fmtDuration(p.etaSeconds) : '–'}</Stat>
        <Stat label="Hypervolume">{p.hypervolume == null ? '–' : p.hypervolume.toFixed(4)}</Stat>
        <Stat label="Target">{job.hardwareTarget}</Stat>
        <Stat label="Latency" id="latency-source">{job.latencySource === 'MEASURED' ? `measured on ${job.hardwareTarget} evaluators`
          : job.latencySource === 'PREDICTED' ? `predicted for ${job.hardwareTarget}${band != null ? ` ± ${Math.round(band)}%` : ''} (no evaluator of it; accuracy and size measured elsewhere)`
          : 'decided when the job starts'}</Stat>
        <Stat label="Constraints">{constraintSummary(c)}</Stat>
        <Stat label="Strategy">{job.strategy}</Stat>
        <Stat label="Phase" id="phase">{p.phase === 'FINALIZING' ? `final training ${p.finalDone ?? 0} / ${p.finalTotal ?? '–'}` : 'search'}</Stat>
        <div class="stat wide"><span>Progress</span><Progress evaluated={p.evaluated} budget={p.budget} /></div>
      </div>
      {lastEvent?.message && running && <p class="muted last-event">Last event: {lastEvent.type?.toLowerCase()} — {lastEvent.message} ({new Date(lastEvent.at).toLocaleTimeString()})</p>}

      <div class="job-grid">
        <div class="card plot-card">
          <div class="card-head">
            <h2>Pareto front: {plotTitle(plotAxes(job.spec?.objectives))}</h2>
            <label class="goal-input">Accuracy goal <input type="text" inputmode="decimal" size="5" value={goal ? (goal * 100).toString() : ''}
              placeholder="%" aria-label="accuracy goal in percent" onChange={e => { const v = parseFloat(e.currentTarget.value); setGoal(v > 0 && v <= 100 ? v / 100 : null); }} /> %</label>
          </div>
          <ParetoPlot candidates={candidates} objectives={job.spec?.objectives} constraints={c} goal={goal} band={band} href={k => `#/jobs/${id}/candidates/${k.id}`} />
          {goal && <p>{fastest ? <>Fastest feasible candidate at or above {fmtAcc(goal)}: <a href={`#/jobs/${id}/candidates/${fastest.id}`}>{fastest.id.slice(0, 8)}</a> — {fmtAcc(fastest.accuracy)}, {fmtMs(fastest.latencyMs)}, {fmtBytes(fastest.modelBytes)}</> : <>No feasible candidate reaches {fmtAcc(goal)} yet.</>}</p>}
        </div>
        <div class="side">
          <div class="card">
            <h2>Hypervolume over the search</h2>
            <LineChart xLabel="generation" yLabel="hypervolume" series={[{ name: 'hypervolume', points: history.filter(h => h.hypervolume != null).map(h => [h.generation, h.hypervolume]) }]} />
          </div>
          <div class="card">
            <h2>RL pruning policy reward</h2>
            {history.some(h => h.policyReward != null)
              ? <LineChart xLabel="generation" yLabel="mean reward" series={[{ name: 'mean reward', points: history.filter(h => h.policyReward != null).map(h => [h.generation, h.policyReward]) }]} />
              : <p class="muted empty-chart">No policy reward recorded for this job{running ? ' yet' : ''}. The RL pruning policy prunes half of the genetic strategy's candidates and reports its mean reward on them after each generation.</p>}
          </div>
        </div>
      </div>
      <CandidateTable jobId={id} candidates={candidates} constraints={c} band={band} />
    </section>
  );
}

/** The first line says what went wrong; any trace behind it is there for whoever reports the bug. */
// The job's reason field also says why a job was cancelled or stopped early: only a failure is an alert.
function EndReason({ status, text }) {
  const [first, ...rest] = text.split('\n');
  const failed = status === 'FAILED';
  return (
    <div class={failed ? 'problem' : 'notice'} role={failed ? 'alert' : 'status'}>
      <b>{failed ? 'Failed:' : status === 'CANCELLED' ? 'Cancelled:' : 'Note:'}</b> {first}
      {rest.length > 0 && <details><summary>details ({rest.length} more lines)</summary><pre>{rest.join('\n')}</pre></details>}
    </div>
  );
}

const COLUMNS = [
  ['accuracy', 'Accuracy'], ['latency', 'Latency'], ['size', 'Size'], ['params', 'Params'], ['macs', 'MACs'],
  ['generation', 'Gen.'], ['status', 'Status'], ['feasible', 'Constraints'],
];

function CandidateTable({ jobId, candidates, constraints, band }) {
  const [sort, setSort] = useState({ key: 'accuracy', desc: true });
  const [picked, setPicked] = useState([]);
  const rows = sortCandidates(candidates, sort.key, sort.desc);
  const toggle = cid => setPicked(p => (p.includes(cid) ? p.filter(x => x !== cid) : p.length >= 3 ? p : [...p, cid]));
  const by = key => setSort(s => ({ key, desc: s.key === key ? !s.desc : key === 'accuracy' }));
  return (
    <div class="card">
      <div class="card-head">
        <h2>Candidates <span class="muted">({candidates.length})</span></h2>
        <span class="spacer" />
        <span class="muted">{picked.length ? `${picked.length} selected` : 'Select 2–3 to compare'}</span>
        <a class={'button secondary' + (picked.length >= 2 ? '' : ' disabled')} id="compare" aria-disabled={picked.length < 2 ? 'true' : undefined}
          href={picked.length >= 2 ? `#/jobs/${jobId}/compare/${picked.join(',')}` : undefined}>Compare</a>
      </div>
      <div class="table-wrap">
        <table class="candidates">
          <thead>
            <tr>
              <th scope="col"><span class="sr-only">Select</span></th>
              <th scope="col">Candidate</th>
              {COLUMNS.map(([k, t]) => (
                <th scope="col" key={k} aria-sort={sort.key === k ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                  <button class="sort" onClick={() => by(k)}>{t}<span aria-hidden="true">{sort.key === k ? (sort.desc ? ' ▾' : ' ▴') : ''}</span></button>
                </th>
              ))}
              <th scope="col">Front</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && <tr><td colspan={COLUMNS.length + 3} class="muted">No candidates yet.</td></tr>}
            {rows.map(k => {
              const missed = violations(k, constraints);
              return (
                <tr key={k.id} class={k.onFront ? 'on-front' : ''}>
                  <td><input type="checkbox" checked={picked.includes(k.id)} disabled={!picked.includes(k.id) && picked.length >= 3}
                    aria-label={`select ${k.id.slice(0, 8)} for comparison`} onChange={() => toggle(k.id)} /></td>
                  <td><a href={`#/jobs/${jobId}/candidates/${k.id}`} class="mono">{k.id.slice(0, 8)}</a></td>
                  <td class="num">{fmtAcc(k.accuracy)}</td>
                  <td class="num latency-cell">{fmtMs(k.latencyMs)} {k.latencySource && <span class={'src ' + k.latencySource.toLowerCase()}>{k.latencySource === 'MEASURED' ? 'meas.' : 'pred.'}</span>}
                    {k.metrics?.latency?.source && <span class="muted provenance">{latencyProvenance(k.metrics.latency.source, band)}</span>}</td>
                  <td class="num">{k.modelBytes == null && k.metrics?.modelBytesAtLeast != null ? <span title="computed lower bound: never evaluated">≥ {fmtBytes(k.metrics.modelBytesAtLeast)}</span> : fmtBytes(k.modelBytes)}</td>
                  <td class="num">{fmtCount(k.metrics?.params)}</td>
                  <td class="num">{fmtCount(k.metrics?.macs)}</td>
                  <td class="num">{k.generation}</td>
                  <td><Status status={k.status} />{k.failureReason && <span class="muted small"> {k.failureReason}</span>}</td>
                  <td>{k.feasible == null ? '–' : k.feasible ? 'met' : <span class="warn-text">misses {missed.join(', ') || 'a limit'}</span>}</td>
                  <td>{k.onFront ? <span title="on the Pareto front">★</span> : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
