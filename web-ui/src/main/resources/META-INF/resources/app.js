// Sculptor web UI: a small single-page app over the REST API. No framework, no CDN: plain DOM
// and hand-drawn SVG, so the jar is a few kilobytes and works offline.
'use strict';
const app = document.getElementById('app');
const KEY = 'sculptor.apiKey';
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const fmtBytes = b => b == null ? '–' : b >= 1e6 ? (b / 1e6).toFixed(2) + ' MB' : b >= 1e3 ? (b / 1e3).toFixed(1) + ' kB' : b + ' B';
const fmtMs = v => v == null ? '–' : v.toFixed(v < 10 ? 3 : 1) + ' ms';
const fmtAcc = v => v == null ? '–' : (100 * v).toFixed(1) + '%';
const age = t => { if (!t) return '–'; const s = (Date.now() - Date.parse(t)) / 1000; return s < 60 ? Math.round(s) + ' s' : s < 3600 ? Math.round(s / 60) + ' min' : Math.round(s / 3600) + ' h'; };
let stopStream = null;

async function api(path, options = {}) {
  const res = await fetch('/api/v1' + path, { ...options, headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY), 'Content-Type': 'application/json', ...(options.headers || {}) } });
  if (res.status === 401) { sessionStorage.removeItem(KEY); location.hash = '#/signin'; throw new Error('signed out'); }
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) { const e = new Error(body?.title || res.statusText); e.problem = body; throw e; }
  return body;
}

function route() {
  if (stopStream) { stopStream(); stopStream = null; }
  const hash = location.hash || '#/jobs';
  if (!sessionStorage.getItem(KEY) && hash !== '#/signin') { location.hash = '#/signin'; return; }
  const [, page, id, sub, cid] = hash.split('/');
  const views = { signin: signIn, jobs: id ? (sub === 'candidates' ? () => candidatePage(id, cid) : sub === 'compare' ? () => comparePage(id) : () => jobPage(id)) : jobsPage, new: newSearch };
  (views[page] || jobsPage)().catch(e => { if (e.message !== 'signed out') app.innerHTML = `<div class="problem">${esc(e.message)}</div>`; });
  app.focus();
}

async function signIn() {
  document.getElementById('team').textContent = '';
  app.innerHTML = `<h1>Sign in</h1><form id="f" class="card" style="max-width:420px">
    <div class="field"><label for="key">API key</label><input id="key" type="password" autocomplete="off" required placeholder="sk-…">
    <span class="muted">Kept for this browser tab only. <code>./sculptor start</code> prints one.</span><span class="error" id="err"></span></div>
    <button>Sign in</button></form>`;
  document.getElementById('f').onsubmit = async ev => {
    ev.preventDefault();
    sessionStorage.setItem(KEY, document.getElementById('key').value.trim());
    try { await showTeam(); location.hash = '#/jobs'; } catch (e) { sessionStorage.removeItem(KEY); document.getElementById('err').textContent = 'That key was not accepted.'; }
  };
}

async function showTeam() {
  const me = await api('/me');
  document.getElementById('team').textContent = 'Team: ' + me.team;
  document.getElementById('signout').hidden = false;
}

async function jobsPage() {
  const status = new URLSearchParams(location.hash.split('?')[1] || '').get('status') || '';
  const page = await api('/jobs?limit=100' + (status ? '&status=' + status : ''));
  app.innerHTML = `<h1>Search jobs</h1>
    <p><label>Status <select id="status">${['', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'].map(s => `<option ${s === status ? 'selected' : ''} value="${s}">${s || 'all'}</option>`).join('')}</select></label>
    <a href="#/new" style="margin-left:1rem">New search</a></p>
    <table><thead><tr><th>Name</th><th>Status</th><th>Target</th><th>Constraints</th><th>Progress</th><th>Age</th></tr></thead><tbody>
    ${page.items.map(j => `<tr class="clickable" data-id="${j.id}" tabindex="0"><td><a href="#/jobs/${j.id}">${esc(j.name)}</a></td><td><span class="badge ${j.status}">${j.status}</span></td>
      <td>${esc(j.hardwareTarget)}</td><td>${constraintText(j.spec.constraints)}</td>
      <td><div class="bar" title="${j.progress.evaluated}/${j.progress.budget}"><span style="width:${100 * j.progress.evaluated / j.progress.budget}%"></span></div>
      <span class="muted">${j.progress.evaluated}/${j.progress.budget}</span></td><td>${age(j.createdAt)}</td></tr>`).join('') || '<tr><td colspan="6" class="muted">No jobs yet.</td></tr>'}
    </tbody></table>`;
  document.getElementById('status').onchange = e => { location.hash = '#/jobs' + (e.target.value ? '?status=' + e.target.value : ''); };
  app.querySelectorAll('tr[data-id]').forEach(tr => { tr.onclick = () => location.hash = '#/jobs/' + tr.dataset.id; tr.onkeydown = e => { if (e.key === 'Enter') tr.onclick(); }; });
}

