import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DATASET_IRI } from '../graph/dataset-description.js';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import type { SystemRegister } from '../store/system-register.js';
import { registerQuads } from '../store/register-rdf.js';
import { RegisterAuth } from '../http/auth.js';
import { DUMP_PREFIXES, nquadsBytes, serialiseQuads } from '../graph/export.js';
import { publicBase } from '../http/public-base.js';
import { renderEditorPage } from './editor-page.js';
import { loadExamples } from './examples.js';
import { negotiateSparql, pickMediaType } from './negotiate.js';
import { parseSparqlRequest } from './parse-request.js';
import { QueryPool } from './run-query.js';
import { serviceDescription } from './service-description.js';
import { RegkgError } from '../errors.js';

export interface SparqlPluginOptions {
  /** Query workers (each holds its own copy of the store). Two keep a heavy query from blocking light ones. */
  workers?: number;
}

/** The pool of each app, keyed by its config object (shared by the app and its encapsulated plugins). */
const pools = new WeakMap<object, QueryPool>();

/** The SPARQL worker pool of an app, for warm-up, tests and benchmarks. */
export function sparqlPool(app: FastifyInstance): QueryPool | undefined {
  return pools.get(app.config);
}

const DESCRIPTION_TYPES = { 'text/turtle': 'ttl', 'application/n-triples': 'nt', 'application/ld+json': 'jsonld' } as const;

/**
 * The SPARQL 1.1 Protocol endpoint at /sparql: read-only, over the union of all named graphs, each query in a
 * worker thread with a time limit (503 SPARQL_TIMEOUT) and a result cap (413 SPARQL_TOO_LARGE).
 * A browser asking for /sparql without a query gets the query editor; other clients the service description.
 */
export async function sparqlPlugin(app: FastifyInstance, opts: SparqlPluginOptions = {}): Promise<void> {
  const { core, config } = app;
  const examples = loadExamples();
  const pool = new QueryPool({
    nquads: () => nquadsBytes(core.k.quads),
    prefixes: DUMP_PREFIXES,
    size: opts.workers ?? config.REGKG_SPARQL_WORKERS,
    idleMs: config.REGKG_SPARQL_WORKER_IDLE_MS,
    timeoutMs: config.REGKG_SPARQL_TIMEOUT_MS,
    maxResults: config.REGKG_SPARQL_MAX_RESULTS,
    onEvent: (e) => {
      if (e.type === 'ready') app.log.debug(e, 'sparql worker ready');
      else app.log.warn(e, `sparql worker ${e.type}`);
    },
  });
  pools.set(config, pool);
  // The first worker starts on the first query (~0.3 s, once per process) and is kept from then on: a server that
  // only assesses never holds a query store (~90 MiB resident each).

  // The register's systems are RDF too (a named graph per system): authenticated readers see them, anonymous
  // queries never do. The snapshot is rebuilt after each committed change in this process.
  const register = (app as FastifyInstance & { systemRegister?: SystemRegister }).systemRegister;
  if (register) {
    let pending: NodeJS.Timeout | undefined;
    const refresh = async (): Promise<void> => {
      try {
        const quads: Quad[] = [];
        for await (const q of registerQuads(register.store)) quads.push(q);
        pool.setRegister(new N3.Writer({ format: 'N-Quads' }).quadsToString(quads));
      } catch (err) {
        app.log.warn({ err }, 'could not load the register into the SPARQL store');
      }
    };
    app.addHook('onReady', refresh);
    register.onChange(() => {
      clearTimeout(pending);
      pending = setTimeout(() => void refresh(), 50);
      pending.unref();
    });
  }
  const mayReadRegister = (req: FastifyRequest): boolean => {
    const auth = (app as FastifyInstance & { registerAuth?: RegisterAuth }).registerAuth;
    if (!auth || !RegisterAuth.credentialOf(req.headers)) return false;
    auth.authorize(req.headers, 'reader'); // a wrong key is a 401, not a silent public answer
    return true;
  };
  app.addHook('onClose', async () => pool.close());

  // Bodies are read as text; parse-request decides what each content type means (415 for the rest).
  for (const type of ['application/x-www-form-urlencoded', 'application/sparql-query', 'application/sparql-update']) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('vary', 'Accept');
    const parsed = parseSparqlRequest({
      method: req.method,
      contentType: req.headers['content-type'],
      urlQuery: req.query as Record<string, unknown>,
      body: req.body,
    });
    if (!parsed) return describeService(req, reply);
    const { format, contentType } = negotiateSparql(req.headers.accept, parsed.form ?? 'SELECT');
    const out = await pool.run({ query: parsed.query, form: parsed.form, format, dataset: parsed.dataset, register: mayReadRegister(req) });
    return reply
      .type(contentType)
      .header('server-timing', `sparql;dur=${out.ms.toFixed(1)}`)
      .header('x-regkg-knowledge-version', core.k.version)
      .header('x-regkg-result-count', String(out.count))
      .send(out.body);
  };

  const describeService = (req: FastifyRequest, reply: FastifyReply) => {
    const chosen = pickMediaType(req.headers.accept, ['text/html', ...Object.keys(DESCRIPTION_TYPES)]);
    if (chosen === 'text/html') {
      const example = examples.find((e) => e.id === (req.query as Record<string, unknown>).example);
      const html = renderEditorPage({
        examples,
        timeoutMs: config.REGKG_SPARQL_TIMEOUT_MS,
        maxResults: config.REGKG_SPARQL_MAX_RESULTS,
        knowledgeVersion: core.k.version,
        initial: example?.query,
      });
      return reply.type('text/html; charset=utf-8').send(html);
    }
    if (!chosen) {
      throw new RegkgError('NOT_ACCEPTABLE', { detail: 'GET /sparql without a query answers text/html or a service description in RDF' }, { allowed: ['text/html', ...Object.keys(DESCRIPTION_TYPES)] });
    }
    const quads = serviceDescription(`${publicBase(req, config)}/sparql`, DATASET_IRI);
    const format = DESCRIPTION_TYPES[chosen as keyof typeof DESCRIPTION_TYPES];
    return reply.type(`${chosen}; charset=utf-8`).send(serialiseQuads(format, quads, { prefixes: { sd: 'http://www.w3.org/ns/sparql-service-description#', dct: DUMP_PREFIXES.dct! } }));
  };

  const schema = {
    tags: ['sparql'],
    summary: 'SPARQL 1.1 query endpoint',
    description:
      'SPARQL 1.1 Protocol, read-only. Query by GET ?query=, POST application/x-www-form-urlencoded or POST application/sparql-query. ' +
      'SELECT/ASK answer SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE Turtle, N-Triples, JSON-LD or RDF/XML (by Accept). ' +
      'The default graph is the union of all named graphs unless default-graph-uri/named-graph-uri or FROM say otherwise. ' +
      'Over REGKG_SPARQL_TIMEOUT_MS: 503; over REGKG_SPARQL_MAX_RESULTS rows or triples: 413 (no silent truncation).',
  };
  app.get('/sparql', { schema }, handler);
  app.post('/sparql', { schema }, handler);
}
