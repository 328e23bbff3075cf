// The system register: GET /v1/systems, each system's evidence (GET /v1/systems/{id}/evidence) for open items
// and deadlines, and POST /v1/systems/{id}/reassess. The API key goes in X-API-Key and is kept in sessionStorage
// only, so it is gone when the tab closes.
import { h, uid, replace, announce } from '../dom.js';
import { t, formatDate, today } from '../i18n.js';
import { call, routeExists, ApiError } from '../api.js';
import { navigate } from '../router.js';
import { riskClasses, conceptLabel } from '../knowledge.js';
import { badge, errorPanel, loadingText } from '../components.js';

const KEY = 'regkg.apiKey';

const headers = () => {
  const key = sessionStorage.getItem(KEY);
  return key ? { 'x-api-key': key } : {};
};

/** Open evidence items, the overdue ones (obligation already applies) and the next date one falls due. */
function evidenceSummary(list, ref) {
  const open = (list?.items ?? []).filter((i) => i.open);
  const overdue = open.filter((i) => i.obligation.appliesFrom <= ref);
  const next = open.map((i) => i.obligation.appliesFrom).filter((d) => d > ref).sort()[0];
  return { open, overdue, next };
}

/** A re-assessment's diff in one line. */
function diffText(diff) {
  if (!diff?.changed) return t('register.noChange');
  const parts = [];
  const d = diff.duties ?? {};
  if (diff.riskClasses?.added?.length || diff.riskClasses?.removed?.length) parts.push(t('register.diffClasses'));
  if (d.added?.length) parts.push(t('register.diffAdded', { count: d.added.length }));
  if (d.removed?.length) parts.push(t('register.diffRemoved', { count: d.removed.length }));
  if (d.datesMoved?.length) parts.push(t('register.diffMoved', { count: d.datesMoved.length }));
  if (d.nowInForce?.length) parts.push(t('register.diffInForce', { count: d.nowInForce.length }));
  if (diff.evidence?.added?.length) parts.push(t('register.diffEvidence', { count: diff.evidence.added.length }));
  return parts.length ? parts.join(' · ') : t('register.changed');
}

