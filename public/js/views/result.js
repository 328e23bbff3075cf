// The assessment of a described system: risk classes, obligations by role or deadline with their explanation,
// what does not apply and why, the test plan, the evidence checklist, the system's timeline and exports.
import { h, replace } from '../dom.js';
import { t, tOr, formatDate } from '../i18n.js';
import { postJson } from '../api.js';
import { href, navigate } from '../router.js';
import { vocabulary, riskClasses, conceptLabel, describeFact } from '../knowledge.js';
import { citation, provisionLinks } from '../legal.js';
import { badge, dateStatus, deonticLabel, nonAuthoritativeNotice, facts } from '../components.js';
import { readState, stateParams, isComplete } from '../profile-state.js';
import { exportBar } from '../exports.js';
import { systemTimeline } from './timeline.js';

const classKind = (c) => (c === 'prohibited' ? 'danger' : c === 'high-risk' ? 'warn' : 'class');

function because(vocab, steps) {
  if (!steps.length) return null;
  const last = steps[steps.length - 1];
  return h('details', { class: 'because' },
    h('summary', {}, h('span', { class: 'because-lead' }, t('result.because')), ' ', last.label),
    h('ol', {}, steps.map((b) => h('li', {},
      h('span', { class: 'because-rule' }, b.label),
      b.from ? [' ', badge(t('result.fromDate', { date: formatDate(b.from) }), 'neutral')] : null,
      b.facts.length ? h('ul', { class: 'fact-list' }, b.facts.map((f) => h('li', {}, describeFact(vocab, f)))) : null,
      b.provisions.length ? h('p', { class: 'small' }, t('result.provisions'), ' ', provisionLinks(b.provisions)) : null))));
}

function obligationCard(ob, vocab, lang, { showRole }) {
  return h('article', { class: 'ob-card', dataset: { id: ob.id } },
    h('h4', {}, h('a', { href: href(`/obligation/${ob.id}`, { lang }) }, ob.label)),
    h('p', { class: 'meta' },
      badge(deonticLabel(ob.deontic), ob.deontic.toLowerCase()), ' ',
      dateStatus(ob.appliesFrom, ob.inForce), ' ',
      showRole ? [badge(conceptLabel(vocab, 'role', ob.role), 'neutral'), ' '] : null,
      h('span', { class: 'cites' }, provisionLinks(ob.legalBasis))),
    h('p', { class: 'summary' }, ob.summary),
    because(vocab, ob.because),
    ob.checks.length || ob.evidence.length ? h('details', { class: 'ob-checks' },
      h('summary', {}, t('result.checksEvidence', { checks: ob.checks.length, evidence: ob.evidence.length })),
      ob.checks.length ? h('ul', { class: 'plain' }, ob.checks.map((c) => h('li', {}, t('result.check'), ' ', c.label))) : null,
      ob.evidence.length ? h('ul', { class: 'plain' }, ob.evidence.map((e) => h('li', {}, t('result.evidenceItem'), ' ', e.label))) : null) : null);
}

/** Obligations grouped by bearer role, or by the date from which they apply (the next deadline marked). */
function obligationGroups(a, vocab, lang, group) {
  if (!a.obligations.length) return h('p', { class: 'muted' }, t('result.noObligations'));
  const groups = new Map();
  const keyOf = (ob) => (group === 'date' ? ob.appliesFrom : ob.role);
  for (const ob of a.obligations) groups.set(keyOf(ob), [...(groups.get(keyOf(ob)) ?? []), ob]);
  let keys = [...groups.keys()];
  if (group === 'date') keys = keys.sort();
  const next = a.obligations.filter((o) => !o.inForce).map((o) => o.appliesFrom).sort()[0];
  return keys.map((k) => {
    const list = groups.get(k).slice().sort((x, y) => (group === 'date' ? (x.role < y.role ? -1 : 1) : (x.appliesFrom < y.appliesFrom ? -1 : x.appliesFrom > y.appliesFrom ? 1 : 0)));
    const title = group === 'date'
      ? [formatDate(k), ' ', k === next ? badge(t('timeline.next'), 'next') : list[0].inForce ? badge(t('timeline.inForce'), 'ok') : null]
      : conceptLabel(vocab, 'role', k);
    return h('section', { class: ['ob-group', group === 'date' && k === next && 'is-next'] },
      h('h3', {}, title, ' ', h('span', { class: 'count' }, `(${list.length})`)),
      list.map((ob) => obligationCard(ob, vocab, lang, { showRole: group === 'date' })));
  });
}

