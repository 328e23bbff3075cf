// Hash routes: `#/obligations?q=…&lang=fr`. Hashes never reach the server, so no path can clash with the API
// or the linked-data paths, and every view and its state can be bookmarked or shared.

let currentLang = 'en';

export function setCurrentLang(l) {
  currentLang = l;
}

/** The current route: { path: '/obligation/aia-art26-7', params: URLSearchParams }. */
export function parseHash(hash = location.hash) {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const i = raw.indexOf('?');
  const path = (i < 0 ? raw : raw.slice(0, i)) || '/';
  const params = new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
  return { path: path.startsWith('/') ? path : `/${path}`, params };
}

/** `#/path?params` with the current language added unless given; empty values are left out. */
export function href(path, params = {}) {
  const qs = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [k, v] of entries) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, x));
    else qs.set(k, String(v));
  }
  if (!qs.has('lang')) qs.set('lang', currentLang);
  return `#${path}?${qs.toString()}`;
}

/** Goes to a route (a new history entry unless replace). */
export function navigate(path, params = {}, { replace = false } = {}) {
  const target = href(path, params);
  if (replace || location.hash === target) {
    history.replaceState(history.state, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else location.hash = target.slice(1);
}
