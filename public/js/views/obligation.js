// One obligation: summary, bearers, provisions on EUR-Lex, dates under each law version, checks, evidence.
import { h } from '../dom.js';
import { t, tOr, formatDate, lang as currentLang } from '../i18n.js';
import { getJson, ApiError } from '../api.js';
import { href } from '../router.js';
import { vocabulary, riskClasses, lawVersions, conceptLabel } from '../knowledge.js';
import { provisionLinks } from '../legal.js';
import { badge, deonticLabel, facts, nonAuthoritativeNotice, errorPanel } from '../components.js';

const LANG_NAMES = { en: 'English', fr: 'Français', de: 'Deutsch' };

/** What the later law version changed about when the obligation applies. */
function amendmentNotes(dates, versionLabel) {
  const notes = [];
  for (let i = 1; i < dates.length; i += 1) {
    const before = dates[i - 1];
    const after = dates[i];
    const label = versionLabel(after.lawVersion);
    if (before.earliest !== after.earliest) notes.push(t('dates.changed', { version: label, from: formatDate(before.earliest), to: formatDate(after.earliest) }));
    else if (before.date !== after.date) notes.push(t('dates.changed', { version: label, from: formatDate(before.date), to: formatDate(after.date) }));
    else notes.push(t('dates.unchanged', { version: label }));
  }
  return notes;
}

function datesSection(ob, versions) {
  const byId = new Map(versions.map((v) => [v.id, v]));
  const label = (id) => byId.get(id)?.label ?? id;
  const known = new Set(ob.dates.map((d) => d.lawVersion));
  const notes = amendmentNotes(ob.dates, label);
  for (const v of versions) {
    if (known.has(v.id)) continue;
    const idx = versions.indexOf(v);
    const before = versions.slice(0, idx).some((x) => known.has(x.id));
    notes.push(before ? t('dates.removed', { version: v.label }) : t('dates.notInVersion', { version: v.label }));
  }
  const conditionLabel = (id) => ob.appliesWhen.find((c) => c.id === id)?.label ?? id;
  return h('section', { 'aria-labelledby': 'dates-h' },
    h('h2', { id: 'dates-h' }, t('obligation.dates')),
    h('div', { class: 'table-wrap' },
      h('table', {},
        h('caption', { class: 'visually-hidden' }, t('obligation.dates')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('dates.version')),
          h('th', { scope: 'col' }, t('dates.inForceFrom')),
          h('th', { scope: 'col' }, t('dates.provisionDate')),
          h('th', { scope: 'col' }, t('dates.earliest')))),
        h('tbody', {}, ob.dates.map((d) => h('tr', {},
          h('th', { scope: 'row' }, label(d.lawVersion)),
          h('td', {}, formatDate(byId.get(d.lawVersion)?.inForceFrom)),
          h('td', {}, formatDate(d.date)),
          h('td', {},
            h('strong', {}, formatDate(d.earliest)),
            d.byCondition.length > 1 || (d.byCondition[0] && d.byCondition[0].date !== d.date)
              ? h('ul', { class: 'plain small' }, d.byCondition.map((c) => h('li', {}, t('dates.byCondition', { condition: conditionLabel(c.condition), date: formatDate(c.date) }))))
              : null)))))),
    notes.length ? h('ul', { class: 'notes' }, notes.map((n) => h('li', {}, n))) : null);
}

function checksSection(ob, vocab) {
  return h('section', { 'aria-labelledby': 'checks-h' },
    h('h2', { id: 'checks-h' }, t('obligation.checksEvidence')),
    h('div', { class: 'two-col' },
      h('div', {},
        h('h3', {}, t('obligation.checks')),
        ob.checks.length
          ? h('ul', { class: 'items' }, ob.checks.map((c) => h('li', {},
            h('span', { class: 'item-title' }, c.label), ' ', badge(tOr(`automation.${c.automation}`, c.automation), 'neutral'))))
          : h('p', { class: 'muted' }, t('obligation.noChecks'))),
      h('div', {},
        h('h3', {}, t('obligation.evidence')),
        ob.evidence.length
          ? h('ul', { class: 'items' }, ob.evidence.map((e) => h('li', {},
            h('span', { class: 'item-title' }, e.label),
            e.producedBy?.length ? h('p', { class: 'small muted' }, t('evidence.producedBy'), ' ', e.producedBy.map((r) => conceptLabel(vocab, 'role', r)).join(', ')) : null)))
          : h('p', { class: 'muted' }, t('obligation.noEvidence')))));
}

