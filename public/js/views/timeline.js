// What applies when: the Act's milestones under each law version, and (for an assessment) the system's own dates.
import { h, uid } from '../dom.js';
import { t, formatDate, today } from '../i18n.js';
import { getJson } from '../api.js';
import { href, navigate } from '../router.js';
import { lawVersions } from '../knowledge.js';
import { citation, provisionLinks } from '../legal.js';
import { badge } from '../components.js';

function stateBadge(date, next, ref) {
  if (date === next) return badge(t('timeline.next'), 'next');
  if (date <= ref) return badge(t('timeline.applies'), 'ok');
  return null;
}

function milestoneList(items, ref) {
  const next = items.map((m) => m.date).filter((d) => d > ref).sort()[0];
  return h('ol', { class: 'timeline' }, items.map((m) => h('li', { class: [m.date <= ref && 'is-past', m.date === next && 'is-next'] },
    h('time', { datetime: m.date }, formatDate(m.date)), ' ', stateBadge(m.date, next, ref),
    h('p', {}, m.label),
    m.provisions?.length ? h('p', { class: 'small' }, provisionLinks(m.provisions)) : null)));
}

/** The assessed system's dates: which of its obligations apply from when, the next deadline marked. */
export function systemTimeline(a, lang) {
  if (!a.timeline.length) return h('p', { class: 'muted' }, t('result.noObligations'));
  const byId = new Map(a.obligations.map((o) => [o.id, o]));
  const next = a.timeline.find((e) => !e.inForce)?.date;
  return h('ol', { class: 'timeline' }, a.timeline.map((e) => h('li', { class: [e.inForce && 'is-past', e.date === next && 'is-next'] },
    h('time', { datetime: e.date }, formatDate(e.date)), ' ',
    e.date === next ? badge(t('timeline.next'), 'next') : e.inForce ? badge(t('timeline.inForce'), 'ok') : badge(t('timeline.upcoming'), 'pending'),
    h('ul', { class: 'plain' }, e.obligations.map((id) => {
      const o = byId.get(id);
      return h('li', {}, h('a', { href: href(`/obligation/${id}`, { lang }) }, o?.label ?? id), o ? h('span', { class: 'small muted' }, ` — ${o.legalBasis.map((b) => citation(b.iri)).join(', ')}`) : null);
    })))));
}

export async function timelineView(ctx) {
  const { lang } = ctx;
  const ref = /^\d{4}-\d{2}-\d{2}$/.test(ctx.params.get('asOf') ?? '') ? ctx.params.get('asOf') : today();
  const [tl, versions] = await Promise.all([getJson('/v1/timeline', { lang }), lawVersions(lang)]);
  const inForce = versions.filter((v) => v.inForceFrom <= ref).pop() ?? versions[0];
  const sections = versions.slice().sort((x, y) => (x === inForce ? -1 : y === inForce ? 1 : x.inForceFrom < y.inForceFrom ? 1 : -1)).map((v) => {
    const items = tl.items.filter((m) => m.lawVersion === v.id);
    const status = v === inForce ? t('timeline.versionInForce', { date: formatDate(v.inForceFrom) })
      : v.inForceFrom > ref ? t('timeline.versionFuture', { date: formatDate(v.inForceFrom) })
        : t('timeline.versionSuperseded');
    const body = [h('p', { class: 'small muted' }, status), milestoneList(items, ref)];
    return v === inForce
      ? h('section', { class: 'version current', 'aria-labelledby': `v-${v.id}` }, h('h2', { id: `v-${v.id}` }, v.label), body)
      : h('details', { class: 'version' }, h('summary', {}, h('span', { class: 'h2-like' }, v.label)), body);
  });
  const dateId = uid('ref');
  const form = h('form', { class: 'inline-form' },
    h('label', { for: dateId }, t('timeline.reference')),
    h('input', { id: dateId, type: 'date', name: 'asOf', value: ref }),
    h('button', { type: 'submit', class: 'btn' }, t('timeline.show')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate('/timeline', { asOf: form.elements.namedItem('asOf').value, lang });
  });
  const node = h('div', { class: 'timeline-page' },
    h('h1', {}, t('timeline.title')),
    h('p', { class: 'lead' }, t('timeline.lead')),
    form,
    sections,
    h('p', { class: 'small' }, t('timeline.systemHint'), ' ', h('a', { href: href('/assess', { lang }) }, t('nav.assess'))));
  return { title: t('timeline.title'), node };
}
