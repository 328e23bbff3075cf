import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RegkgError } from '../errors.js';
import { DUMP_PREFIXES, serialiseQuads, type DumpFormat } from '../graph/export.js';
import { TermIndex } from '../graph/term-description.js';
import { NS } from '../graph/namespaces.js';
import { citation } from '../domain/legal-basis.js';
import { pickMediaType } from '../sparql/negotiate.js';
import { etagMatches } from './exports.js';
import { negotiateLang } from './language.js';
import { REGKG_BASE, renderTermPage } from './term-page.js';

/** Path prefixes of the regkg IRIs this server dereferences (`https://w3id.org/regkg/<path>` ↔ `GET /<path>`). */
export const LINKED_DATA_PREFIXES = [
  'ontology',
  'eli/reg/2024/1689',
  'obligation',
  'condition',
  'rule',
  'scheme',
  'concept',
  'law-version',
  'technique',
  'evidence',
  'profile-field',
  'graph',
  'mappings',
] as const;

/** RDF media types of a term description, by the `?format=` shorthand. */
const RDF_TYPES: Record<string, { format: DumpFormat; mediaType: string }> = {
  ttl: { format: 'ttl', mediaType: 'text/turtle' },
  jsonld: { format: 'jsonld', mediaType: 'application/ld+json' },
  nt: { format: 'nt', mediaType: 'application/n-triples' },
};
const OFFERS = ['text/turtle', 'application/ld+json', 'application/n-triples', 'text/html'];

/** Chooses html or an RDF format: `?format=` first, else Accept (Turtle for `*∕*`); 406 when nothing fits. */
export function negotiateTerm(accept: string | undefined, format: string | undefined): 'html' | DumpFormat {
  if (format === 'html') return 'html';
  if (format && RDF_TYPES[format]) return RDF_TYPES[format].format;
  if (format) throw new RegkgError('VALIDATION', { detail: `format: expected one of html, ${Object.keys(RDF_TYPES).join(', ')}` }, { field: 'format', allowed: ['html', ...Object.keys(RDF_TYPES)] });
  const chosen = pickMediaType(accept, OFFERS);
  if (!chosen) throw new RegkgError('NOT_ACCEPTABLE', { detail: `terms are available as ${OFFERS.join(', ')}` }, { allowed: OFFERS });
  if (chosen === 'text/html') return 'html';
  return Object.values(RDF_TYPES).find((t) => t.mediaType === chosen)!.format;
}

/**
 * Linked data: every regkg IRI dereferences. HTML for people (label in their language, provisions with EUR-Lex
 * links, statements and incoming links as local links), the concise bounded description in Turtle, JSON-LD or
 * N-Triples for machines; unknown terms 404.
 */
export async function linkedDataPlugin(app: FastifyInstance): Promise<void> {
  const { core } = app;
  let index: TermIndex | undefined;
  const terms = () => (index ??= new TermIndex(core.k.quads));

  /** Provisions are named by their citation (`Art 26(7)`), with their title when they have one. */
  const labelOf = (iri: string, lang: string): string | undefined => {
    const label = terms().label(iri, lang);
    if (!iri.startsWith(NS.aia)) return label;
    const cite = citation(core.k, iri);
    return label && label !== cite ? `${cite} — ${label}` : cite;
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const query = req.query as Record<string, string | undefined>;
    const rawPath = req.url.split('?')[0]!.replace(/\/+$/, '');
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      throw new RegkgError('NOT_FOUND', { path: rawPath });
    }
    const iri = `${REGKG_BASE}${path.slice(1)}`;
    const format = negotiateTerm(req.headers.accept, query.format);
    const description = terms().describe(iri);
    if (!description) throw new RegkgError('NOT_FOUND', { path: rawPath });

    const lang = negotiateLang(req, query.lang);
    const etag = `"${core.k.version}.${format}${format === 'html' ? `.${lang}` : ''}"`;
    reply
      .header('vary', 'Accept, Accept-Language')
      .header('etag', etag)
      .header('cache-control', 'public, max-age=300')
      .header('link', Object.values(RDF_TYPES).map((t) => `<${rawPath}?format=${t.format}>; rel="alternate"; type="${t.mediaType}"`).join(', '));
    if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();

    if (format === 'html') {
      const page = renderTermPage(description, {
        lang,
        label: (other) => labelOf(other, lang),
        knowledgeVersion: core.k.version,
        alternates: true,
      });
      return reply.type('text/html; charset=utf-8').header('content-language', lang).send(page);
    }
    const quads = terms().boundedDescription(description);
    const type = Object.values(RDF_TYPES).find((t) => t.format === format)!;
    return reply.type(`${type.mediaType}; charset=utf-8`).send(serialiseQuads(format, quads, { prefixes: DUMP_PREFIXES }));
  };

  const schema = { schema: { tags: ['linked data'], summary: 'Dereference a regkg IRI (HTML or RDF by Accept)', hide: true } };
  app.get('/ontology', schema, handler);
  for (const prefix of LINKED_DATA_PREFIXES) app.get(`/${prefix}/*`, schema, handler);
}