const constraintText = c => [c.maxModelBytes && '≤ ' + fmtBytes(c.maxModelBytes), c.maxLatencyMs && '≤ ' + fmtMs(c.maxLatencyMs)].filter(Boolean).join(', ') || '–';

const PRESETS = {
  'Best model under 10 MB / 50 ms on ARM Cortex-A72': { name: 'Best model under 10 MB / 50 ms on ARM Cortex-A72', hardwareTarget: 'arm-cortex-a72', maxModelBytes: '10MB', maxLatencyMs: '50ms', maxCandidates: 24, strategy: 'genetic' },
  'Fastest model above 98% accuracy on host CPU': { name: 'Fastest model above 98% accuracy on host CPU', hardwareTarget: 'host-cpu', maxModelBytes: '', maxLatencyMs: '5ms', maxCandidates: 32, strategy: 'genetic', epochs: 3 },
};
const FIELDS = [
  ['name', 'Name', 'text', ''], ['dataset', 'Dataset', 'select', 'dataset'], ['hardwareTarget', 'Hardware target', 'select', 'hardwareTarget'],
  ['maxModelBytes', 'Max model size (e.g. 10MB)', 'text', 'constraints.maxModelBytes'], ['maxLatencyMs', 'Max latency (e.g. 50ms)', 'text', 'constraints.maxLatencyMs'],
  ['maxParams', 'Max parameters', 'number', 'constraints.maxParams'], ['strategy', 'Strategy', 'select', 'strategy'],
  ['maxCandidates', 'Candidates (budget)', 'number', 'budget.maxCandidates'], ['maxWallClockMinutes', 'Wall-clock limit (minutes)', 'number', 'budget.maxWallClockMinutes'],
  ['populationSize', 'Population size (optional)', 'number', 'budget.populationSize'], ['epochs', 'Training epochs per candidate', 'number', 'fidelity.epochs'],
  ['trainSubset', 'Training examples (optional subset)', 'number', 'fidelity.trainSubset'], ['seed', 'Seed', 'number', 'seed'],
];

