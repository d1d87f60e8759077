// The REST API: same origin, the token from sessionStorage as Authorization: Bearer.
const KEY = 'siegegrid.token';

export function token() {
  return sessionStorage.getItem(KEY) || '';
}

export function setToken(t) {
  if (t) sessionStorage.setItem(KEY, t);
  else sessionStorage.removeItem(KEY);
}

/** An API refusal: status, code and every problem ({field, message}). */
export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || ('HTTP ' + status));
    this.status = status;
    this.code = e.code || 'http_' + status;
    this.problems = e.problems || [{ field: null, message: this.message }];
  }
}

const listeners = new Set();
/** Called with every ApiError (the page shows 401 and 503 in its banner). */
export function onApiError(fn) { listeners.add(fn); }

export async function call(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const t = token();
  if (t) headers['Authorization'] = 'Bearer ' + t;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let r;
  try {
    r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    const err = new ApiError(0, { error: { code: 'network', message: 'the node did not answer (' + e.message + ')' } });
    listeners.forEach((fn) => fn(err));
    throw err;
  }
  if (r.status === 204) return null;
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!r.ok) {
    const err = new ApiError(r.status, json);
    listeners.forEach((fn) => fn(err));
    throw err;
  }
  return json;
}

export const get = (p) => call('GET', p);
export const post = (p, b) => call('POST', p, b);
export const patch = (p, b) => call('PATCH', p, b);
export const del = (p) => call('DELETE', p);
