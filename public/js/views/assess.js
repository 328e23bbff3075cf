// Guided questionnaire: asks one question at a time, only those POST /v1/questionnaire still returns for the
// answers so far, so irrelevant questions drop out as the profile fills in.
import { h, uid } from '../dom.js';
import { t, today, formatNumber } from '../i18n.js';
import { postJson } from '../api.js';
import { href, navigate } from '../router.js';
import { vocabulary, riskClasses, conceptLabel, field as fieldOf, questionFor, valueText } from '../knowledge.js';
import { provisionLinks } from '../legal.js';
import { errorPanel, badge } from '../components.js';
import { readState, stateParams, isComplete } from '../profile-state.js';
import { inputFor } from './question-input.js';

const BASICS = ['name', 'description'];

function errorSummary(message) {
  return h('div', { class: 'panel panel-error', role: 'alert', tabindex: '-1' }, h('p', {}, message));
}

/** Step 0: what the system is called, what it does, and the date the law is read at. */
function basicsStep(state, lang) {
  const nameId = uid('name');
  const descId = uid('desc');
  const asOfId = uid('asof');
  const errors = h('div', {});
  const form = h('form', { class: 'step', novalidate: true, dataset: { field: 'name' } },
    h('h2', { tabindex: '-1' }, t('assess.basics')),
    errors,
    h('div', { class: 'field' },
      h('label', { for: nameId }, fieldOf(state.vocab, 'name')?.question ?? t('assess.name'), h('span', { class: 'required' }, ` (${t('question.required')})`)),
      h('input', { id: nameId, name: 'name', type: 'text', required: true, autocomplete: 'off', value: state.profile.name ?? '' })),
    h('div', { class: 'field' },
      h('label', { for: descId }, fieldOf(state.vocab, 'description')?.question ?? t('assess.description')),
      h('textarea', { id: descId, name: 'description', rows: 3 }, state.profile.description ?? '')),
    h('div', { class: 'field' },
      h('label', { for: asOfId }, t('assess.asOf')),
      h('input', { id: asOfId, name: 'asOf', type: 'date', value: state.asOf || today(), 'aria-describedby': `${asOfId}-hint` }),
      h('p', { class: 'hint', id: `${asOfId}-hint` }, t('assess.asOfHint'))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('assess.start'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const name = String(fd.get('name') ?? '').trim();
    if (!name) {
      errors.replaceChildren(errorSummary(t('assess.nameMissing')));
      form.querySelector('input[name=name]').focus();
      return;
    }
    const profile = { ...state.profile, name };
    const description = String(fd.get('description') ?? '').trim();
    if (description) profile.description = description;
    else delete profile.description;
    navigate('/assess', stateParams({ ...state, profile, asOf: String(fd.get('asOf') ?? ''), edit: '' }, { lang }));
  });
  return form;
}

/** One question; submitting records the answer (or the skip) in the address and asks the service again. */
function questionStep(state, q, progress, lang) {
  const value = state.profile[q.field];
  const heading = h('h2', { tabindex: '-1' }, q.question);
  const input = inputFor(state.vocab, q, value, heading);
  const errors = h('div', {});
  const go = (next) => navigate('/assess', stateParams({ ...next, edit: '' }, { lang }));
  const without = (set, f) => new Set([...set].filter((x) => x !== f));
  const record = (a) => {
    const profile = { ...state.profile };
    delete profile[q.field];
    let skip = without(state.skip, q.field);
    let no = without(state.no, q.field);
    if (a.state === 'answered') profile[q.field] = a.value;
    else if (a.state === 'declined') no = new Set([...no, q.field]);
    else skip = new Set([...skip, q.field]);
    go({ ...state, profile, skip, no });
  };
  const form = h('form', { class: 'step', novalidate: true, dataset: { field: q.field } },
    h('p', { class: 'progress' }, progress),
    errors,
    input.node,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('assess.next')),
      h('button', { type: 'button', class: 'btn', onclick: () => record({ state: 'skipped' }) }, t('assess.skip')),
      h('button', { type: 'button', class: 'btn btn-link', onclick: () => history.back() }, t('assess.back'))),
    q.provisions?.length ? h('details', { class: 'legal-basis' },
      h('summary', {}, t('assess.legalBasis', { count: new Set(q.provisions).size })),
      h('p', {}, provisionLinks(q.provisions))) : null);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const a = input.read();
    if (a.state === 'invalid') {
      const summary = errorSummary(a.message);
      errors.replaceChildren(summary);
      summary.focus();
      return;
    }
    record(a);
  });
  return form;
}

