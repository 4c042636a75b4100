// The REST client: the API key lives in sessionStorage only (this tab, gone when it closes) and
// travels in the Authorization header. Errors carry the RFC 9457 problem body when there is one.

const KEY = 'sculptor.apiKey';
const BASE = '/api/v1';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  set: key => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super(problem?.title || fallback || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

/** Listeners told when the key stops working (401), so the app can return to sign-in. */
const unauthorised = new Set();
export const onUnauthorised = fn => (unauthorised.add(fn), () => unauthorised.delete(fn));

export const authHeaders = () => ({ Authorization: 'Bearer ' + session.key() });

export async function api(path, { method = 'GET', body, headers = {}, key, signal } = {}) {
  const res = await fetch(BASE + path, {
    method,
    signal,
    headers: { Authorization: 'Bearer ' + (key ?? session.key()), Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') ?? '';
  const json = type.includes('json') ? await res.json().catch(() => null) : null;
  if (res.status === 401 && key === undefined) unauthorised.forEach(fn => fn());
  if (!res.ok) throw new ApiError(res.status, json, res.statusText);
  return json;
}

/** Downloads a binary resource with the key and hands it to the browser as a file. */
export async function download(path, filename) {
  const res = await fetch(BASE + path, { headers: authHeaders() });
  if (!res.ok) {
    const problem = (res.headers.get('content-type') ?? '').includes('json') ? await res.json().catch(() => null) : null;
    throw new ApiError(res.status, problem, 'download failed');
  }
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const jobEventsUrl = id => `${BASE}/jobs/${encodeURIComponent(id)}/events`;