/** Checks of all obligations, once each, with the obligations they serve and the earliest date one applies. */
function testPlan(a) {
  const byTechnique = new Map();
  for (const ob of a.obligations) {
    for (const c of ob.checks) {
      const row = byTechnique.get(c.technique) ?? { ...c, serves: [], due: ob.appliesFrom };
      row.serves.push(ob);
      if (ob.appliesFrom < row.due) row.due = ob.appliesFrom;
      byTechnique.set(c.technique, row);
    }
  }
  const rows = [...byTechnique.values()].sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : x.label < y.label ? -1 : 1));
  if (!rows.length) return h('p', { class: 'muted' }, t('result.noChecks'));
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'visually-hidden' }, t('result.testPlan')),
    h('thead', {}, h('tr', {}, [t('plan.check'), t('plan.automation'), t('plan.serves'), t('plan.due')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => {
      const params = Object.entries(r.parameters ?? {}).filter(([, v]) => v !== null && v !== undefined);
      return h('tr', {},
        h('th', { scope: 'row' }, r.label, params.length ? h('p', { class: 'small muted' }, params.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join(' · ')) : null),
        h('td', {}, tOr(`automation.${r.automation}`, r.automation)),
        h('td', {}, [...new Set(r.serves.map((o) => o.legalBasis.map((b) => citation(b.iri)).join(', ')))].join('; ')),
        h('td', { class: 'date-cell' }, formatDate(r.due)));
    }))));
}

/** Evidence items, once each, with who produces them, what they are needed for, and by when. */
function evidenceChecklist(a, vocab) {
  const byId = new Map();
  for (const ob of a.obligations) {
    for (const e of ob.evidence) {
      const row = byId.get(e.evidence) ?? { ...e, for: [], due: ob.appliesFrom };
      row.for.push(ob);
      if (ob.appliesFrom < row.due) row.due = ob.appliesFrom;
      byId.set(e.evidence, row);
    }
  }
  const rows = [...byId.values()].sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : x.label < y.label ? -1 : 1));
  if (!rows.length) return h('p', { class: 'muted' }, t('result.noEvidence'));
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'visually-hidden' }, t('result.evidence')),
    h('thead', {}, h('tr', {}, [t('evidence.item'), t('evidence.producedByCol'), t('evidence.neededFor'), t('evidence.due')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('th', { scope: 'row' }, r.label),
      h('td', {}, r.producedBy.map((x) => conceptLabel(vocab, 'role', x)).join(', ')),
      h('td', {}, [...new Set(r.for.map((o) => o.legalBasis.map((b) => citation(b.iri)).join(', ')))].join('; ')),
      h('td', { class: 'date-cell' }, formatDate(r.due)))))));
}