export async function registerView(ctx) {
  const { lang } = ctx;
  const title = t('register.title');
  if (!(await routeExists('/v1/systems'))) {
    return { title, node: h('div', {}, h('h1', {}, title), h('p', { class: 'panel' }, t('register.unavailable'))) };
  }
  const classes = await riskClasses(lang);
  const area = h('div', { class: 'register-area' });
  const status = h('p', { role: 'status', class: 'small register-status' });
  const keyId = uid('key');
  const ref = today();

  const signIn = (message) => {
    const form = h('form', { class: 'inline-form', autocomplete: 'off' },
      h('label', { for: keyId }, t('register.apiKey')),
      h('input', { id: keyId, name: 'key', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${keyId}-hint` }),
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('register.signIn')),
      h('p', { id: `${keyId}-hint`, class: 'hint' }, t('register.keyHint')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const key = form.elements.namedItem('key').value.trim();
      if (!key) return;
      sessionStorage.setItem(KEY, key);
      void show();
    });
    replace(area, message ? h('p', { class: 'panel panel-error', role: 'alert' }, message) : null, form);
  };

  const reassess = async (s, button) => {
    button.disabled = true;
    status.textContent = t('register.reassessing', { name: s.name });
    try {
      const { body } = await call('POST', `/v1/systems/${encodeURIComponent(s.id)}/reassess`, { body: {}, headers: headers() });
      await show();
      status.textContent = `${s.name}: ${diffText(body?.diff)}`;
      announce(status.textContent);
    } catch (err) {
      button.disabled = false;
      status.textContent = err instanceof ApiError && err.status === 403 ? t('register.forbidden') : (err.problem?.detail ?? err.message);
    }
  };

  const openResult = async (s, button) => {
    button.disabled = true;
    try {
      const { body } = await call('GET', `/v1/systems/${encodeURIComponent(s.id)}`, { headers: headers() });
      navigate('/result', { p: JSON.stringify(body.profile), asOf: body.assessment?.result?.asOf ?? body.asOf, lang });
    } catch (err) {
      button.disabled = false;
      status.textContent = err.problem?.detail ?? err.message;
    }
  };

  const row = (s, ev) => {
    const sum = evidenceSummary(ev, ref);
    // The accessible name starts with the visible label and names the system (a table has many such buttons).
    const again = h('button', { type: 'button', class: 'btn', 'aria-label': `${t('register.reassess')}: ${s.name}` }, t('register.reassess'));
    again.addEventListener('click', () => reassess(s, again));
    const open = h('button', { type: 'button', class: 'btn btn-link', 'aria-label': `${t('register.open')}: ${s.name}` }, t('register.open'));
    open.addEventListener('click', () => openResult(s, open));
    return h('tr', { dataset: { system: s.id } },
      h('th', { scope: 'row' }, s.name,
        h('p', { class: 'small muted' }, t('register.assessedAt', { date: formatDate(s.asOf) }))),
      h('td', {}, s.inScope === false ? badge(t('result.outOfScope'), 'neutral')
        : (s.riskClasses ?? []).map((c) => [badge(conceptLabel({ schemes: [classes] }, 'risk-class', c), c === 'high-risk' || c === 'prohibited' ? 'warn' : 'class'), ' '])),
      h('td', {}, ev === null ? '—' : sum.open.length === 0 ? badge(t('register.allProvided'), 'ok')
        : h('details', {},
          h('summary', {}, t('register.openCount', { count: sum.open.length }), sum.overdue.length ? [' ', badge(t('register.overdue', { count: sum.overdue.length }), 'danger')] : null),
          h('ul', { class: 'plain small' }, sum.open.map((i) => h('li', {},
            h('strong', {}, i.evidence.label), ` — ${i.obligation.label} (${formatDate(i.obligation.appliesFrom)})`))))),
      h('td', {}, sum.next ? h('span', {}, formatDate(sum.next)) : '—'),
      h('td', { class: 'actions-cell' }, again, ' ', open));
  };

  const show = async () => {
    replace(area, loadingText());
    let page;
    try {
      ({ body: page } = await call('GET', '/v1/systems', { params: { limit: 100 }, headers: headers() }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        const had = sessionStorage.getItem(KEY);
        sessionStorage.removeItem(KEY);
        return signIn(had ? t('register.rejected') : '');
      }
      if (err instanceof ApiError && err.status === 403) return replace(area, h('p', { class: 'panel panel-error' }, t('register.forbidden')));
      return replace(area, errorPanel(err));
    }
    const systems = page.items ?? [];
    const evidence = await Promise.all(systems.map((s) => call('GET', `/v1/systems/${encodeURIComponent(s.id)}/evidence`, { headers: headers() }).then((r) => r.body, () => null)));
    const signOut = sessionStorage.getItem(KEY)
      ? h('button', { type: 'button', class: 'btn btn-link', onclick: () => { sessionStorage.removeItem(KEY); signIn(); } }, t('register.signOut'))
      : null;
    if (!systems.length) return replace(area, h('p', {}, t('register.empty')), signOut);
    return replace(area,
      h('div', { class: 'table-wrap' }, h('table', { class: 'register-table' },
        h('caption', {}, t('register.count', { count: page.total ?? systems.length })),
        h('thead', {}, h('tr', {}, [t('register.system'), t('register.classes'), t('register.openEvidence'), t('register.nextDeadline'), t('register.actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, systems.map((s, i) => row(s, evidence[i]))))),
      signOut);
  };

  await show();
  return { title, node: h('div', { class: 'register' }, h('h1', {}, title), h('p', { class: 'lead' }, t('register.lead')), status, area) };
}
