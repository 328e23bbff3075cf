// Read-only knowledge from the API (vocabulary, risk classes, law versions), with lookups the views share.
import { getJson } from './api.js';
import { t, formatDate } from './i18n.js';

/** Every profile field and every concept with labels in a language. */
export function vocabulary(lang) {
  return getJson('/v1/vocabulary', { lang });
}

export function riskClasses(lang) {
  return getJson('/v1/risk-classes', { lang });
}

export function lawVersions(lang) {
  return getJson('/v1/law-versions', { lang });
}

export function scheme(vocab, id) {
  return vocab.schemes.find((s) => s.id === id);
}

export function concept(vocab, schemeId, id) {
  return scheme(vocab, schemeId)?.concepts.find((c) => c.id === id);
}

/** Label of a concept, or its id when the vocabulary does not know it. */
export function conceptLabel(vocab, schemeId, id) {
  return concept(vocab, schemeId, id)?.label ?? id;
}

export function field(vocab, path) {
  return vocab.fields.find((f) => f.path === path);
}

/** Sub-fields of an Object field (annexIProduct.legislation, …). */
export function subFields(vocab, path) {
  return vocab.fields.filter((f) => f.path.startsWith(`${path}.`));
}

/** The question to ask for a field, built from the vocabulary (used to change an earlier answer). */
export function questionFor(vocab, path) {
  const f = field(vocab, path);
  if (!f) return undefined;
  const s = f.scheme ? scheme(vocab, f.scheme) : undefined;
  return {
    field: f.path,
    question: f.question,
    valueType: f.valueType,
    allowed: s ? s.concepts.filter((c) => !c.derivedOnly).map((c) => c.id) : undefined,
    provisions: f.provisions,
  };
}

/** A field's value in words: concept labels, yes/no, numbers and dates as given. */
export function valueText(vocab, path, value) {
  const f = field(vocab, path);
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    if (value.length === 0) return t('answer.none');
    return value.map((v) => (f?.scheme ? conceptLabel(vocab, f.scheme, v) : v)).join('; ');
  }
  if (typeof value === 'boolean') return value ? t('answer.yes') : t('answer.no');
  if (value && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${field(vocab, `${path}.${k}`)?.question ?? k} ${valueText(vocab, `${path}.${k}`, v)}`).join(' · ');
  }
  if (f?.scheme) return conceptLabel(vocab, f.scheme, value);
  return String(value);
}

const humanise = (id) => id.replace(/[-_]/g, ' ');

/** A field's name for explanations: its scheme's label, else its question. */
function fieldName(vocab, path) {
  const f = field(vocab, path);
  if (!f) return path;
  return (f.scheme && scheme(vocab, f.scheme)?.label) || f.question;
}

/**
 * A fact of an explanation (`annexIIIUseCases=annex-iii-4a`, `not(condition:derogation-claimed)`,
 * `placedOnEUMarket=true`) in words, using the vocabulary's labels.
 */
export function describeFact(vocab, fact) {
  const neg = /^not\((.*)\)$/.exec(fact);
  if (neg) return t('fact.not', { fact: describeFact(vocab, neg[1]) });
  if (fact.startsWith('condition:')) {
    const id = fact.slice('condition:'.length);
    // The vocabulary lists every condition with its label in the page's language.
    return vocab?.conditions?.find((c) => c.id === id)?.label ?? humanise(id);
  }
  const given = /^([\w.]+) given$/.exec(fact);
  if (given) return t('fact.given', { field: fieldName(vocab, given[1]) });
  const when = /^([\w.]+) (before|after) (\d{4}-\d{2}-\d{2})$/.exec(fact);
  if (when) return t(`fact.${when[2]}`, { field: fieldName(vocab, when[1]), date: formatDate(when[3]) });
  const m = /^([\w.]+)\s*(=|!=|>=|<=|>|<)\s*(.*)$/.exec(fact);
  if (!m) return fact;
  const [, path, op, raw] = m;
  const f = field(vocab, path);
  if (!f) return fact;
  const s = f.scheme ? scheme(vocab, f.scheme) : undefined;
  let value = raw;
  if (s) value = conceptLabel(vocab, s.id, raw);
  else if (raw === 'true' || raw === 'false') value = raw === 'true' ? t('answer.yes') : t('answer.no');
  const name = fieldName(vocab, path);
  if (op !== '=') return `${name} ${op} ${value}`;
  return /[?:]\s*$/.test(name) ? `${name} ${value}` : t('fact.value', { field: name, value });
}
