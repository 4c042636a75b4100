import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { fmtBytes, fmtDuration, fmtMs, parseBytes, parseMillis, targetOption } from '../lib/format.js';
import { budgetPreview } from '../lib/estimate.js';
import { DEFAULTS, FIELDS, LATENCY_POLICIES, OBJECTIVES, PRESETS, STRATEGIES, fieldErrors, toJobSpec } from '../lib/spec.js';
import { Failure, Loading } from '../components/ui.jsx';

const GROUPS = [
  ['What to search', ['name', 'dataset', 'searchSpace', 'hardwareTarget', 'latencyPolicy']],
  ['Constraints (a candidate must meet all)', ['maxModelBytes', 'maxLatencyMs', 'maxParams', 'maxMacs', 'maxPeakMemoryBytes']],
  ['Budget', ['strategy', 'maxCandidates', 'maxWallClockMinutes', 'populationSize', 'generations', 'plateauGenerations']],
  ['Training fidelity', ['epochs', 'fineTuneEpochs', 'trainSubset', 'seed']],
  ['Final training of the front', ['finalCandidates', 'finalEpochs']],
];

export function NewSearch() {
  const [catalog, setCatalog] = useState(null);
  const [values, setValues] = useState(DEFAULTS);
  const [errors, setErrors] = useState({ byField: {}, other: [] });
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);
  const [accuracyGoal, setAccuracyGoal] = useState(null);
  const formRef = useRef();

  useEffect(() => {
    Promise.all([api('/datasets'), api('/hardware'), api('/search-spaces')])
      .then(([datasets, hardware, spaces]) => setCatalog({ datasets, hardware, spaces }))
      .catch(setFailure);
  }, []);

  const set = (id, v) => {
    setValues(prev => ({ ...prev, [id]: v }));
    if (errors.byField[id]) setErrors(prev => ({ ...prev, byField: { ...prev.byField, [id]: undefined } }));
  };
  const applyPreset = p => {
    const { accuracyGoal: goal, ...rest } = p.values;
    setValues(prev => ({ ...prev, ...rest }));
    setAccuracyGoal(goal ?? null);
    setErrors({ byField: {}, other: [] });
  };

  const options = useMemo(() => catalog && {
    dataset: catalog.datasets.map(d => [d.id, `${d.id} — ${d.trainExamples.toLocaleString()} train images, ${d.classes} classes`]),
    searchSpace: catalog.spaces.map(s => [s.id, s.id]),
    // a target nothing can serve (no evaluator, no latency model) is offered only to a job that waits for its device
    hardwareTarget: catalog.hardware.map(h => [h.id, targetOption(h), h.state === 'unavailable' && values.latencyPolicy !== 'wait-for-device']),
    latencyPolicy: LATENCY_POLICIES,
    strategy: STRATEGIES,
  }, [catalog, values.latencyPolicy]);

  const dataset = catalog?.datasets.find(d => d.id === values.dataset);
  const target = catalog?.hardware.find(h => h.id === values.hardwareTarget);
  const preview = budgetPreview({ ...values, datasetTrainExamples: dataset?.trainExamples ?? 8000, evaluators: Math.max(1, target?.evaluators?.length ?? 1) });

  const submit = async e => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const job = await api('/jobs', { method: 'POST', body: toJobSpec(values) });
      location.hash = '#/jobs/' + job.id + (accuracyGoal ? '?goal=' + accuracyGoal : '');
    } catch (err) {
      const fe = fieldErrors(err.problem);
      setErrors(fe);
      setFailure(fe.other.length || !Object.keys(fe.byField).length ? err : { message: err.message + ': see the highlighted fields', problem: null });
      // Focus the first field the API complained about.
      const first = FIELDS.find(f => fe.byField[f.id]);
      requestAnimationFrame(() => (first ? document.getElementById(first.id)?.focus() : formRef.current?.querySelector('.problem')?.focus()));
    } finally {
      setBusy(false);
    }
  };

  if (!catalog) return <section><h1 tabindex="-1">New search</h1>{failure ? <Failure error={failure} /> : <Loading what="datasets and hardware" />}</section>;

  return (
    <section>
      <h1 tabindex="-1">New search</h1>
      <div class="presets" role="group" aria-label="Presets">
        <span class="muted">Start from:</span>
        {PRESETS.map(p => <button type="button" key={p.title} class="secondary preset" onClick={() => applyPreset(p)}>{p.title}</button>)}
      </div>
      <div class="form-layout">
        <form ref={formRef} class="card spec-form" onSubmit={submit} novalidate>
          <div id="form-error"><Failure error={failure} /></div>
          {GROUPS.map(([title, ids]) => (
            <fieldset key={title}>
              <legend>{title}</legend>
              <div class="fields">
                {ids.map(id => <Field key={id} f={FIELDS.find(x => x.id === id)} value={values[id]} options={options[id]}
                  errors={errors.byField[id]} onChange={v => set(id, v)} />)}
              </div>
            </fieldset>
          ))}
          <fieldset>
            <legend>Objectives</legend>
            <div class="checks" aria-describedby="err-objectives">
              {OBJECTIVES.map(([id, label]) => (
                <label key={id} class="check"><input type="checkbox" checked={values.objectives.includes(id)}
                  onChange={e => set('objectives', e.currentTarget.checked ? [...values.objectives, id] : values.objectives.filter(o => o !== id))} /> {label}</label>
              ))}
            </div>
            <span class="error" id="err-objectives">{errors.byField.objectives?.join('; ')}</span>
          </fieldset>
          <div class="actions"><button type="submit" disabled={busy}>{busy ? 'Submitting…' : 'Submit search'}</button></div>
        </form>
        <aside class="card preview" aria-labelledby="preview-title" aria-live="polite">
          <h2 id="preview-title">What this budget means <span class="tag">estimate</span></h2>
          <p class="big">{preview.candidates} candidates</p>
          <p>in about <b>{preview.generations}</b> generation{preview.generations === 1 ? '' : 's'} of <b>{preview.population}</b>{values.strategy === 'random' ? ' (random search has no generations; shown for scale)' : ''}</p>
          <p>≈ <b id="estimate-time">{fmtDuration(preview.totalSeconds)}</b> with {Math.max(1, target?.evaluators?.length ?? 1)} evaluator{(target?.evaluators?.length ?? 1) > 1 ? 's' : ''} for {target?.name ?? values.hardwareTarget}
            {' '}(≈ {fmtDuration(preview.perCandidateSeconds)} per candidate to train, prune, fine-tune and time).</p>
          {preview.limitedByClock && <p class="warn">The wall-clock limit ends the search first: only about {preview.candidates} of {values.maxCandidates} candidates fit.</p>}
          <p class="muted">An estimate from candidates measured on a 2-core machine; the real time depends on the architectures found, on the evaluators attached and on their hardware.</p>
          <h3>Limits as read</h3>
          <ul class="plain">
            <li>Size: {values.maxModelBytes ? (parseBytes(values.maxModelBytes) != null ? fmtBytes(parseBytes(values.maxModelBytes)) : 'not readable') : 'no limit'}</li>
            <li>Latency: {values.maxLatencyMs ? (parseMillis(values.maxLatencyMs) != null ? fmtMs(parseMillis(values.maxLatencyMs)) : 'not readable') : 'no limit'}</li>
            <li id="latency-plan">Latency on {target?.name ?? values.hardwareTarget}: {!target ? '–'
              : target.state === 'measured' ? `measured on its evaluator${target.evaluators.length === 1 ? '' : 's'} (${target.evaluators.map(e => e.cpuModel ?? e.host).join('; ')})`
              : values.latencyPolicy === 'wait-for-device' ? 'measured on it: the job waits (queued) until an evaluator of it is attached'
              : target.state === 'predicted' ? `predicted by its latency model (± ${Math.round(target.latencyModel?.heldOutMedianErrorPercent ?? NaN)}% held-out median error); accuracy and size measured on another evaluator`
              : 'unavailable: no evaluator attached and no latency model, so the API refuses the job unless it waits for a device'}</li>
          </ul>
          {accuracyGoal && <p class="notice">Accuracy is an objective, not a limit: the job page marks {Math.round(accuracyGoal * 100)}% and names the fastest candidate above it.</p>}
        </aside>
      </div>
    </section>
  );
}

function Field({ f, value, options, errors, onChange }) {
  const err = errors?.filter(Boolean).join('; ');
  const help = f.unit ? f.id + '-unit' : undefined;
  const described = [help, 'err-' + f.id].filter(Boolean).join(' ');
  return (
    <div class={'field' + (err ? ' invalid' : '')}>
      <label for={f.id}>{f.label}</label>
      {f.kind === 'select' ? (
        <select id={f.id} value={value} onChange={e => onChange(e.currentTarget.value)} aria-describedby={described} aria-invalid={err ? 'true' : undefined}>
          {(options ?? []).map(([v, t, disabled]) => <option key={v} value={v} disabled={disabled}>{t}</option>)}
        </select>
      ) : (
        <div class="with-unit">
          <input id={f.id} type="text" inputmode={f.kind === 'int' ? 'numeric' : 'text'} value={value} placeholder={f.placeholder ?? ''}
            onInput={e => onChange(e.currentTarget.value)} aria-describedby={described} aria-invalid={err ? 'true' : undefined} />
          {f.unit && <span class="unit" id={help}>{f.unit}</span>}
        </div>
      )}
      <span class="error" id={'err-' + f.id}>{err}</span>
    </div>
  );
}