async function newSearch() {
  const [datasets, hardware] = await Promise.all([api('/datasets'), api('/hardware')]);
  const options = { dataset: datasets.map(d => [d.id, d.id]), hardwareTarget: hardware.map(h => [h.id, h.name + (h.measuredLive ? ' (live evaluator)' : ' (no evaluator attached)')]),
    strategy: [['genetic', 'genetic'], ['random', 'random'], ['regularized-evolution', 'regularized evolution']] };
  app.innerHTML = `<h1>New search</h1><div class="presets">${Object.keys(PRESETS).map(p => `<button type="button" class="secondary" data-preset="${esc(p)}">${esc(p)}</button>`).join('')}</div>
    <div class="two"><form id="f" class="card" novalidate><div id="formerr"></div>
    ${FIELDS.map(([id, label, type, field]) => `<div class="field"><label for="${id}">${label}</label>
      ${type === 'select' ? `<select id="${id}">${options[id].map(([v, t]) => `<option value="${v}">${esc(t)}</option>`).join('')}</select>` : `<input id="${id}" type="${type === 'number' ? 'text' : type}" inputmode="${type === 'number' ? 'numeric' : 'text'}">`}
      <span class="error" data-field="${field}" id="err-${id}"></span></div>`).join('')}
    <button>Submit search</button></form><div class="card"><h2>What this budget means</h2><p id="estimate"></p></div></div>`;
  const set = v => Object.entries(v).forEach(([k, val]) => { const el = document.getElementById(k); if (el) el.value = val; });
  set({ name: 'digits search', maxCandidates: 12, maxWallClockMinutes: 30, epochs: 1, seed: 42, maxModelBytes: '2MB', maxLatencyMs: '20ms' });
  app.querySelectorAll('[data-preset]').forEach(b => b.onclick = () => { set(PRESETS[b.dataset.preset]); estimate(); });
  const estimate = () => {
    const n = +document.getElementById('maxCandidates').value || 0, epochs = +document.getElementById('epochs').value || 1;
    const subset = +document.getElementById('trainSubset').value || 8000;
    const perCandidate = 2 + 1.2 * epochs * subset / 2000; // seconds, from measured small CNNs on 2 cores; an estimate
    document.getElementById('estimate').textContent = `${n} candidates × about ${perCandidate.toFixed(0)} s each ≈ ${(n * perCandidate / 60).toFixed(1)} min with one evaluator (an estimate; real time depends on the architectures found).`;
  };
  app.querySelectorAll('input').forEach(i => i.oninput = estimate); estimate();
  document.getElementById('f').onsubmit = async ev => {
    ev.preventDefault();
    app.querySelectorAll('.error').forEach(e => e.textContent = ''); document.getElementById('formerr').innerHTML = '';
    const v = id => document.getElementById(id).value.trim();
    const num = id => v(id) === '' ? undefined : (/^-?\d+(\.\d+)?$/.test(v(id)) ? Number(v(id)) : v(id));
    const spec = { name: v('name'), dataset: v('dataset'), hardwareTarget: v('hardwareTarget'), strategy: v('strategy'), seed: num('seed'),
      constraints: { maxModelBytes: num('maxModelBytes'), maxLatencyMs: num('maxLatencyMs'), maxParams: num('maxParams') },
      budget: { maxCandidates: num('maxCandidates'), maxWallClockMinutes: num('maxWallClockMinutes'), populationSize: num('populationSize') },
      fidelity: { epochs: num('epochs') ?? 1, trainSubset: num('trainSubset'), fineTuneEpochs: 1 } };
    try { const job = await api('/jobs', { method: 'POST', body: JSON.stringify(spec) }); location.hash = '#/jobs/' + job.id; }
    catch (e) {
      const errors = e.problem?.errors || [];
      errors.forEach(er => { const el = app.querySelector(`[data-field="${er.field}"]`); if (el) el.textContent = er.reason; });
      const unplaced = errors.filter(er => !app.querySelector(`[data-field="${er.field}"]`));
      document.getElementById('formerr').innerHTML = `<div class="problem" role="alert">${esc(e.message)}${unplaced.map(er => `<br>${esc(er.field)}: ${esc(er.reason)}`).join('')}</div>`;
    }
  };
}

