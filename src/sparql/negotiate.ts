import { RegkgError } from '../errors.js';
import type { QueryForm } from './parse-request.js';

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

/** Parses an Accept header into media ranges (RFC 9110 §12.5.1). Malformed parts are skipped. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || !header.trim()) return [{ type: '*', subtype: '*', q: 1 }];
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [range, ...params] = part.trim().split(';');
    const m = /^([\w.+*-]+)\/([\w.+*-]+)$/.exec((range ?? '').trim().toLowerCase());
    if (!m) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k?.trim().toLowerCase() === 'q') q = Math.max(0, Math.min(1, Number(v) || 0));
    }
    ranges.push({ type: m[1]!, subtype: m[2]!, q });
  }
  return ranges;
}

function specificity(r: MediaRange, type: string, subtype: string): number {
  if (r.type === type && r.subtype === subtype) return 3;
  if (r.type === type && r.subtype === '*') return 2;
  if (r.type === '*' && r.subtype === '*') return 1;
  return 0;
}

/**
 * The offer the client prefers most (by q of the most specific matching range), ties going to the server's
 * order of `offers`. Undefined when nothing offered is acceptable.
 */
export function pickMediaType(accept: string | undefined, offers: readonly string[]): string | undefined {
  const ranges = parseAccept(accept);
  let best: string | undefined;
  let bestQ = 0;
  for (const offer of offers) {
    const [type = '', subtype = ''] = offer.split('/');
    let spec = 0;
    let q = 0;
    for (const r of ranges) {
      const s = specificity(r, type, subtype);
      if (s > spec || (s === spec && s > 0 && r.q > q)) {
        spec = s;
        q = r.q;
      }
    }
    if (spec > 0 && q > bestQ) {
      best = offer;
      bestQ = q;
    }
  }
  return best;
}

/** Serialisation ids the query worker understands. */
export type ResultFormat = 'json' | 'xml' | 'csv' | 'tsv' | 'turtle' | 'ntriples' | 'jsonld' | 'rdfxml';

/** Media types offered for SELECT/ASK results, in the server's order of preference. */
export const RESULTS_MEDIA_TYPES: Record<string, ResultFormat> = {
  'application/sparql-results+json': 'json',
  'application/sparql-results+xml': 'xml',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
};

/** Media types offered for CONSTRUCT/DESCRIBE results, in the server's order of preference. */
export const GRAPH_MEDIA_TYPES: Record<string, ResultFormat> = {
  'text/turtle': 'turtle',
  'application/n-triples': 'ntriples',
  'application/ld+json': 'jsonld',
  'application/rdf+xml': 'rdfxml',
  'text/plain': 'ntriples',
};

export interface NegotiatedFormat {
  format: ResultFormat;
  /** The Content-Type to send (with charset). */
  contentType: string;
}

/** Chooses the response format of a query from its form and the Accept header; 406 when none fits. */
export function negotiateSparql(accept: string | undefined, form: QueryForm): NegotiatedFormat {
  const table = form === 'SELECT' || form === 'ASK' ? RESULTS_MEDIA_TYPES : GRAPH_MEDIA_TYPES;
  const offers = Object.keys(table);
  const chosen = pickMediaType(accept, offers);
  if (!chosen) {
    throw new RegkgError('NOT_ACCEPTABLE', { detail: `${form} results are available as ${offers.join(', ')}; Accept was ${accept ?? '(none)'}` }, { allowed: offers });
  }
  return { format: table[chosen]!, contentType: `${chosen}; charset=utf-8` };
}
