import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { fmtBytes, fmtCount, fmtDuration, fmtMs, targetOption } from '../lib/format.js';
import { COMPRESSION_TECHNIQUES, DEFAULTS, FIELDS, LATENCY_POLICIES, OBJECTIVES, PRESETS, STRATEGIES, fieldErrors, toJobSpec } from '../lib/spec.js';
import { Failure, Loading } from '../components/ui.jsx';

const GROUPS = [
  ['What to search', ['name', 'dataset', 'searchSpace', 'hardwareTarget', 'latencyPolicy']],
  ['Constraints (a candidate must meet all)', ['maxModelBytes', 'maxLatencyMs', 'maxParams', 'maxMacs', 'maxPeakMemoryBytes', 'minAccuracy']],
  ['Budget', ['strategy', 'maxCandidates', 'maxWallClockMinutes', 'populationSize', 'generations', 'plateauGenerations']],
  ['Training fidelity', ['epochs', 'fineTuneEpochs', 'trainSubset', 'seed']],
  ['Final training of the front', ['finalCandidates', 'finalEpochs']],
];

/** How long the form must stay unchanged before the API is asked what it means. */
const PREVIEW_DELAY_MS = 300;

/**
 * The API's preview of the spec the form describes (POST /jobs/preview: the server's validation,
 * budget rules and device rule), asked again once the form has stopped changing for a moment; an
 * answer to an older form is dropped. {result} or {problem}: the refusal a submit would get.
 */
function usePreview(body) {
  const [state, setState] = useState({ result: null, error: null, pending: true });
  const text = JSON.stringify(body);
  useEffect(() => {
    const stop = new AbortController();
    setState(s => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      api('/jobs/preview', { method: 'POST', body, signal: stop.signal })
        .then(result => stop.signal.aborted || setState({ result, error: null, pending: false }))
        .catch(error => stop.signal.aborted || setState({ result: null, error, pending: false }));
    }, PREVIEW_DELAY_MS);
    return () => { clearTimeout(timer); stop.abort(); };
  }, [text]);
  return state;
}

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
    // every target is offered with its state; whether a job on it is accepted is the preview's answer
    hardwareTarget: catalog.hardware.map(h => [h.id, targetOption(h)]),
    latencyPolicy: LATENCY_POLICIES,
    strategy: STRATEGIES,
  }, [catalog]);

  const spec = useMemo(() => toJobSpec(values), [values]);
  const preview = usePreview(spec);
  const target = catalog?.hardware.find(h => h.id === values.hardwareTarget);

  const submit = async e => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const job = await api('/jobs', { method: 'POST', body: spec });
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
            <p class="muted">Two or three: the front, its hypervolume and the Pareto plot are kept over exactly these. The limits above apply whichever you choose.</p>
            <div class="checks" aria-describedby="err-objectives">
              {OBJECTIVES.map(([id, label]) => (
                <label key={id} class="check"><input type="checkbox" checked={values.objectives.includes(id)}
                  onChange={e => set('objectives', e.currentTarget.checked ? [...values.objectives, id] : values.objectives.filter(o => o !== id))} /> {label}</label>
              ))}
            </div>
            <span class="error" id="err-objectives">{errors.byField.objectives?.join('; ')}</span>
          </fieldset>
          <fieldset>
            <legend>Compression techniques</legend>
            <p class="muted">The search always chooses channel pruning and one weight precision. Each technique ticked here adds its own choices; one left out stays off in every candidate.</p>
            <div class="checks" aria-describedby="err-compressionTechniques">
              {COMPRESSION_TECHNIQUES.map(([id, label]) => (
                <label key={id} class="check"><input type="checkbox" checked={(values.compressionTechniques ?? []).includes(id)}
                  onChange={e => set('compressionTechniques', e.currentTarget.checked ? [...(values.compressionTechniques ?? []), id] : (values.compressionTechniques ?? []).filter(o => o !== id))} /> {label}</label>
              ))}
            </div>
            <span class="error" id="err-compressionTechniques">{errors.byField.compressionTechniques?.join('; ')}</span>
            {(values.compressionTechniques ?? []).includes('DISTILLATION') && (
              <div class="fields">
                <Field f={FIELDS.find(x => x.id === 'teacher')} value={values.teacher ?? ''} errors={errors.byField.teacher}
                  onChange={v => set('teacher', v)} />
              </div>
            )}
          </fieldset>
          <div class="actions"><button type="submit" disabled={busy}>{busy ? 'Submitting…' : 'Submit search'}</button></div>
        </form>
        <aside class="card preview" aria-labelledby="preview-title" aria-live="polite" aria-busy={preview.pending ? 'true' : 'false'}>
          <h2 id="preview-title">What this budget means <span class="tag">estimate</span></h2>
          {preview.result ? <PreviewAnswer p={preview.result} target={target} strategy={values.strategy} />
            : preview.error ? <div id="preview-refusal"><p>The API would refuse this spec:</p><Failure error={preview.error} /></div>
            : <p class="muted" role="status">Asking the API…</p>}
          {accuracyGoal && <p class="notice">Accuracy is an objective, not a limit: the job page marks {Math.round(accuracyGoal * 100)}% and names the fastest candidate above it.</p>}
        </aside>
      </div>
    </section>
  );
}

/** The preview's numbers, warnings, the limits as the API read them, and where latencies would come from. */
function PreviewAnswer({ p, target, strategy }) {
  const e = p.estimate;
  const c = p.spec.constraints;
  const name = target?.name ?? p.latency.hardwareTarget;
  const hardware = p.latency.evaluators;
  return (
    <>
      <p class="big"><span id="estimate-candidates">{e.candidates}</span> candidates</p>
      <p>in about <b>{e.generations}</b> generation{e.generations === 1 ? '' : 's'} of <b>{e.populationSize}</b>{strategy === 'random' ? ' (random search has no generations; shown for scale)' : ''}
        {' '}· {fmtCount(e.candidateEpochs)} candidate-epochs of the {fmtCount(p.candidateEpochsQuota)} one job may use</p>
      <p>≈ <b id="estimate-time">{fmtDuration(e.totalSeconds)}</b> with {e.evaluators} evaluator{e.evaluators > 1 ? 's' : ''} for {name}
        {' '}(≈ {fmtDuration(e.secondsPerCandidate)} per candidate to train, prune, fine-tune and time, on {e.trainExamples.toLocaleString()} training examples).</p>
      {p.warnings.map(w => <p class="warn" key={w.code}>{w.message[0].toUpperCase() + w.message.slice(1)}.</p>)}
      <p class="muted">An estimate from candidates measured on a 2-core machine; the real time depends on the architectures found, on the evaluators attached and on their hardware.</p>
      <h3>Limits as read</h3>
      <ul class="plain">
        <li>Size: {c.maxModelBytes != null ? fmtBytes(c.maxModelBytes) : 'no limit'}</li>
        <li>Latency: {c.maxLatencyMs != null ? fmtMs(c.maxLatencyMs) : 'no limit'}</li>
        <li id="latency-plan">Latency on {name}: {p.latency.plan === 'MEASURED' ? `measured on its evaluator${hardware.length === 1 ? '' : 's'} (${hardware.join('; ')})`
          : p.latency.plan === 'WAIT' ? 'measured on it: the job waits (queued) until an evaluator of it is attached'
          : `predicted by its latency model (± ${Math.round(p.latency.predictionErrorPercent ?? NaN)}% held-out median error); accuracy and size measured on another evaluator`}</li>
      </ul>
    </>
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