async function jobPage(id) {
  let sort = 'accuracy', selected = new Set();
  const render = async () => {
    const [job, candidates, history] = await Promise.all([api('/jobs/' + id), api('/jobs/' + id + '/candidates?sort=' + sort), api('/jobs/' + id + '/history')]);
    const p = job.progress, c = job.spec.constraints;
    app.innerHTML = `<h1>${esc(job.name)} <span class="badge ${job.status}" id="status">${job.status}</span></h1>
      ${job.failureReason ? `<div class="problem">${esc(job.failureReason)}</div>` : ''}
      <div class="card stats"><div>Generation<b>${p.generation}</b></div><div>Evaluated<b id="evaluated">${p.evaluated} / ${p.budget}</b></div>
      <div>Best feasible accuracy<b>${fmtAcc(p.bestFeasibleAccuracy)}</b></div><div>Hypervolume<b>${p.hypervolume == null ? '–' : p.hypervolume.toFixed(3)}</b></div>
      <div>ETA<b>${job.status === 'RUNNING' && p.etaSeconds != null ? Math.round(p.etaSeconds) + ' s' : '–'}</b></div>
      <div>Target<b>${esc(job.hardwareTarget)}</b></div><div>Limits<b>${constraintText(c)}</b></div>
      <div style="flex:1;min-width:200px">Progress<div class="bar"><span style="width:${100 * p.evaluated / p.budget}%"></span></div></div>
      ${['QUEUED', 'RUNNING'].includes(job.status) ? '<div><button id="cancel" class="secondary">Cancel</button></div>' : ''}</div>
      <div class="two"><div class="card"><h2>Pareto front: accuracy vs latency</h2>${paretoPlot(candidates, c, id)}
        <p class="muted">Colour: model size (light = small). Grey: misses a constraint. Dashed: latency limit. Click a point to open it.</p></div>
      <div class="card"><h2>Hypervolume by generation</h2>${lineChart(history.map(h => [h.generation, h.hypervolume ?? 0]), 'generation', 'hypervolume')}
        <h2>RL pruning policy reward</h2>${history.some(h => h.policyReward != null) ? lineChart(history.filter(h => h.policyReward != null).map(h => [h.generation, h.policyReward]), 'generation', 'reward') : '<p class="muted">No policy reward yet: the RL pruning policy runs with the genetic strategy and reports after each generation.</p>'}</div></div>
      <h2>Candidates <button id="compare" class="secondary" disabled>Compare selected</button></h2>
      <table><thead><tr><th></th>${[['accuracy', 'Accuracy'], ['latency', 'Latency'], ['size', 'Size'], ['created', 'Created']].map(([k, t]) => `<th><button data-sort="${k}" aria-sort="${sort === k ? 'descending' : 'none'}">${t}${sort === k ? ' ▾' : ''}</button></th>`).join('')}<th>Status</th><th>Feasible</th><th>Front</th></tr></thead>
      <tbody>${candidates.map(k => `<tr class="clickable" data-cid="${k.id}" tabindex="0"><td><input type="checkbox" aria-label="select for comparison" data-pick="${k.id}" ${selected.has(k.id) ? 'checked' : ''}></td>
        <td>${fmtAcc(k.accuracy)}</td><td>${fmtMs(k.latencyMs)} <span class="muted">${k.latencySource ? k.latencySource.toLowerCase() : ''}</span></td><td>${fmtBytes(k.modelBytes)}</td><td>${age(k.createdAt)} ago</td>
        <td><span class="badge ${k.status}">${k.status}</span>${k.failureReason ? ` <span class="muted">${esc(k.failureReason)}</span>` : ''}</td><td>${k.feasible == null ? '–' : k.feasible ? 'yes' : 'no'}</td><td>${k.onFront ? '★' : ''}</td></tr>`).join('')}</tbody></table>`;
    document.getElementById('cancel')?.addEventListener('click', async () => { await api('/jobs/' + id + '/cancel', { method: 'POST' }); render(); });
    app.querySelectorAll('[data-sort]').forEach(b => b.onclick = () => { sort = b.dataset.sort; render(); });
    app.querySelectorAll('tr[data-cid]').forEach(tr => { tr.onclick = e => { if (e.target.dataset.pick) return; location.hash = `#/jobs/${id}/candidates/${tr.dataset.cid}`; }; tr.onkeydown = e => { if (e.key === 'Enter') tr.onclick(e); }; });
    const compare = document.getElementById('compare');
    const sync = () => { compare.disabled = selected.size < 2 || selected.size > 3; };
    app.querySelectorAll('[data-pick]').forEach(cb => cb.onchange = () => { cb.checked ? selected.add(cb.dataset.pick) : selected.delete(cb.dataset.pick); sync(); });
    compare.onclick = () => { location.hash = `#/jobs/${id}/compare/${[...selected].join(',')}`; };
    sync();
    app.querySelectorAll('.point').forEach(pt => { pt.onclick = () => location.hash = `#/jobs/${id}/candidates/${pt.dataset.cid}`; pt.onkeydown = e => { if (e.key === 'Enter') pt.onclick(); }; });
  };
  await render();
  stopStream = follow(id, render);
}

// Live updates: fetch() streams the server-sent events with the Authorization header.
function follow(id, render) {
  const ctrl = new AbortController();
  let pending = null;
  (async () => {
    try {
      const res = await fetch(`/api/v1/jobs/${id}/events`, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY), Accept: 'text/event-stream' }, signal: ctrl.signal });
      const reader = res.body.getReader(); const dec = new TextDecoder(); let buf = '';
      for (;;) {
        const { value, done } = await reader.read(); if (done) break;
        buf += dec.decode(value, { stream: true });
        if (buf.includes('\n\n')) { buf = buf.slice(buf.lastIndexOf('\n\n') + 2); if (!pending) pending = setTimeout(() => { pending = null; render().catch(() => {}); }, 300); }
      }
    } catch (e) { /* navigated away */ }
  })();
  return () => { ctrl.abort(); clearTimeout(pending); };
}

