// One questionnaire question as form controls, chosen by its valueType; read() turns the controls into an answer.
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import { concept, field as fieldOf, subFields, questionFor } from '../knowledge.js';

/**
 * An answer: { state: 'answered', value } | { state: 'skipped' } | { state: 'declined' } (an Object question
 * answered "no") | { state: 'invalid', message }.
 */
const skipped = { state: 'skipped' };

function optionList(vocab, q) {
  const schemeId = fieldOf(vocab, q.field)?.scheme;
  return (q.allowed ?? []).map((id) => {
    const c = schemeId ? concept(vocab, schemeId, id) : undefined;
    return { id, label: c?.label ?? id, definition: c?.definition ?? '' };
  });
}

function conceptSet(vocab, q, value, heading) {
  const chosen = new Set(Array.isArray(value) ? value : []);
  const hintId = uid('hint');
  const boxes = optionList(vocab, q).map((o) => {
    const id = uid('opt');
    const defId = o.definition ? `${id}-def` : undefined;
    return h('div', { class: 'option' },
      h('input', { type: 'checkbox', id, name: q.field, value: o.id, checked: chosen.has(o.id), 'aria-describedby': defId }),
      h('label', { for: id }, o.label),
      o.definition ? h('p', { id: defId, class: 'hint' }, o.definition) : null);
  });
  const node = h('fieldset', { class: 'question', 'aria-describedby': hintId },
    h('legend', {}, heading),
    h('p', { id: hintId, class: 'hint' }, t('question.conceptSetHint')),
    h('div', { class: 'options' }, boxes));
  return {
    node,
    read: () => ({ state: 'answered', value: [...node.querySelectorAll('input[type=checkbox]:checked')].map((b) => b.value) }),
  };
}

function yesNo(name, value, heading, { describedBy } = {}) {
  const yes = uid('yes');
  const no = uid('no');
  const node = h('fieldset', { class: 'question yes-no', 'aria-describedby': describedBy },
    h('legend', {}, heading),
    h('div', { class: 'options options-inline' },
      h('div', { class: 'option' }, h('input', { type: 'radio', id: yes, name, value: 'true', checked: value === true }), h('label', { for: yes }, t('answer.yes'))),
      h('div', { class: 'option' }, h('input', { type: 'radio', id: no, name, value: 'false', checked: value === false }), h('label', { for: no }, t('answer.no')))));
  const read = () => {
    const r = node.querySelector(`input[name="${name}"]:checked`);
    return r ? { state: 'answered', value: r.value === 'true' } : skipped;
  };
  return { node, read };
}

function single(q, value, heading, input, parse) {
  const id = uid('in');
  input.id = id;
  // A heading may not sit inside a label, so the label goes inside the heading.
  let title;
  if (heading instanceof HTMLHeadingElement) {
    title = heading;
    title.replaceChildren(h('label', { for: id }, ...heading.childNodes));
  } else title = h('label', { for: id, class: 'question-label' }, heading);
  const node = h('div', { class: 'question' }, title, input);
  return {
    node,
    read: () => {
      if (input.validity?.badInput) return { state: 'invalid', message: t('question.invalidValue') };
      const raw = input.value.trim();
      if (raw === '') return skipped;
      return parse(raw);
    },
  };
}

function conceptSelect(vocab, q, value, heading) {
  const sel = h('select', { name: q.field },
    h('option', { value: '' }, t('question.choose')),
    optionList(vocab, q).map((o) => h('option', { value: o.id, selected: o.id === value }, o.label)));
  return single(q, value, heading, sel, (raw) => ({ state: 'answered', value: raw }));
}

function numberInput(q, value, heading) {
  const input = h('input', { type: 'number', min: '0', step: 'any', name: q.field, value: value ?? '', autocomplete: 'off', 'aria-describedby': `${q.field}-hint` });
  const r = single(q, value, heading, input, (raw) => {
    const n = Number(raw);
    return Number.isFinite(n) && n >= 0 ? { state: 'answered', value: n } : { state: 'invalid', message: t('question.invalidNumber') };
  });
  r.node.append(h('p', { class: 'hint', id: `${q.field}-hint` }, t('question.numberHint')));
  return r;
}

function dateInput(q, value, heading) {
  const input = h('input', { type: 'date', name: q.field, value: value ?? '' });
  return single(q, value, heading, input, (raw) => (/^\d{4}-\d{2}-\d{2}$/.test(raw) ? { state: 'answered', value: raw } : { state: 'invalid', message: t('question.invalidDate') }));
}

function textInput(q, value, heading, { list = false } = {}) {
  const hintId = uid('hint');
  const input = h('input', { type: 'text', name: q.field, value: Array.isArray(value) ? value.join(', ') : (value ?? ''), 'aria-describedby': list ? hintId : undefined });
  const r = single(q, value, heading, input, (raw) => ({ state: 'answered', value: list ? raw.split(/[\s,;]+/).filter(Boolean) : raw }));
  if (list) r.node.append(h('p', { class: 'hint', id: hintId }, t('question.languagesHint')));
  return r;
}

/** An Object field (annexIProduct, gpaiModel): yes/no, then a small sub-form of its own fields when yes. */
function objectInput(vocab, q, value, heading) {
  const gate = yesNo(uid(q.field), value ? true : undefined, heading);
  const subs = subFields(vocab, q.field).map((f) => {
    const sq = questionFor(vocab, f.path);
    const label = h('span', {}, sq.question, f.required ? h('span', { class: 'required' }, ` (${t('question.required')})`) : '');
    return { f, input: inputFor(vocab, sq, value?.[f.path.split('.')[1]], label, { sub: true }) };
  });
  const sub = h('fieldset', { class: 'subform', hidden: !value },
    h('legend', {}, t('question.details')),
    subs.map((s) => s.input.node));
  const sync = () => { sub.hidden = gate.read().value !== true; };
  gate.node.addEventListener('change', sync);
  const node = h('div', { class: 'question-object' }, gate.node, sub);
  return {
    node,
    read: () => {
      const g = gate.read();
      if (g.state !== 'answered') return skipped;
      if (!g.value) return { state: 'declined' };
      const out = {};
      for (const { f, input } of subs) {
        const a = input.read();
        if (a.state === 'invalid') return a;
        if (a.state === 'answered') out[f.path.split('.')[1]] = a.value;
        else if (f.required) return { state: 'invalid', message: t('question.requiredMissing', { question: fieldOf(vocab, f.path)?.question ?? f.path }) };
      }
      return { state: 'answered', value: out };
    },
  };
}

/** Controls for a question (from POST /v1/questionnaire or built from the vocabulary) with a current value. */
export function inputFor(vocab, q, value, heading, { sub = false } = {}) {
  switch (q.valueType) {
    case 'ConceptSet': return conceptSet(vocab, q, value, heading);
    case 'Concept': return conceptSelect(vocab, q, value, heading);
    case 'Boolean': return yesNo(sub ? uid(q.field) : q.field, value, heading);
    case 'Number': return numberInput(q, value, heading);
    case 'Date': return dateInput(q, value, heading);
    case 'Object': return objectInput(vocab, q, value, heading);
    case 'LanguageSet': return textInput(q, value, heading, { list: true });
    default: return textInput(q, value, heading);
  }
}
