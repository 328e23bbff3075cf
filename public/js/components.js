// Small pieces several views show: error panels, notices, badges, date status, file downloads.
import { h } from './dom.js';
import { t, formatDate, lang } from './i18n.js';

/** An error as the user sees it: the API's problem title and detail, or a network failure. */
export function errorPanel(err, { heading = false } = {}) {
  const p = err?.problem;
  const title = p?.title ?? (err?.status ? t('error.http', { status: err.status }) : t('error.network'));
  return h('div', { class: 'panel panel-error', role: 'alert' },
    heading ? h('h1', { tabindex: '-1' }, t('error.title')) : h('p', { class: 'panel-title' }, t('error.title')),
    h('p', {}, title),
    p?.detail ? h('p', { class: 'muted' }, p.detail) : null,
    p?.code ? h('p', { class: 'muted small' }, `${p.code}${p.requestId ? ` · ${p.requestId}` : ''}`) : null);
}

/** The reminder that regkg paraphrases the law and EUR-Lex holds the authoritative text. */
export function nonAuthoritativeNotice() {
  const eurlex = `https://eur-lex.europa.eu/legal-content/${lang().toUpperCase()}/TXT/?uri=CELEX:32024R1689`;
  return h('aside', { class: 'notice', 'aria-label': t('notice.label') },
    h('p', {}, t('notice.text'), ' ', h('a', { href: eurlex, rel: 'noopener', hreflang: lang() }, t('notice.link'))));
}

export function badge(text, kind = '') {
  return h('span', { class: ['badge', kind && `badge-${kind}`] }, text);
}

export function deonticLabel(d) {
  return t(`deontic.${d}`);
}

/** "In force since 2 Feb 2025" or "Applies from 2 Dec 2027". */
export function dateStatus(appliesFrom, inForce) {
  return inForce
    ? badge(t('status.inForceSince', { date: formatDate(appliesFrom) }), 'ok')
    : badge(t('status.appliesFrom', { date: formatDate(appliesFrom) }), 'pending');
}

export function loadingText() {
  return h('p', { class: 'loading', role: 'status' }, t('common.loading'));
}

/** Saves a Blob as a file through a temporary link (the browser's download, no server round trip). */
export function saveFile(blob, filename) {
  const a = h('a', { href: URL.createObjectURL(blob), download: filename, hidden: true });
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}

/** A definition list from [term, description] pairs (empty descriptions skipped). */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, d]) => d !== undefined && d !== null && d !== '' && !(Array.isArray(d) && d.length === 0))
    .flatMap(([term, desc]) => [h('dt', {}, term), h('dd', {}, desc)]));
}
