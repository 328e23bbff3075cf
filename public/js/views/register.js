// The system register (GET /v1/systems, API key in X-API-Key): systems, open evidence, deadlines, re-assess.
// The key is kept in sessionStorage only: it is gone when the tab closes.
import { h, uid, replace, announce } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { call, routeExists, ApiError } from '../api.js';
import { href } from '../router.js';
import { riskClasses, conceptLabel } from '../knowledge.js';
import { badge, errorPanel, loadingText } from '../components.js';

const KEY = 'regkg.apiKey';

const items = (body) => (Array.isArray(body) ? body : body?.items ?? body?.systems ?? []);

/** The fields the list shows, read from a register entry (tolerant of where the assessment sits). */
function summarise(s) {
  const a = s.assessment ?? s.latestAssessment ?? {};
  const profile = s.profile ?? {};
  const evidence = s.openEvidence ?? s.evidence ?? [];
  const open = Array.isArray(evidence) ? evidence.filter((e) => !e.status || !['done', 'complete', 'completed', 'provided'].includes(String(e.status).toLowerCase())) : [];
  const next = s.nextDeadline ?? (a.timeline ?? []).find((e) => !e.inForce)?.date;
  return {
    id: s.id ?? s.systemId,
    name: s.name ?? profile.name ?? s.id,
    classes: a.riskClasses ?? s.riskClasses ?? [],
    openEvidence: typeof evidence === 'number' ? evidence : open,
    next,
    assessedAt: s.assessedAt ?? a.asOf ?? s.updatedAt,
    profile,
  };
}

export async function registerView(ctx) {
  const { lang } = ctx;
  const available = await routeExists('/v1/systems');
  const title = t('register.title');
  if (!available) {
    return { title, node: h('div', {}, h('h1', {}, title), h('p', { class: 'panel' }, t('register.unavailable'))) };
  }
  const classes = await riskClasses(lang);
  const area = h('div', { class: 'register-area' });
  const keyId = uid('key');

  const signIn = () => {
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
    replace(area, form);
  };

  const reassess = async (s, button, status) => {
    const headers = { 'x-api-key': sessionStorage.getItem(KEY) ?? '' };
    button.disabled = true;
    status.textContent = t('register.reassessing');
    try {
      const { etag } = await call('GET', `/v1/systems/${encodeURIComponent(s.id)}`, { headers });
      await call('POST', `/v1/systems/${encodeURIComponent(s.id)}/assessments`, { params: { lang }, body: {}, headers: etag ? { ...headers, 'if-match': etag } : headers });
      status.textContent = t('register.reassessed');
      announce(status.textContent);
      await show();
    } catch (err) {
      status.textContent = err instanceof ApiError && (err.status === 404 || err.status === 405) ? t('register.reassessUnavailable') : (err.problem?.detail ?? err.message);
    } finally {
      button.disabled = false;
    }
  };

  const show = async () => {
    const key = sessionStorage.getItem(KEY);
    if (!key) return signIn();
    replace(area, loadingText());
    let body;
    try {
      ({ body } = await call('GET', '/v1/systems', { headers: { 'x-api-key': key } }));
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        sessionStorage.removeItem(KEY);
        signIn();
        area.prepend(h('p', { class: 'panel panel-error', role: 'alert' }, t('register.rejected')));
        return undefined;
      }
      replace(area, errorPanel(err));
      return undefined;
    }
    const systems = items(body).map(summarise);
    const signOut = h('button', { type: 'button', class: 'btn btn-link', onclick: () => { sessionStorage.removeItem(KEY); signIn(); } }, t('register.signOut'));
    if (!systems.length) return replace(area, h('p', {}, t('register.empty')), signOut);
    const status = h('p', { role: 'status', class: 'small' });
    replace(area,
      h('div', { class: 'table-wrap' }, h('table', {},
        h('caption', {}, t('register.count', { count: systems.length })),
        h('thead', {}, h('tr', {}, [t('register.system'), t('register.classes'), t('register.openEvidence'), t('register.nextDeadline'), t('register.actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, systems.map((s) => {
          const button = h('button', { type: 'button', class: 'btn' }, t('register.reassess'), h('span', { class: 'visually-hidden' }, ` ${s.name}`));
          button.addEventListener('click', () => reassess(s, button, status));
          return h('tr', {},
            h('th', { scope: 'row' }, s.name, s.assessedAt ? h('p', { class: 'small muted' }, t('register.assessedAt', { date: formatDate(String(s.assessedAt).slice(0, 10)) })) : null),
            h('td', {}, s.classes.map((c) => [badge(conceptLabel({ schemes: [classes] }, 'risk-class', c), 'class'), ' '])),
            h('td', {}, typeof s.openEvidence === 'number' ? String(s.openEvidence)
              : s.openEvidence.length ? h('details', {}, h('summary', {}, String(s.openEvidence.length)), h('ul', { class: 'plain small' }, s.openEvidence.map((e) => h('li', {}, e.label ?? e.evidence ?? e.id ?? JSON.stringify(e))))) : '0'),
            h('td', {}, s.next ? formatDate(s.next) : '—'),
            h('td', { class: 'actions-cell' }, button,
              s.profile?.name ? h('a', { class: 'btn btn-link', href: href('/result', { p: JSON.stringify(s.profile), lang }) }, t('register.open')) : null));
        })))),
      status,
      signOut);
    return undefined;
  };

  await show();
  return { title, node: h('div', { class: 'register' }, h('h1', {}, title), h('p', { class: 'lead' }, t('register.lead')), area) };
}
