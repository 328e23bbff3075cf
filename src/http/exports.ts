import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RegkgError } from '../errors.js';
import { DUMP_FORMATS, DUMP_PREFIXES, dumpChunks, groupByGraph, isDumpFormat, jsonldContext, serialiseQuads, type DumpFormat } from '../graph/export.js';
import { DATASET_IRI, datasetDescription } from '../graph/dataset-description.js';
import { pickMediaType } from '../sparql/negotiate.js';
import { publicBase } from './public-base.js';
import { escapeHtml, htmlPage } from './html-page.js';
import { renderTermPage } from './term-page.js';
import { TermIndex } from '../graph/term-description.js';

/** True when an If-None-Match header matches the entity tag (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => strip(t) === strip(etag));
}

const DESCRIPTION_TYPES: Record<string, DumpFormat> = { 'text/turtle': 'ttl', 'application/ld+json': 'jsonld', 'application/n-triples': 'nt' };

/**
 * Downloads and dataset metadata: versioned dumps in five formats (streamed graph by graph, ETag per knowledge
 * version and format), the JSON-LD context, and the VoID/DCAT description of the dataset.
 */
export async function exportsPlugin(app: FastifyInstance): Promise<void> {
  const { core, config } = app;
  const version = core.k.version;
  const fileName = (ext: DumpFormat) => `regkg-${version}.${ext}`;
  const etagOf = (ext: string) => `"${version}.${ext}"`;

  let stats: { graphs: [string, number][]; distinctSubjects: number } | undefined;
  const datasetStats = () => {
    stats ??= {
      graphs: groupByGraph(core.k.quads).map(([g, qs]) => [g, qs.length] as [string, number]),
      distinctSubjects: new Set(core.k.quads.map((q) => q.subject.value)).size,
    };
    return stats;
  };

  const notModified = (req: FastifyRequest, reply: FastifyReply, etag: string): boolean => {
    reply.header('etag', etag);
    if (!etagMatches(req.headers['if-none-match'], etag)) return false;
    reply.code(304).send();
    return true;
  };

  app.get('/dumps', { schema: { tags: ['data'], summary: 'The downloadable dumps of the current knowledge version' } }, async (req, reply) => {
    const base = publicBase(req, config);
    const dumps = (Object.keys(DUMP_FORMATS) as DumpFormat[]).map((ext) => ({
      format: ext,
      mediaType: DUMP_FORMATS[ext].mediaType,
      description: DUMP_FORMATS[ext].label,
      url: `${base}/dumps/${fileName(ext)}`,
      latest: `${base}/dumps/latest.${ext}`,
    }));
    const listing = { knowledgeVersion: version, dataset: `${base}/dataset`, licence: 'https://www.apache.org/licenses/LICENSE-2.0', quads: core.k.quads.length, dumps };
    reply.header('vary', 'Accept');
    if (pickMediaType(req.headers.accept, ['application/json', 'text/html']) === 'text/html') {
      const rows = dumps
        .map((d) => `<tr><td><a href="/dumps/${escapeHtml(fileName(d.format))}">${escapeHtml(fileName(d.format))}</a></td><td>${escapeHtml(d.mediaType)}</td><td>${escapeHtml(d.description)}</td></tr>`)
        .join('\n');
      const body = `<h1>Dumps</h1><p>Knowledge version <code>${escapeHtml(version)}</code>, ${core.k.quads.length} quads. Data under the Apache License 2.0; see the <a href="/dataset">dataset description</a> for the EUR-Lex reuse notice.</p>
<table><thead><tr><th>File</th><th>Media type</th><th>Content</th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted"><code>/dumps/latest.&lt;ext&gt;</code> redirects to the current version.</p>`;
      return reply.type('text/html; charset=utf-8').send(htmlPage({ title: 'Dumps', body }));
    }
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(listing));
  });

  app.get<{ Params: { file: string } }>('/dumps/:file', { schema: { tags: ['data'], summary: 'One dump (regkg-<version>.<ext>) or latest.<ext> (redirect)' } }, async (req, reply) => {
    const m = /^(?:regkg-(.+)|latest)\.([a-z]+)$/.exec(req.params.file);
    const ext = m?.[2];
    if (!m || !ext || !isDumpFormat(ext)) throw new RegkgError('NOT_FOUND', { path: req.url });
    if (m[1] === undefined) {
      return reply.header('cache-control', 'no-cache').redirect(`/dumps/${fileName(ext)}`, 302);
    }
    if (m[1] !== version) throw new RegkgError('NOT_FOUND', { path: req.url });
    reply
      .header('cache-control', 'public, max-age=86400, immutable')
      .header('content-disposition', `attachment; filename="${fileName(ext)}"`)
      .type(`${DUMP_FORMATS[ext].mediaType}; charset=utf-8`);
    if (notModified(req, reply, etagOf(ext))) return reply;
    return reply.send(Readable.from(dumpChunks(ext, core.k.quads, { store: core.store }), { objectMode: false }));
  });

  app.get('/context.jsonld', { schema: { tags: ['data'], summary: 'JSON-LD context with the regkg prefixes' } }, async (req, reply) => {
    reply.header('cache-control', 'public, max-age=3600').type('application/ld+json; charset=utf-8');
    if (notModified(req, reply, etagOf('context'))) return reply;
    return reply.send(JSON.stringify(jsonldContext(), null, 2));
  });

  const describeDataset = async (req: FastifyRequest, reply: FastifyReply) => {
    const base = publicBase(req, config);
    const s = datasetStats();
    const quads = datasetDescription({ knowledgeVersion: version, graphs: s.graphs, triples: core.k.quads.length, distinctSubjects: s.distinctSubjects, base });
    reply.header('vary', 'Accept');
    const chosen = pickMediaType(req.headers.accept, [...Object.keys(DESCRIPTION_TYPES), 'text/html']);
    if (!chosen) {
      throw new RegkgError('NOT_ACCEPTABLE', { detail: `the dataset description is available as ${Object.keys(DESCRIPTION_TYPES).join(', ')}, text/html` }, { allowed: [...Object.keys(DESCRIPTION_TYPES), 'text/html'] });
    }
    if (chosen === 'text/html') {
      const index = new TermIndex(quads);
      const page = renderTermPage(index.describe(DATASET_IRI)!, { lang: 'en', label: (iri) => index.label(iri, 'en'), knowledgeVersion: version });
      return reply.type('text/html; charset=utf-8').send(page);
    }
    return reply.type(`${chosen}; charset=utf-8`).send(serialiseQuads(DESCRIPTION_TYPES[chosen]!, quads, { prefixes: DUMP_PREFIXES }));
  };
  const voidSchema = { schema: { tags: ['data'], summary: 'VoID and DCAT description of the dataset' } };
  app.get('/.well-known/void', voidSchema, describeDataset);
  app.get('/dataset', voidSchema, describeDataset);
}
