// The board's HTTP API (docs/board-api.md): JSON in and out; every write carries the per-process
// CSRF token the server wrote into the page's <meta name="sciorex-csrf">.

const csrf = document.querySelector('meta[name="sciorex-csrf"]')?.getAttribute('content') ?? '';

export class ApiError extends Error {
  constructor(status, body, text) {
    super(body?.error ?? (text || `HTTP ${status}`));
    this.status = status;
    this.code = body?.code;
    this.body = body;
  }
}

export async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (method !== 'GET') init.headers['X-Sciorex-Csrf'] = csrf;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { error: `The board server cannot be reached (${e.message}).` });
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data, text);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const patch = (path, body) => api('PATCH', path, body ?? {});

/** '/api/board?type=bug&q=x' from a path and an object; empty values are left out. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v != null && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const enc = encodeURIComponent;