function paretoPlot(candidates, c, jobId) {
  const pts = candidates.filter(k => k.accuracy != null && k.latencyMs != null);
  const W = 640, H = 360, L = 50, B = 36, R = 15, T = 10;
  if (!pts.length) return '<p class="muted">No evaluated candidates yet.</p>';
  const maxLat = Math.max(...pts.map(k => k.latencyMs), c.maxLatencyMs || 0) * 1.1;
  const sizes = pts.map(k => k.modelBytes), smin = Math.min(...sizes), smax = Math.max(...sizes);
  const x = v => L + (W - L - R) * v / maxLat, y = v => T + (H - T - B) * (1 - v);
  const colour = s => { const t = smax === smin ? 0.5 : (s - smin) / (smax - smin); return `hsl(222, 70%, ${75 - 45 * t}%)`; };
  const front = pts.filter(k => k.onFront).sort((a, b) => a.latencyMs - b.latencyMs);
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Pareto plot of accuracy against latency" width="100%">
    <line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#999"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#999"/>
    ${[0, 0.25, 0.5, 0.75, 1].map(a => `<text x="${L - 6}" y="${y(a) + 4}" text-anchor="end">${a * 100}%</text>`).join('')}
    ${[0, 0.25, 0.5, 0.75, 1].map(f => `<text x="${x(f * maxLat)}" y="${H - B + 16}" text-anchor="middle">${(f * maxLat).toFixed(1)}</text>`).join('')}
    <text x="${(W + L) / 2}" y="${H - 4}" text-anchor="middle">latency (ms, batch 1)</text>
    ${c.maxLatencyMs ? `<line x1="${x(c.maxLatencyMs)}" y1="${T}" x2="${x(c.maxLatencyMs)}" y2="${H - B}" stroke="#b42318" stroke-dasharray="5 4"/>` : ''}
    ${front.length > 1 ? `<polyline fill="none" stroke="#3056d3" stroke-opacity=".4" points="${front.map(k => `${x(k.latencyMs)},${y(k.accuracy)}`).join(' ')}"/>` : ''}
    ${pts.map(k => `<circle class="point" tabindex="0" data-cid="${k.id}" cx="${x(k.latencyMs)}" cy="${y(k.accuracy)}" r="${k.onFront ? 7 : 5}"
      fill="${k.feasible ? colour(k.modelBytes) : '#c8c8c8'}" stroke="${k.onFront ? '#1d2330' : 'none'}">
      <title>${fmtAcc(k.accuracy)}, ${fmtMs(k.latencyMs)} (${(k.latencySource || '').toLowerCase()}), ${fmtBytes(k.modelBytes)}${k.feasible ? '' : ', misses a constraint'}</title></circle>`).join('')}
  </svg>`;
}

function lineChart(points, xl, yl) {
  if (!points.length) return '<p class="muted">Nothing yet.</p>';
  const W = 420, H = 160, L = 40, B = 24, T = 8, R = 10;
  const xs = points.map(p => p[0]), ys = points.map(p => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs) || 1, y0 = Math.min(0, ...ys), y1 = Math.max(...ys) || 1;
  const x = v => L + (W - L - R) * (x1 === x0 ? 0.5 : (v - x0) / (x1 - x0)), y = v => T + (H - T - B) * (1 - (v - y0) / (y1 - y0 || 1));
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${yl} by ${xl}"><polyline fill="none" stroke="#3056d3" stroke-width="2" points="${points.map(p => `${x(p[0])},${y(p[1])}`).join(' ')}"/>
    ${points.map(p => `<circle cx="${x(p[0])}" cy="${y(p[1])}" r="3" fill="#3056d3"><title>${xl} ${p[0]}: ${p[1].toFixed(3)}</title></circle>`).join('')}
    <text x="${L - 4}" y="${y(y1) + 4}" text-anchor="end">${y1.toFixed(2)}</text><text x="${L - 4}" y="${y(y0)}" text-anchor="end">${y0.toFixed(2)}</text>
    <text x="${(W + L) / 2}" y="${H - 4}" text-anchor="middle">${xl}</text></svg>`;
}

function layers(spec) {
  const a = spec.architecture, ratios = spec.compression.pruningRatios || [];
  return `<table class="layers"><thead><tr><th>Stage</th><th>Block</th><th>Kernel</th><th>Width</th><th>Depth</th><th>Expansion</th></tr></thead><tbody>
    <tr><td>stem</td><td>conv 3×3</td><td>3</td><td>${a.stemWidth}</td><td>1</td><td>–</td></tr>
    ${a.stages.map((s, i) => `<tr><td>${i + 1}</td><td>${s.block.toLowerCase().replaceAll('_', '-')}</td><td>${s.kernel}</td><td>${s.width}</td><td>${s.depth}</td><td>${s.block === 'INVERTED_RESIDUAL' ? s.expansion : '–'}</td></tr>`).join('')}
    <tr><td>head</td><td>global avg pool${a.headHidden ? ' → dense ' + a.headHidden : ''} → classes</td><td colspan="4">activation ${a.activation.toLowerCase()}</td></tr></tbody></table>
    <p><b>Compression:</b> weights ${spec.compression.precision.toLowerCase()}; ${ratios.length ? 'channel pruning per prunable layer: ' + ratios.map(r => Math.round(r * 100) + '%').join(', ') : 'no pruning'}. Learning rate ${spec.training.learningRate}.</p>`;
}

