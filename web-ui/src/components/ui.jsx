// Small shared pieces: status badge, progress bar, loading and error states.
import { fmtAcc } from '../lib/format.js';

export const Status = ({ status, id }) => <span class={'badge ' + (status ?? '')} id={id}>{status ?? '–'}</span>;

export function Progress({ evaluated, budget, label }) {
  const pct = budget > 0 ? Math.min(100, (100 * evaluated) / budget) : 0;
  return (
    <div class="progress">
      <div class="bar" role="progressbar" aria-label={label ?? 'candidates evaluated'} aria-valuemin="0" aria-valuemax={budget} aria-valuenow={evaluated}>
        <span style={{ width: pct + '%' }} />
      </div>
      <span class="muted">{evaluated} / {budget}</span>
    </div>
  );
}

export const Loading = ({ what }) => <p class="muted" role="status">Loading {what}…</p>;

export function Failure({ error }) {
  if (!error) return null;
  const errs = error.problem?.errors ?? [];
  return (
    <div class="problem" role="alert">
      <b>{error.message}</b>{error.problem?.detail && !errs.length ? ' — ' + error.problem.detail : ''}
      {errs.length > 0 && <ul>{errs.map(e => <li key={e.field}><code>{e.field || '(body)'}</code>: {e.reason}</li>)}</ul>}
    </div>
  );
}

export const Stat = ({ label, children, id }) => <div class="stat"><span>{label}</span><b id={id}>{children}</b></div>;

export const Acc = ({ v }) => <>{fmtAcc(v)}</>;