async function relatedSection(ob, lang) {
  if (!ob.related?.length) return null;
  const items = await Promise.all(ob.related.map((id) => getJson(`/v1/obligations/${encodeURIComponent(id)}`, { lang }).catch(() => ({ id, label: id }))));
  return h('section', { 'aria-labelledby': 'related-h' },
    h('h2', { id: 'related-h' }, t('obligation.related')),
    h('ul', { class: 'items' }, items.map((r) => h('li', {}, h('a', { href: href(`/obligation/${r.id}`, { lang }) }, r.label)))));
}

export async function obligationView(ctx) {
  const id = ctx.match[1];
  const { lang } = ctx;
  let ob;
  try {
    ob = await getJson(`/v1/obligations/${encodeURIComponent(id)}`, { lang });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return { title: t('obligation.notFound'), node: h('div', {}, h('h1', {}, t('obligation.notFound')), h('p', {}, id), h('p', {}, h('a', { href: href('/obligations', { lang }) }, t('obligation.back')))) };
    }
    throw err;
  }
  const [vocab, classes, versions] = await Promise.all([vocabulary(lang), riskClasses(lang), lawVersions(lang)]);
  const related = await relatedSection(ob, lang).catch((err) => errorPanel(err));
  const others = Object.entries(ob.labels ?? {}).filter(([l]) => l !== currentLang());
  const node = h('article', { class: 'obligation' },
    h('p', { class: 'breadcrumb' }, h('a', { href: href('/obligations', { lang }) }, t('obligation.back'))),
    h('h1', {}, ob.label),
    h('p', { class: 'meta' },
      badge(deonticLabel(ob.deontic), ob.deontic.toLowerCase()), ' ',
      ob.riskClasses.map((c) => [badge(conceptLabel({ schemes: [classes] }, 'risk-class', c), 'class'), ' '])),
    h('p', { class: 'lead' }, ob.summary),
    nonAuthoritativeNotice(),
    facts([
      [t('obligation.bearers'), ob.bearers.map((r) => conceptLabel(vocab, 'role', r)).join(', ')],
      [t('obligation.provisions'), h('span', {}, provisionLinks(ob.legalBasis))],
      [t('obligation.annexes'), ob.relatedAnnexes?.length ? h('span', {}, provisionLinks(ob.relatedAnnexes)) : ''],
      [t('obligation.appliesWhen'), ob.appliesWhen.length ? h('ul', { class: 'plain' }, ob.appliesWhen.map((c) => h('li', {}, c.label))) : ''],
      [t('obligation.identifier'), h('span', {}, h('code', {}, ob.id), ' · ', h('a', { href: ob.iri }, ob.iri))],
      [t('obligation.status'), `${tOr(`record.${ob.status}`, ob.status)} · ${t('obligation.modified', { date: formatDate(ob.modified) })}`],
    ]),
    datesSection(ob, versions),
    checksSection(ob, vocab),
    related,
    others.length ? h('details', { class: 'other-langs' },
      h('summary', {}, t('obligation.otherLanguages')),
      h('dl', { class: 'facts' }, others.flatMap(([l, label]) => [h('dt', { lang: l }, LANG_NAMES[l] ?? l), h('dd', { lang: l }, label, h('br'), h('span', { class: 'small muted' }, ob.summaries?.[l] ?? ''))]))) : null);
  return { title: ob.label, node };
}
