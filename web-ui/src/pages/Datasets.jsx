import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { FORMATS, OPTION_LABELS, balanceRows, formatById, problemRows, shapeText, uploadDataset, uploadParts } from '../lib/datasets.js';
import { fmtAge, fmtBytes } from '../lib/format.js';
import { Failure, Loading, Stat } from '../components/ui.jsx';
import './datasets.css';

/** The team's datasets: list, upload with progress, class balance, sample images, delete. */
export function Datasets({ id }) {
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const load = async () => {
    try {
      setList(await api('/datasets'));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => { load(); }, []);
  const selected = list?.find(d => d.id === id);

  return (
    <section>
      <div class="page-head">
        <h1 tabindex="-1">Datasets</h1>
      </div>
      <Upload onStored={d => { load(); location.hash = '#/datasets/' + encodeURIComponent(d.id); }} />
      <Failure error={error} />
      {list === null && !error ? <Loading what="datasets" /> : list && (
        <div class="table-wrap card">
          <table class="datasets">
            <caption class="sr-only">Datasets a job may name</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Id</th><th scope="col">Source</th><th scope="col">Shape</th>
                <th scope="col" class="num">Classes</th><th scope="col" class="num">Train / val / test</th><th scope="col" class="num">Size</th>
                <th scope="col">Added</th></tr>
            </thead>
            <tbody>
              {list.map(d => (
                <tr key={d.id} class={'clickable' + (d.id === id ? ' selected' : '')} aria-selected={d.id === id ? 'true' : undefined}
                  onClick={e => { if (e.target.tagName !== 'A') location.hash = '#/datasets/' + encodeURIComponent(d.id); }}>
                  <td><a href={'#/datasets/' + encodeURIComponent(d.id)}>{d.name}</a></td>
                  <td><code>{d.id}</code></td>
                  <td>{d.source}</td>
                  <td>{shapeText(d)}</td>
                  <td class="num">{d.classes}</td>
                  <td class="num">{d.trainExamples} / {d.validationExamples} / {d.testExamples}</td>
                  <td class="num">{d.bytes == null ? '–' : fmtBytes(d.bytes)}</td>
                  <td title={d.createdAt ?? ''}>{d.createdAt ? fmtAge(d.createdAt) : 'built in'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {id && list && !selected && <p class="problem" role="alert">No dataset <code>{id}</code> in this team.</p>}
      {selected && <Detail key={selected.id} dataset={selected} onDeleted={() => { load(); location.hash = '#/datasets'; }} />}
    </section>
  );
}

function Upload({ onStored }) {
  const [format, setFormat] = useState('npz');
  const [values, setValues] = useState({ name: '', classes: '', width: '', height: '', channels: '3', seed: '' });
  const [files, setFiles] = useState({});
  const [progress, setProgress] = useState(null); // null: idle; 0–1 while sending; NaN: size unknown
  const [failure, setFailure] = useState(null);
  const formRef = useRef();
  const spec = formatById(format);
  const set = (k, v) => setValues(prev => ({ ...prev, [k]: v }));
  const rows = problemRows(failure?.problem);
  const invalid = new Set(rows.filter(r => r.kind === 'field').map(r => r.name));

  const submit = async e => {
    e.preventDefault();
    setFailure(null);
    setProgress(0);
    try {
      const stored = await uploadDataset(uploadParts(format, values, files), { onProgress: p => setProgress(p ?? NaN) });
      formRef.current?.reset();
      setFiles({});
      setValues(v => ({ ...v, name: '' }));
      onStored(stored);
    } catch (err) {
      setFailure(err);
      requestAnimationFrame(() => document.getElementById('ds-errors')?.focus());
    } finally {
      setProgress(null);
    }
  };
  const busy = progress !== null;
  const pct = Number.isFinite(progress) ? Math.round(100 * progress) : null;

  return (
    <form class="card upload" ref={formRef} onSubmit={submit} aria-labelledby="upload-title">
      <div class="card-head"><h2 id="upload-title">Upload a dataset</h2>
        <span class="muted small">checked, split 80/10/10 per class (seeded) and stored for this team; see docs/datasets.md</span></div>
      <div class="upload-grid">
        <div class={'field' + (invalid.has('format') ? ' invalid' : '')}>
          <label for="ds-format">Format</label>
          <select id="ds-format" value={format} onChange={e => { setFormat(e.target.value); setFiles({}); }}>
            {FORMATS.map(f => <option key={f.id} value={f.id}>{f.label}</option>)}
          </select>
          <span class="help">{spec.help}</span>
        </div>
        <div class={'field' + (invalid.has('name') ? ' invalid' : '')}>
          <label for="ds-name">Name</label>
          <input id="ds-name" type="text" value={values.name} placeholder="default: the file's name" onInput={e => set('name', e.target.value)} />
        </div>
        {spec.files.map(f => (
          <div key={format + f.part} class={'field' + (invalid.has(f.part) ? ' invalid' : '')}>
            <label for={'ds-' + f.part}>{f.label}</label>
            <input id={'ds-' + f.part} type="file" accept={f.accept || undefined} aria-invalid={invalid.has(f.part) ? 'true' : undefined}
              onChange={e => { const file = e.target.files?.[0]; setFiles(prev => ({ ...prev, [f.part]: file })); }} />
          </div>
        ))}
        {spec.options.map(o => (
          <div key={o} class={'field' + (invalid.has(o) ? ' invalid' : '')}>
            <label for={'ds-' + o}>{OPTION_LABELS[o]}</label>
            {o === 'channels'
              ? <select id="ds-channels" value={values.channels} onChange={e => set('channels', e.target.value)}>
                  <option value="3">3 (RGB)</option><option value="1">1 (grayscale)</option></select>
              : <input id={'ds-' + o} type="text" inputmode="numeric" value={values[o]} aria-invalid={invalid.has(o) ? 'true' : undefined}
                  placeholder={o === 'classes' ? 'largest label + 1' : o === 'seed' ? '42' : 'as uploaded'} onInput={e => set(o, e.target.value)} />}
          </div>
        ))}
      </div>
      <div class="upload-actions">
        <button type="submit" id="ds-upload" disabled={busy}>{busy ? 'Uploading…' : 'Upload'}</button>
        {busy && (
          <div class="progress" id="ds-progress">
            <div class="bar" role="progressbar" aria-label="upload progress" aria-valuemin="0" aria-valuemax="100"
              aria-valuenow={pct ?? undefined}><span style={{ width: (pct ?? 100) + '%' }} /></div>
            <span class="muted">{pct === null ? 'sending…' : pct < 100 ? pct + '%' : 'checking…'}</span>
          </div>
        )}
      </div>
      {failure && (
        <div class="problem" id="ds-errors" role="alert" tabindex="-1">
          <b>{failure.message}</b>{failure.status ? <span class="muted"> (HTTP {failure.status})</span> : null}
          {rows.length > 0 && (
            <table class="ds-problems">
              <thead><tr><th scope="col">Where</th><th scope="col">Example</th><th scope="col">What</th></tr></thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i} class="ds-problem">
                    <td>{r.kind === 'field' ? <>form field <code>{r.name}</code></> : r.kind === 'file' ? <>file <code>{r.name}</code></> : '(request)'}</td>
                    <td class="num">{r.index === null ? '–' : '#' + r.index}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </form>
  );
}

function Detail({ dataset: d, onDeleted }) {
  const rows = balanceRows(d);
  const uploaded = d.source === 'uploaded';
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState(null);
  const remove = async () => {
    try {
      await api('/datasets/' + encodeURIComponent(d.id), { method: 'DELETE' });
      onDeleted();
    } catch (e) {
      setDeleteError(e);
      setConfirming(false);
    }
  };
  const maxShare = rows ? Math.max(...rows.map(r => r.share ?? 0), 0.0001) : 1;

  return (
    <div class="card" id="dataset-detail">
      <div class="card-head">
        <h2 id="dataset-name">{d.name}</h2>
        <span class="tag">{d.source}</span>
        <span class="spacer" />
        {uploaded && !confirming && <button class="danger" id="ds-delete" onClick={() => { setDeleteError(null); setConfirming(true); }}>Delete…</button>}
        {uploaded && confirming && (
          <span class="confirm" role="group" aria-label="Confirm deletion">
            Delete {d.name} and its file?{' '}
            <button class="danger" id="ds-delete-confirm" onClick={remove}>Delete</button>{' '}
            <button class="secondary" onClick={() => setConfirming(false)}>Keep</button>
          </span>
        )}
      </div>
      <Failure error={deleteError} />
      <div class="stats">
        <Stat label="Id"><code id="dataset-id">{d.id}</code></Stat>
        <Stat label="Input (C×H×W)" id="dataset-shape">{shapeText(d)}</Stat>
        <Stat label="Classes" id="dataset-classes">{d.classes}</Stat>
        <Stat label="Train / val / test">{d.trainExamples} / {d.validationExamples} / {d.testExamples}</Stat>
        {d.format && <Stat label="Uploaded as">{d.format}</Stat>}
        {d.bytes != null && <Stat label="Stored">{fmtBytes(d.bytes)}</Stat>}
        {d.sha256 && <Stat label="sha256"><code title={d.sha256}>{d.sha256.slice(0, 12)}…</code></Stat>}
      </div>
      <p class="muted small">Name <code>{d.id}</code> as a job's <code>dataset</code> to search on it. {d.description}</p>
      <h3>Classes</h3>
      {rows ? (
        <div class="table-wrap">
          <table class="balance">
            <thead><tr><th scope="col" class="num">Label</th><th scope="col">Class</th><th scope="col" class="num">Train</th>
              <th scope="col" class="num">Validation</th><th scope="col" class="num">Test</th><th scope="col">Share</th></tr></thead>
            <tbody>
              {rows.map(r => (
                <tr key={r.label} class="class-row">
                  <td class="num">{r.label}</td><td class="class-name">{r.name}</td>
                  <td class="num">{r.train}</td><td class="num">{r.validation}</td><td class="num">{r.test}</td>
                  <td><div class="share"><span class="share-bar" style={{ width: (100 * (r.share ?? 0) / maxShare) + '%' }} />
                    <span class="muted">{r.share == null ? '–' : (100 * r.share).toFixed(1) + '%'}</span></div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p class="muted">{d.classNames?.join(', ')} — counts per class are kept for uploads only.</p>}
      {uploaded ? <Samples id={d.id} /> : <p class="muted small">Sample images are shown for uploaded datasets; built-in ones live in the evaluators.</p>}
    </div>
  );
}

function Samples({ id }) {
  const [samples, setSamples] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const abort = new AbortController();
    api('/datasets/' + encodeURIComponent(id) + '/samples?perClass=8', { signal: abort.signal })
      .then(setSamples).catch(e => { if (e.name !== 'AbortError') setError(e); });
    return () => abort.abort();
  }, [id]);
  return (
    <>
      <h3>Samples <span class="muted small">{samples ? `the first ${samples.perClass} training images of each class` : ''}</span></h3>
      <Failure error={error} />
      {!samples && !error && <Loading what="samples" />}
      {samples && (
        <div class="samples" id="samples">
          {samples.classes.map(c => (
            <div class="sample-row" key={c.label}>
              <div class="sample-class"><b>{c.name}</b><span class="muted small">{c.trainExamples} in train</span></div>
              <div class="sample-images">
                {c.samples.map(s => (
                  <img key={s.index} src={'data:' + samples.mediaType + ';base64,' + s.png} width={s.width} height={s.height}
                    alt={`${c.name}, training image ${s.index}`} title={`${c.name} #${s.index} (${s.width}×${s.height})`} />
                ))}
              </div>
            </div>
          ))}
        </div>
      )}
    </>
  );
}
