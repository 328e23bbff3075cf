// Citations of provisions (from regkg's subdivision IRIs) and links to the authoritative text on EUR-Lex.
import { h } from './dom.js';
import { lang } from './i18n.js';

const ELI = 'https://w3id.org/regkg/eli/reg/2024/1689/';
const EURLEX = 'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689';

/** `…/art_26/par_7/pnt_a` → { article: '26', paragraph: '7', points: ['a'] }. */
export function parseProvision(iri) {
  const out = { points: [] };
  if (!iri.startsWith(ELI)) return out;
  for (const part of iri.slice(ELI.length).split('/')) {
    const i = part.indexOf('_');
    const kind = part.slice(0, i);
    const num = part.slice(i + 1);
    if (kind === 'art') out.article = num;
    else if (kind === 'anx') out.annex = num;
    else if (kind === 'par') out.paragraph = num;
    else if (kind === 'pnt') out.points.push(num);
    else if (kind === 'sec') out.section = num;
    else if (kind === 'sbp') out.subparagraph = num;
  }
  return out;
}

const isNumber = (s) => /^\d/.test(s);

/** Citation in the interface language: Art 26(7)(a) · Art. 26, par. 7, point a) · Art. 26 Abs. 7 Buchst. a. */
export function citation(iri, language = lang()) {
  const p = parseProvision(iri);
  if (!p.article && !p.annex) return iri.split('/').pop() ?? iri;
  if (language === 'fr') {
    const parts = [p.article ? `Art. ${p.article}` : `Annexe ${p.annex}`];
    if (p.section) parts.push(`section ${p.section}`);
    if (p.paragraph) parts.push(`par. ${p.paragraph}`);
    if (p.subparagraph) parts.push(`alinéa ${p.subparagraph}`);
    if (p.points.length) parts.push(`point ${p.points.map((x, i) => (i === p.points.length - 1 ? `${x})` : x)).join(' ')}`);
    return parts.join(', ');
  }
  if (language === 'de') {
    const parts = [p.article ? `Art. ${p.article}` : `Anhang ${p.annex}`];
    if (p.section) parts.push(`Abschnitt ${p.section}`);
    if (p.paragraph) parts.push(`Abs. ${p.paragraph}`);
    if (p.subparagraph) parts.push(`Unterabs. ${p.subparagraph}`);
    for (const x of p.points) parts.push(isNumber(x) ? `Nr. ${x}` : `Buchst. ${x}`);
    return parts.join(' ');
  }
  let s = p.article ? `Art ${p.article}` : `Annex ${p.annex}`;
  if (p.section) s += ` Section ${p.section}`;
  if (p.paragraph) s += `(${p.paragraph})`;
  if (p.annex && p.points.length) {
    const [first, ...rest] = p.points;
    s += ` ${first}${rest.map((x) => `(${x})`).join('')}`;
  } else s += p.points.map((x) => `(${x})`).join('');
  if (p.subparagraph) s += `, subparagraph ${p.subparagraph}`;
  return s;
}

/** The EUR-Lex address of a provision in the interface language (the server gives the English one). */
export function eurLexUrl(iri, given, language = lang()) {
  let u = given;
  if (!u) {
    const p = parseProvision(iri);
    u = p.article ? `${EURLEX}#art_${p.article}` : p.annex ? `${EURLEX}#anx_${p.annex}` : EURLEX;
  }
  return u.replace('/legal-content/EN/', `/legal-content/${language.toUpperCase()}/`);
}

/** A link to the provision on EUR-Lex, labelled with its citation. */
export function provisionLink(iri, given) {
  return h('a', { class: 'cite', href: eurLexUrl(iri, given), rel: 'noopener', hreflang: lang() }, citation(iri));
}

/** Comma-separated citation links for a list of provision IRIs (or legal-basis objects with iri/eurLex). */
export function provisionLinks(list) {
  const out = [];
  const seen = new Set();
  for (const item of list ?? []) {
    const iri = typeof item === 'string' ? item : item.iri;
    if (seen.has(iri)) continue;
    seen.add(iri);
    if (out.length) out.push(', ');
    out.push(provisionLink(iri, typeof item === 'string' ? undefined : item.eurLex));
  }
  return out;
}