export async function resultView(ctx) {
  const { lang } = ctx;
  const st = readState(ctx.params);
  const profile = st.profile;
  if (!isComplete(profile)) {
    return { title: t('result.title'), node: h('div', {}, h('h1', {}, t('result.title')), h('p', {}, t('result.incomplete')), h('p', {}, h('a', { class: 'btn btn-primary', href: href('/assess', stateParams(st, { lang })) }, t('result.toQuestionnaire')))) };
  }
  const [vocab, classes, a] = await Promise.all([
    vocabulary(lang),
    riskClasses(lang),
    // The page shows every text of the answer (summaries, checks, evidence), so it asks for the self-contained view.
    postJson('/v1/assessments', profile, { asOf: st.asOf || undefined, lang, view: 'full' }),
  ]);
  const classLabel = (c) => conceptLabel({ schemes: [classes] }, 'risk-class', c);
  const group = ctx.params.get('group') === 'date' ? 'date' : 'role';
  const groupsEl = h('div', { class: 'ob-groups' }, obligationGroups(a, vocab, lang, group));
  const toggle = (g, label) => h('button', { type: 'button', class: 'btn btn-toggle', 'aria-pressed': String(group === g), onclick: () => navigate('/result', { p: JSON.stringify(profile), asOf: st.asOf, group: g, lang }, { replace: true }) }, label);

  const node = h('div', { class: 'result' },
    h('p', { class: 'breadcrumb no-print' }, h('a', { href: href('/assess', stateParams(st, { lang })) }, t('result.changeAnswers'))),
    h('h1', {}, t('result.heading', { name: profile.name })),
    facts([
      [t('result.asOf'), formatDate(a.asOf)],
      [t('result.lawVersion'), a.lawVersion.label],
      [t('result.knowledgeVersion'), h('code', {}, a.knowledgeVersion)],
      [t('result.description'), profile.description ?? ''],
    ]),
    nonAuthoritativeNotice(),
    exportBar(profile, a, { asOf: st.asOf || undefined, lang }),

    h('section', { 'aria-labelledby': 'class-h', class: 'classification' },
      h('h2', { id: 'class-h' }, t('result.classification')),
      a.inScope
        ? h('ul', { class: 'class-list' }, (a.riskClasses.length ? a.riskClasses : ['minimal']).map((c) => h('li', {},
          badge(classLabel(c), classKind(c)),
          h('p', { class: 'small' }, classes.concepts.find((x) => x.id === c)?.definition ?? ''))))
        : h('div', {},
          h('p', {}, badge(t('result.outOfScope'), 'neutral')),
          h('ul', {}, a.outOfScopeReasons.map((r) => h('li', {}, r.reason, ' ', provisionLinks(r.provisions)))))),

    a.warnings.length ? h('section', { 'aria-labelledby': 'warn-h', class: 'panel panel-warn' },
      h('h2', { id: 'warn-h' }, t('result.warnings')),
      h('ul', {}, a.warnings.map((w) => h('li', {}, w.message, ' ', provisionLinks(w.provisions))))) : null,

    h('section', { 'aria-labelledby': 'obl-h' },
      h('h2', { id: 'obl-h' }, t('result.obligations', { count: a.obligations.length })),
      a.obligations.length ? h('div', { class: 'toggle-group no-print', role: 'group', 'aria-label': t('result.groupBy') },
        h('span', { class: 'toggle-label', 'aria-hidden': 'true' }, t('result.groupBy')),
        toggle('role', t('result.byRole')), toggle('date', t('result.byDeadline'))) : null,
      groupsEl),

    h('section', { 'aria-labelledby': 'na-h' },
      h('h2', { id: 'na-h' }, t('result.notApplicable')),
      a.notApplicable.length
        ? h('ul', { class: 'items' }, a.notApplicable.map((n) => h('li', {},
          h('span', { class: 'item-title' }, tOr(`regime.${n.regime}`, classLabel(n.regime))), ': ', n.reason, ' ', provisionLinks(n.provisions))))
        : h('p', { class: 'muted' }, t('result.nothingExcluded'))),

    a.questions.length ? h('section', { 'aria-labelledby': 'q-h' },
      h('h2', { id: 'q-h' }, t('result.openQuestions')),
      h('p', {}, t('result.openQuestionsText')),
      h('ul', {}, a.questions.map((q) => h('li', {}, h('a', { href: href('/assess', stateParams({ ...st, edit: q.field }, { lang })) }, q.question)))) ) : null,

    h('section', { 'aria-labelledby': 'plan-h' },
      h('h2', { id: 'plan-h' }, t('result.testPlan')),
      testPlan(a)),

    h('section', { 'aria-labelledby': 'ev-h' },
      h('h2', { id: 'ev-h' }, t('result.evidence')),
      evidenceChecklist(a, vocab)),

    h('section', { 'aria-labelledby': 'tl-h' },
      h('h2', { id: 'tl-h' }, t('result.timeline')),
      systemTimeline(a, lang)));

  const update = async (c) => {
    const g = c.params.get('group') === 'date' ? 'date' : 'role';
    for (const b of node.querySelectorAll('.btn-toggle')) b.setAttribute('aria-pressed', String(b.textContent === (g === 'date' ? t('result.byDeadline') : t('result.byRole'))));
    replace(groupsEl, obligationGroups(a, vocab, lang, g));
  };
  const sameProfile = (c) => c.params.get('p') === ctx.params.get('p') && c.params.get('asOf') === ctx.params.get('asOf');
  // Regrouping stays on the page; another profile or date is a new assessment (false: render afresh).
  return { title: t('result.heading', { name: profile.name }), node, update: async (c) => (sameProfile(c) ? update(c) : false) };
}