function metricsTable(k) {
  const m = k.metrics;
  if (!m) return `<p class="muted">${k.status === 'FAILED' ? 'Failed: ' + esc(k.failureReason) : 'Not evaluated yet.'}</p>`;
  const src = (s, unit) => s ? `${s.kind.toLowerCase()} on ${esc(s.hardware)}${s.runs ? ', ' + s.runs + ' ' + unit : ''}<br><span class="muted">${esc(s.method)}</span>` : '–';
  return `<table><tbody><tr><th>Accuracy (${esc(m.accuracySplit)})</th><td>${fmtAcc(m.accuracy)}</td><td>${src(m.accuracySource, 'examples')}</td></tr>
    <tr><th>Latency</th><td>median ${fmtMs(m.latency.medianMs)}, p90 ${fmtMs(m.latency.p90Ms)}, CV ${(100 * m.latency.coefficientOfVariation).toFixed(1)}%, ${m.latency.threads} thread(s), timed in ${esc(m.latency.timedPrecision)}</td><td>${src(m.latency.source, 'timed runs')}</td></tr>
    <tr><th>Model size</th><td>${fmtBytes(m.modelBytes)}</td><td>size of the downloadable file</td></tr>
    <tr><th>Parameters</th><td>${m.params.toLocaleString()}</td><td>from the pruned network's layer shapes</td></tr>
    <tr><th>MACs</th><td>${m.macs.toLocaleString()}</td><td>from the layer shapes</td></tr>
    <tr><th>Peak activation memory</th><td>${fmtBytes(m.peakActivationBytes)}</td><td>largest layer input + output, fp32, batch 1</td></tr></tbody></table>`;
}

async function candidatePage(jobId, cid) {
  const k = await api(`/jobs/${jobId}/candidates/${cid}`);
  const curve = k.trainingCurve || [];
  app.innerHTML = `<p><a href="#/jobs/${jobId}">← back to the job</a></p><h1>Candidate <span class="muted">${k.id.slice(0, 8)}</span> <span class="badge ${k.status}">${k.status}</span> ${k.onFront ? '★ on the front' : ''}</h1>
    ${k.hasModel ? '<p><button id="download">Download model</button> <span class="muted">zip: candidate spec JSON + weights at their planned precision</span></p>' : ''}
    <div class="two"><div class="card"><h2>Architecture</h2>${layers(k.spec)}</div>
    <div class="card"><h2>Measured metrics</h2>${metricsTable(k)}</div></div>
    <div class="card"><h2>Training curve</h2>${curve.length ? `<table><thead><tr><th>Phase</th><th>Epoch</th><th>Loss</th><th>Train accuracy</th><th>Validation accuracy</th></tr></thead><tbody>
      ${curve.map(e => `<tr><td>${esc(e.phase)}</td><td>${e.epoch}</td><td>${e.loss.toFixed(4)}</td><td>${fmtAcc(e.trainAccuracy)}</td><td>${fmtAcc(e.validationAccuracy)}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">No curve.</p>'}</div>`;
  document.getElementById('download')?.addEventListener('click', async () => {
    const res = await fetch(`/api/v1/jobs/${jobId}/candidates/${cid}/model`, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: `sculptor-${cid}.zip` });
    document.body.append(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
}

async function comparePage(jobId) {
  const ids = location.hash.split('/')[4].split(',');
  const cs = await Promise.all(ids.map(id => api(`/jobs/${jobId}/candidates/${id}`)));
  app.innerHTML = `<p><a href="#/jobs/${jobId}">← back to the job</a></p><h1>Compare candidates</h1><div class="grid">${cs.map(k => `<div class="card"><h2><a href="#/jobs/${jobId}/candidates/${k.id}">${k.id.slice(0, 8)}</a></h2>
    <p>${fmtAcc(k.accuracy)} · ${fmtMs(k.latencyMs)} · ${fmtBytes(k.modelBytes)} ${k.feasible ? '' : '· misses a constraint'}</p>${layers(k.spec)}${metricsTable(k)}</div>`).join('')}</div>`;
}

document.getElementById('signout').onclick = () => { sessionStorage.removeItem(KEY); location.hash = '#/signin'; };
window.addEventListener('hashchange', route);
if (sessionStorage.getItem(KEY)) showTeam().catch(() => {});
route();
