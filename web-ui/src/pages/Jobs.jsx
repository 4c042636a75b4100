import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { constraintSummary, fmtAcc, fmtAge } from '../lib/format.js';
import { Failure, Loading, Progress, Status } from '../components/ui.jsx';

const STATUSES = ['', 'QUEUED', 'RUNNING', 'WAITING_FOR_DEVICE', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export function Jobs({ status }) {
  const [jobs, setJobs] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [, tick] = useState(0);

  const load = async (append = false) => {
    try {
      const q = new URLSearchParams({ limit: '50' });
      if (status) q.set('status', status);
      if (append && cursor) q.set('cursor', cursor);
      const page = await api('/jobs?' + q);
      setJobs(prev => (append && prev ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => { setJobs(null); load(); }, [status]);
  // While something is queued or running, refresh the list (and the ages) every few seconds.
  const active = jobs?.some(j => j.status === 'QUEUED' || j.status === 'RUNNING' || j.status === 'WAITING_FOR_DEVICE');
  useEffect(() => {
    const t = setInterval(() => (active ? load() : tick(x => x + 1)), active ? 3000 : 30_000);
    return () => clearInterval(t);
  }, [active, status]);

  return (
    <section>
      <div class="page-head">
        <h1 tabindex="-1">Search jobs</h1>
        <a class="button" href="#/new">New search</a>
      </div>
      <div class="filters" role="group" aria-label="Filter by status">
        {STATUSES.map(s => (
          <a key={s} class={'chip' + (s === status ? ' on' : '')} aria-current={s === status ? 'true' : undefined}
            href={'#/jobs' + (s ? '?status=' + s : '')}>{s ? s.toLowerCase() : 'all'}</a>
        ))}
      </div>
      <Failure error={error} />
      {jobs === null && !error ? <Loading what="jobs" /> : jobs && (
        <div class="table-wrap">
          <table class="jobs">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Target</th><th scope="col">Constraints</th>
                <th scope="col">Progress</th><th scope="col">Best feasible</th><th scope="col">Strategy</th><th scope="col">Age</th></tr>
            </thead>
            <tbody>
              {jobs.length === 0 && <tr><td colspan="8" class="muted">No {status ? status.toLowerCase() + ' ' : ''}jobs yet. <a href="#/new">Start a search</a>.</td></tr>}
              {jobs.map(j => (
                <tr key={j.id} class="clickable" onClick={e => { if (e.target.tagName !== 'A') location.hash = '#/jobs/' + j.id; }}>
                  <td><a href={'#/jobs/' + j.id}>{j.name}</a></td>
                  <td><Status status={j.status} />{j.cancelRequested && (j.status === 'RUNNING' || j.status === 'WAITING_FOR_DEVICE') ? <span class="muted"> cancelling</span> : null}</td>
                  <td>{j.hardwareTarget}</td>
                  <td>{constraintSummary(j.spec?.constraints)}</td>
                  <td><Progress evaluated={j.progress.evaluated} budget={j.progress.budget} label={'progress of ' + j.name} /></td>
                  <td>{fmtAcc(j.progress.bestFeasibleAccuracy)}</td>
                  <td>{j.strategy}</td>
                  <td title={j.createdAt}>{fmtAge(j.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && <p><button class="secondary" onClick={() => load(true)}>Load older jobs</button></p>}
    </section>
  );
}
