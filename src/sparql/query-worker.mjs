/**
 * SPARQL query worker: holds its own oxigraph store and answers one query at a time.
 *
 * Plain JavaScript on purpose: it runs in a worker thread with no TypeScript loader (under tsx, vitest and
 * plain node alike). The pool in run-query.ts terminates this thread when a query overruns its time limit.
 *
 * In:  workerData = { nquads: Uint8Array (N-Quads, usually on a SharedArrayBuffer), prefixes: Record<string,string> }
 *      message    = { id, query, form?, format, dataset, cap }
 * Out: { type: 'ready', loadMs, quads } once, then per query
 *      { type: 'result', id, ok: true, body, count, ms } or { type: 'result', id, ok: false, code, detail }
 */
import { parentPort, workerData } from 'node:worker_threads';
import oxigraph from 'oxigraph';
import N3 from 'n3';

/**
 * The named graphs of a store, sorted. Asked in SPARQL so that oxigraph scans its own index: store.match() would
 * materialise every quad as a JavaScript object (and its wasm-side copy) only to read the graph names.
 */
function namedGraphs(st) {
  const rows = st.query('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }');
  return rows.map((row) => row.get('g').value).sort().map((g) => oxigraph.namedNode(g));
}

const started = performance.now();
const knowledgeBytes = () => new Uint8Array(workerData.nquads).slice();
/**
 * Two stores. `store` holds the knowledge graph only: anonymous queries run there, over the union of its graphs
 * (oxigraph's fast path). `withRegister` holds the knowledge graph and the register's graphs (systems and their
 * assessments) for readers with a key; it exists only while the register has systems. Listing the visible graphs
 * explicitly in one shared store instead made every anonymous query ~10x slower (p50 22 ms vs 2 ms).
 */
const store = new oxigraph.Store();
store.load(knowledgeBytes(), { format: 'application/n-quads' });
/** @type {oxigraph.Store | undefined} */
let withRegister;
/** The knowledge graph's named graphs (the register's graphs come and go, in `withRegister` only). */
const knowledgeGraphs = namedGraphs(store);
const knowledgeGraphNames = new Set(knowledgeGraphs.map((g) => g.value));
let registerGraphs = [];

/** Replaces the register's named graphs with a new snapshot (N-Quads; empty when the register has no system). */
function loadRegister(nquads) {
  if (!nquads) {
    withRegister = undefined;
    registerGraphs = [];
    return;
  }
  if (!withRegister) {
    withRegister = new oxigraph.Store();
    withRegister.load(knowledgeBytes(), { format: 'application/n-quads' });
  }
  for (const g of registerGraphs) withRegister.update(`DROP SILENT GRAPH <${g.value}>`);
  withRegister.load(nquads, { format: 'application/n-quads' });
  registerGraphs = namedGraphs(withRegister).filter((g) => !knowledgeGraphNames.has(g.value));
}
/** @type {Record<string, string>} */
const prefixes = workerData.prefixes ?? {};

/** oxigraph's names for the SELECT/ASK result formats, and RDF media types for graphs. */
const RESULT_FORMATS = { json: 'json', xml: 'xml', csv: 'csv', tsv: 'tsv' };
const GRAPH_FORMATS = { ntriples: 'application/n-triples', jsonld: 'application/ld+json', rdfxml: 'application/rdf+xml' };

class QueryFailure extends Error {
  /** @param {string} code @param {string} detail */
  constructor(code, detail) {
    super(detail);
    this.code = code;
  }
}

/**
 * @param {{ kind: string, defaultGraphs?: string[], namedGraphs?: string[] }} dataset
 * @param {boolean} register whether the caller may see the register's graphs
 */
function datasetOptions(dataset, register) {
  if (dataset.kind === 'union') return { use_default_graph_as_union: true };
  if (dataset.kind === 'protocol') {
    const allowed = (g) => register || knowledgeGraphNames.has(g);
    return {
      default_graph: (dataset.defaultGraphs ?? []).filter(allowed).map((g) => oxigraph.namedNode(g)),
      named_graphs: (dataset.namedGraphs ?? []).filter(allowed).map((g) => oxigraph.namedNode(g)),
    };
  }
  // The query names its own dataset (FROM / FROM NAMED): oxigraph honours it when no dataset is given here.
  return {};
}

/** The store a caller queries: the register's graphs exist only in the one readers with a key see. */
function storeFor(register) {
  return register && withRegister ? withRegister : store;
}

/** Whether a query text names the register's graphs (IRI escapes decoded first). */
function mentionsRegister(query) {
  const decoded = query.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a, b) => String.fromCodePoint(parseInt(a ?? b, 16)));
  return decoded.includes('w3id.org/regkg/register/');
}

