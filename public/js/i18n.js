// Interface text in English, French and German. Knowledge labels come from the API in the same language.

export const LANGS = ['en', 'fr', 'de'];

const dictionaries = new Map();
let current = 'en';

async function load(lang) {
  if (!dictionaries.has(lang)) {
    const res = await fetch(new URL(`../i18n/${lang}.json`, import.meta.url));
    if (!res.ok) throw new Error(`cannot load ${lang}.json: ${res.status}`);
    dictionaries.set(lang, await res.json());
  }
  return dictionaries.get(lang);
}

/** Loads a language (English stays loaded as the fallback) and makes it current. */
export async function setLanguage(lang) {
  const chosen = LANGS.includes(lang) ? lang : 'en';
  await Promise.all([load('en'), load(chosen)]);
  current = chosen;
  document.documentElement.lang = chosen;
  return chosen;
}

export function lang() {
  return current;
}

/**
 * t('assess.obligationCount', { count: 3 }): the text for a key in the current language (English, then the key, as
 * fallbacks). A value may be an object of plural categories ({ one, other }) chosen by `count`.
 */
export function t(key, vars = {}) {
  let v = dictionaries.get(current)?.[key] ?? dictionaries.get('en')?.[key] ?? key;
  if (typeof v === 'object') {
    const cat = new Intl.PluralRules(current).select(Number(vars.count ?? 0));
    v = v[cat] ?? v.other;
  }
  return String(v).replace(/\{(\w+)\}/g, (m, name) => (vars[name] !== undefined ? String(vars[name]) : m));
}

/** Whether a key exists (used for optional labels such as deontic types). */
export function has(key) {
  return key in (dictionaries.get(current) ?? {}) || key in (dictionaries.get('en') ?? {});
}

/** The text for a key if any language has it, else the fallback (for ids coming from the knowledge graph). */
export function tOr(key, fallback) {
  return has(key) ? t(key) : fallback;
}

/** 2027-12-02 → "2 December 2027" / "2 décembre 2027" / "2. Dezember 2027". */
export function formatDate(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso ?? '';
  const d = new Date(`${iso}T00:00:00Z`);
  return new Intl.DateTimeFormat(current === 'en' ? 'en-GB' : current, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

export function formatNumber(n) {
  return new Intl.NumberFormat(current).format(n);
}

/** Applies translations to the static shell (elements with data-i18n / data-i18n-aria-label). */
export function translateShell(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}

/** Today's date (local) as YYYY-MM-DD. */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
