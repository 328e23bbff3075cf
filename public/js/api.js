// The only module that talks to the server: the public REST API under /v1, nothing else.

/** An answer other than 2xx, with the RFC 9457 problem document when the server sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** '/v1/obligations' + { q: 'x', role: '' } → '/v1/obligations?q=x' (empty values left out). */
export function url(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function fail(res) {
  let problem;
  try {
    problem = await res.json();
  } catch {
    problem = undefined;
  }
  throw new ApiError(res.status, problem);
}

const cache = new Map();

/** GET a JSON document. Knowledge does not change while the server runs, so answers are kept per URL. */
export async function getJson(path, params = {}, { headers = {}, cached = true } = {}) {
  const u = url(path, params);
  if (cached && cache.has(u)) return cache.get(u);
  const p = fetch(u, { headers: { accept: 'application/json', ...headers } }).then(async (res) => {
    if (!res.ok) await fail(res);
    return res.json();
  });
  if (cached) {
    cache.set(u, p);
    p.catch(() => cache.delete(u));
  }
  return p;
}

/** POST a JSON body, answer parsed as JSON. */
export async function postJson(path, body, params = {}, { headers = {}, retries = 0 } = {}) {
  for (let attempt = 0; ; attempt += 1) {
    let res;
    try {
      res = await fetch(url(path, params), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    } catch (err) {
      // A dropped connection: read-only calls (retries > 0) try again before showing a problem.
      if (attempt < retries) continue;
      throw err;
    }
    if (!res.ok && attempt < retries && (res.status >= 500 || res.status === 429)) continue;
    if (!res.ok) await fail(res);
    return res.json();
  }
}

/** POST a JSON body, answer kept as a file: { blob, filename } (filename from Content-Disposition if any). */
export async function postForFile(path, body, params = {}, fallbackName = 'download') {
  const res = await fetch(url(path, params), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) await fail(res);
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename="?([^";]+)"?/i.exec(cd);
  return { blob: await res.blob(), filename: m ? m[1] : fallbackName };
}

let contract;

/**
 * Whether the server offers an optional route (the plan exports, the register), read from its own OpenAPI
 * document, so nothing is called just to find out. Optional features hide on false; a 404 on use hides them too.
 */
export function routeExists(path) {
  contract ??= fetch('/openapi.json', { headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : null))
    .then((doc) => (doc?.paths ? new Set(Object.keys(doc.paths)) : null), () => null);
  return contract.then((paths) => (paths ? paths.has(path) : true));
}

/** Any call with its answer: { body, etag }; throws ApiError when not 2xx (used by the register). */
export async function call(method, path, { params = {}, body, headers = {} } = {}) {
  const res = await fetch(url(path, params), {
    method,
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) await fail(res);
  const text = await res.text();
  return { body: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') ?? undefined };
}