/** Number of occurrences of `needle` in `text`. */
function occurrences(text, needle) {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Rows in a serialised SELECT result, exactly, without building the rows. */
function countRows(format, body) {
  switch (format) {
    case 'json':
      return JSON.parse(body).results?.bindings?.length ?? 0;
    case 'xml':
      return occurrences(body, '<result>'); // text is escaped, so the tag cannot appear inside a value
    case 'tsv':
      return Math.max(0, occurrences(body, '\n') - 1); // TSV escapes newlines in values; line 1 is the header
    case 'csv': {
      let rows = 0;
      let quoted = false;
      for (let i = 0; i < body.length; i++) {
        const c = body.charCodeAt(i);
        if (c === 34) quoted = !quoted;
        else if (c === 10 && !quoted) rows++;
      }
      return Math.max(0, rows - 1);
    }
    default:
      return 0;
  }
}

/** The prefixes some IRI of the graph starts with, so that a result declares only those. */
function usedPrefixes(graph) {
  const iris = new Set();
  for (const q of graph.match()) {
    iris.add(q.predicate.value);
    if (q.subject.termType === 'NamedNode') iris.add(q.subject.value);
    if (q.object.termType === 'NamedNode') iris.add(q.object.value);
    else if (q.object.termType === 'Literal') iris.add(q.object.datatype.value);
  }
  return Object.fromEntries(Object.entries(prefixes).filter(([, ns]) => [...iris].some((iri) => iri.startsWith(ns))));
}

/** Serialises a CONSTRUCT/DESCRIBE graph: Turtle through n3 (with prefixes), the rest through oxigraph. */
function serialiseGraph(graph, format) {
  if (format === 'turtle') {
    const writer = new N3.Writer({ format: 'Turtle', prefixes: usedPrefixes(graph) });
    writer.addQuads(graph.match());
    let out = '';
    writer.end((error, result) => {
      if (error) throw error;
      out = result;
    }); // synchronous without an output stream
    return out;
  }
  const media = GRAPH_FORMATS[format];
  if (!media) throw new QueryFailure('INTERNAL', `unknown graph format ${format}`);
  return graph.dump({ format: media, from_graph_name: oxigraph.defaultGraph() });
}

function classify(e) {
  if (e instanceof QueryFailure) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError) return new QueryFailure('SPARQL_TOO_LARGE', message);
  return new QueryFailure('SPARQL_SYNTAX', message);
}

function run(msg) {
  const t0 = performance.now();
  if (msg.dataset.kind === 'query' && msg.register !== true && mentionsRegister(msg.query)) {
    throw new QueryFailure('FORBIDDEN', 'the register graphs are readable with a reader key only');
  }
  const options = datasetOptions(msg.dataset, msg.register === true);
  const target = storeFor(msg.register === true);
  const form = msg.form;
  if (form === 'SELECT' || form === 'ASK') {
    const resultsFormat = RESULT_FORMATS[msg.format];
    if (!resultsFormat) throw new QueryFailure('INTERNAL', `format ${msg.format} does not fit a ${form} query`);
    const body = target.query(msg.query, { ...options, results_format: resultsFormat });
    if (typeof body !== 'string') throw new QueryFailure('INTERNAL', 'oxigraph returned no serialised result');
    const count = form === 'ASK' ? 1 : countRows(resultsFormat, body);
    if (count > msg.cap) throw new QueryFailure('SPARQL_TOO_LARGE', `${count} rows`);
    return { body, count, ms: performance.now() - t0 };
  }
  const result = target.query(msg.query, options);
  if (form === undefined) {
    // The lexer could not tell the form: the parser accepted it anyway, which should not happen.
    throw new QueryFailure('SPARQL_SYNTAX', 'Expected SELECT, CONSTRUCT, DESCRIBE or ASK after the prologue');
  }
  if (!Array.isArray(result)) throw new QueryFailure('INTERNAL', `a ${form} query returned ${typeof result}`);
  const graph = new oxigraph.Store(result); // a graph is a set: duplicates of a CONSTRUCT template collapse here
  if (graph.size > msg.cap) throw new QueryFailure('SPARQL_TOO_LARGE', `${graph.size} triples`);
  return { body: serialiseGraph(graph, msg.format), count: graph.size, ms: performance.now() - t0 };
}

const port = parentPort;
if (!port) throw new Error('query-worker.mjs must run in a worker thread');
port.on('message', (msg) => {
  if (msg.type === 'register') {
    loadRegister(msg.nquads);
    return;
  }
  try {
    port.postMessage({ type: 'result', id: msg.id, ok: true, ...run(msg) });
  } catch (e) {
    const f = classify(e);
    port.postMessage({ type: 'result', id: msg.id, ok: false, code: f.code, detail: f.message });
  }
});
port.postMessage({ type: 'ready', loadMs: performance.now() - started, quads: store.size });
