import type { Knowledge } from '../graph/knowledge.js';
import { NS } from '../graph/namespaces.js';
import type { LegalBasisRef } from './assessment-types.js';

const EURLEX = 'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689';

/** Splits a subdivision IRI (`…/art_26/par_7/pnt_a`, `…/anx_III/pnt_4/pnt_a`) into its numbered parts. */
export function legalBasisOf(k: Knowledge, iri: string): LegalBasisRef {
  const known = k.provisions.get(iri);
  const ref = iri.startsWith(NS.aia) ? iri.slice(NS.aia.length) : '';
  const parts = ref.split('/');
  const out: LegalBasisRef = { iri, eurLex: known?.eurLex ?? EURLEX };
  const points: string[] = [];
  for (const part of parts) {
    const [kind, num] = part.split('_') as [string, string | undefined];
    if (!num) continue;
    if (kind === 'art') out.article = num;
    else if (kind === 'anx') out.annex = num;
    else if (kind === 'par') out.paragraph = num;
    else if (kind === 'pnt') points.push(num);
    else if (kind === 'sec') points.push(`Section ${num}`);
    else if (kind === 'sbp') out.paragraph = `${out.paragraph ?? ''} subparagraph ${num}`.trim();
  }
  if (points.length) out.point = points.join('.');
  if (!known) out.eurLex = out.article ? `${EURLEX}#art_${out.article}` : out.annex ? `${EURLEX}#anx_${out.annex}` : EURLEX;
  return out;
}

/** Short human citation: `Art 26(7)`, `Art 16(a)`, `Annex III 4(a)`. */
export function citation(k: Knowledge, iri: string): string {
  const b = legalBasisOf(k, iri);
  const pt = b.point ? b.point.split('.').map((x) => `(${x})`).join('') : '';
  if (b.article) return `Art ${b.article}${b.paragraph ? `(${b.paragraph})` : ''}${pt}`;
  if (b.annex) {
    const [first, ...rest] = (b.point ?? '').split('.');
    return `Annex ${b.annex}${first ? ` ${first}` : ''}${rest.map((x) => `(${x})`).join('')}`;
  }
  return iri;
}