function doneStep(state, lang) {
  const complete = isComplete(state.profile);
  return h('div', { class: 'step', dataset: { done: 'true' } },
    h('h2', { tabindex: '-1' }, t('assess.done')),
    h('p', {}, complete ? t('assess.doneText') : t('assess.needRoles')),
    complete
      ? h('p', {}, h('a', { class: 'btn btn-primary', href: href('/result', { p: JSON.stringify(state.profile), asOf: state.asOf, lang }) }, t('assess.seeResult')))
      : h('p', {}, h('a', { class: 'btn', href: href('/assess', stateParams({ ...state, edit: 'roles' }, { lang })) }, t('assess.answerRoles'))));
}

/** The answers so far, each with a link to change it, and the result the service sees at this point. */
function summaryPanel(state, interim, classes, lang) {
  const changeLink = (f) => h('a', { class: 'small', href: href('/assess', stateParams({ ...state, edit: f }, { lang })) }, t('assess.change'), h('span', { class: 'visually-hidden' }, ` — ${fieldOf(state.vocab, f)?.question ?? f}`));
  const rows = [];
  for (const [f, v] of Object.entries(state.profile)) {
    rows.push(h('dt', {}, fieldOf(state.vocab, f)?.question ?? f), h('dd', {}, BASICS.includes(f) ? String(v) : valueText(state.vocab, f, v), ' ', changeLink(f === 'description' ? 'name' : f)));
  }
  for (const f of state.no) rows.push(h('dt', {}, fieldOf(state.vocab, f)?.question ?? f), h('dd', {}, t('answer.no'), ' ', changeLink(f)));
  for (const f of state.skip) rows.push(h('dt', {}, fieldOf(state.vocab, f)?.question ?? f), h('dd', { class: 'muted' }, t('assess.skipped'), ' ', changeLink(f)));
  const complete = isComplete(state.profile);
  return h('aside', { class: 'answers', 'aria-labelledby': 'answers-h' },
    h('h2', { id: 'answers-h' }, t('assess.yourAnswers')),
    interim ? h('div', { class: 'interim' },
      h('p', { class: 'small muted' }, t('assess.soFar')),
      h('p', {}, interim.inScope
        ? interim.riskClasses.map((c) => [badge(conceptLabel({ schemes: [classes] }, 'risk-class', c), c === 'high-risk' || c === 'prohibited' ? 'warn' : 'class'), ' '])
        : badge(t('result.outOfScope'), 'neutral'),
      h('br'), t('assess.obligationCount', { count: interim.obligationCount }))) : null,
    rows.length ? h('dl', { class: 'answer-list' }, rows) : h('p', { class: 'muted' }, t('assess.noAnswers')),
    h('p', { class: 'answer-actions' },
      complete ? h('a', { class: 'btn btn-primary', href: href('/result', { p: JSON.stringify(state.profile), asOf: state.asOf, lang }) }, t('assess.seeResultNow')) : null,
      ' ',
      h('a', { class: 'btn btn-link', href: href('/assess', { lang }) }, t('assess.startOver'))));
}

export async function assessView(ctx) {
  const { lang } = ctx;
  const st = readState(ctx.params);
  const [vocab, classes] = await Promise.all([vocabulary(lang), riskClasses(lang)]);
  const state = { ...st, vocab };
  const shell = (step, interim) => h('div', { class: 'assess' },
    h('h1', {}, t('assess.title')),
    h('p', { class: 'lead' }, t('assess.lead')),
    h('div', { class: 'assess-layout' }, h('div', { class: 'assess-main' }, step), summaryPanel(state, interim, classes, lang)));
  const result = (step, interim) => ({ title: t('assess.title'), node: shell(step, interim), focus: '.step h2' });

  if (!state.profile.name || state.edit === 'name' || state.edit === 'description') return result(basicsStep(state, lang));

  let interim;
  try {
    // The service validates a partial profile; name and description do not change what it asks.
    interim = await postJson('/v1/questionnaire', state.profile, { asOf: state.asOf || undefined, lang }, { retries: 2 });
  } catch (err) {
    return result(h('div', { class: 'step' }, h('h2', { tabindex: '-1' }, t('assess.problem')), errorPanel(err),
      h('p', {}, h('a', { href: href('/assess', { lang }) }, t('assess.startOver')))));
  }
  const open = interim.questions.filter((q) => !(q.field in state.profile) && !state.skip.has(q.field) && !state.no.has(q.field));
  const q = state.edit ? (interim.questions.find((x) => x.field === state.edit) ?? questionFor(vocab, state.edit)) : open[0];
  if (!q) return result(doneStep(state, lang), interim);
  const answered = Object.keys(state.profile).filter((k) => !BASICS.includes(k)).length + state.skip.size + state.no.size;
  const progress = state.edit ? t('assess.changing') : t('assess.progress', { n: answered + 1, count: open.length - 1, remaining: formatNumber(open.length - 1) });
  return result(questionStep(state, q, progress, lang), interim);
}
