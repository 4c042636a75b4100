// The Datasets page's logic: which form parts each upload format sends, where an upload's problem
// points (a form field, or a file and an example index), class balance rows, and the upload itself
// over XMLHttpRequest (fetch() cannot report upload progress). Pure parts are unit-tested in
// test/datasets.test.js.
import { ApiError, session } from './api.js';

/** Upload formats (the api's `format`), the file parts each takes and the options that apply to it. */
export const FORMATS = [
  { id: 'npz', label: 'NumPy .npz', files: [{ part: 'file', label: '.npz file', accept: '.npz' }], options: ['classes', 'seed'],
    help: 'x: uint8 (N, H, W) or (N, H, W, C) with C 1 or 3; y: integer labels (N,). Or x_train/y_train, x_validation/y_validation, x_test/y_test.' },
  { id: 'image-zip', label: 'Zip of class folders', files: [{ part: 'file', label: '.zip file', accept: '.zip' }],
    options: ['width', 'height', 'channels', 'seed'],
    help: '<class>/<image>.png|jpg, optionally under train/, validation/, test/. Class names are the folder names.' },
  { id: 'idx', label: 'IDX (MNIST style)', files: [{ part: 'images', label: 'images (IDX, gzipped or not)', accept: '' },
    { part: 'labels', label: 'labels (IDX)', accept: '' }], options: ['classes', 'seed'],
    help: 'An IDX image file (N×H×W uint8) and its label file.' },
];

export const OPTION_LABELS = {
  classes: 'Classes', width: 'Width (px)', height: 'Height (px)', channels: 'Channels', seed: 'Split seed',
};

/** The form's own fields: an error naming one of these is about the form, any other name is a file or a zip entry. */
const FORM_FIELDS = new Set(['format', 'name', 'images', 'labels', 'file', 'classes', 'width', 'height', 'channels', 'seed', 'quota', 'id']);

export const formatById = id => FORMATS.find(f => f.id === id) ?? FORMATS[0];

/**
 * The multipart parts of an upload, in order: [name, value] for text, [name, File] for files.
 * Blank options are left out (the api's defaults apply); only the chosen format's parts go.
 */
export function uploadParts(formatId, values, files) {
  const format = formatById(formatId);
  const parts = [['format', format.id]];
  if (values.name?.trim()) parts.push(['name', values.name.trim()]);
  for (const o of format.options) {
    const v = String(values[o] ?? '').trim();
    if (v !== '') parts.push([o, v]);
  }
  for (const f of format.files) if (files[f.part]) parts.push([f.part, files[f.part]]);
  return parts;
}

/**
 * Where a problem's error points. The api names a form field ("classes"), a file (form part or zip
 * entry, "cat/2.png") or an example in a file ("labels.idx[7]").
 */
export function locate(field) {
  const text = String(field ?? '');
  const m = /^(.*)\[(\d+)\]$/.exec(text);
  const name = m ? m[1] : text;
  const index = m ? Number(m[2]) : null;
  if (index === null && FORM_FIELDS.has(name)) return { kind: 'field', name, index: null };
  return { kind: text ? 'file' : 'body', name, index };
}

/** A problem's errors as rows to show: where (kind, name, index) and what. */
export function problemRows(problem) {
  return (problem?.errors ?? []).map(e => ({ ...locate(e.field), reason: e.reason }));
}

/** Per class: name, examples in each split, and its share of all examples (uploads only; null for built-ins). */
export function balanceRows(dataset) {
  const counts = dataset?.countsPerClass;
  if (!counts) return null;
  return (dataset.classNames ?? []).map((name, i) => ({
    label: i,
    name,
    train: counts.train?.[i] ?? 0,
    validation: counts.validation?.[i] ?? 0,
    test: counts.test?.[i] ?? 0,
    share: dataset.classBalance?.[i] ?? null,
  }));
}

/** "3×32×32" from the api's "3x32x32". */
export const shapeText = d => (d?.inputShape ?? '').replaceAll('x', '×');

/**
 * POSTs the parts as multipart/form-data, reporting upload progress as a share (0–1, or null when
 * the size is unknown). Resolves with the stored dataset, rejects with an ApiError carrying the
 * problem body.
 */
export function uploadDataset(parts, { onProgress } = {}) {
  const form = new FormData();
  for (const [name, value] of parts) form.append(name, value);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/datasets');
    xhr.setRequestHeader('Authorization', 'Bearer ' + session.key());
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = e => onProgress?.(e.lengthComputable ? e.loaded / e.total : null);
    xhr.onload = () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body, xhr.status === 413 ? 'The upload is too large' : xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, null, 'The upload did not reach the server'));
    xhr.send(form);
  });
}
