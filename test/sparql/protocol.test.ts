import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';
import { sharedCore } from '../support/core.js';
import { parseWithN3, parseWithRdflib } from '../support/parse-rdf.js';

const PREFIXES = `PREFIX regkg: <https://w3id.org/regkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX obl: <https://w3id.org/regkg/obligation/>
`;
const SELECT = `${PREFIXES}SELECT ?o ?label WHERE { ?o a regkg:Obligation ; rdfs:label ?label . FILTER(LANG(?label) = "en") } ORDER BY ?o LIMIT 5`;
const ASK = `${PREFIXES}ASK { obl:aia-art26-7 a regkg:Obligation }`;
const CONSTRUCT = `${PREFIXES}CONSTRUCT WHERE { obl:aia-art26-7 ?p ?o }`;
const OBLIGATION = 'https://w3id.org/regkg/obligation/aia-art26-7';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

const get = (query: string, accept?: string, extra = '') =>
  app.inject({ method: 'GET', url: `/sparql?query=${encodeURIComponent(query)}${extra}`, headers: accept ? { accept } : {} });
const postForm = (params: Record<string, string>, accept?: string) =>
  app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) }, payload: new URLSearchParams(params).toString() });
const postDirect = (query: string, accept?: string) =>
  app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query', ...(accept ? { accept } : {}) }, payload: query });

/** Distinct triples of a subject in the loaded knowledge, counted without SPARQL. */
function triplesAbout(iri: string): number {
  const keys = new Set(sharedCore().k.quads.filter((q) => q.subject.value === iri).map((q) => `${q.predicate.value} ${q.object.termType}:${q.object.value}`));
  return keys.size;
}

describe('the SPARQL endpoint protocol', () => {
  it('answers a GET query with SPARQL JSON by default', async () => {
    const res = await get(SELECT);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/sparql-results+json; charset=utf-8');
    expect(res.headers.vary).toContain('Accept');
    const body = res.json();
    expect(body.head.vars).toEqual(['o', 'label']);
    expect(body.results.bindings).toHaveLength(5);
    expect(body.results.bindings[0].label['xml:lang']).toBe('en');
  });

  it('answers the same query sent as a form POST and as application/sparql-query', async () => {
    const viaGet = (await get(SELECT)).json();
    expect((await postForm({ query: SELECT })).json()).toEqual(viaGet);
    expect((await postDirect(SELECT)).json()).toEqual(viaGet);
  });

  it('serialises SELECT results as XML, CSV and TSV', async () => {
    const xml = await get(SELECT, 'application/sparql-results+xml');
    expect(xml.headers['content-type']).toMatch(/^application\/sparql-results\+xml/);
    expect(xml.body.match(/<result>/g)).toHaveLength(5);
    const csv = await get(SELECT, 'text/csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.trim().split('\r\n')).toHaveLength(6);
    expect(csv.body.split('\r\n')[0]).toBe('o,label');
    const tsv = await get(SELECT, 'text/tab-separated-values');
    expect(tsv.body.trim().split('\n')).toHaveLength(6);
    expect(tsv.body.split('\n')[1]).toMatch(/^<https:\/\/w3id\.org\/regkg\/obligation\/.+>\t".+"@en$/);
  });

  it('answers ASK in every results format', async () => {
    expect((await get(ASK)).json()).toEqual({ head: {}, boolean: true });
    expect((await get(ASK, 'application/sparql-results+xml')).body).toContain('<boolean>true</boolean>');
    expect((await get(ASK, 'text/csv')).body.trim()).toBe('true');
    expect((await postForm({ query: `${PREFIXES}ASK { obl:no-such-duty ?p ?o }` })).json().boolean).toBe(false);
  });

  it('answers CONSTRUCT in Turtle and N-Triples that n3 parses back with every triple', async () => {
    const expected = triplesAbout(OBLIGATION);
    expect(expected).toBeGreaterThan(5);
    const ttl = await get(CONSTRUCT, 'text/turtle');
    expect(ttl.headers['content-type']).toBe('text/turtle; charset=utf-8');
    expect(ttl.headers['x-regkg-result-count']).toBe(String(expected));
    expect(parseWithN3(ttl.body, 'Turtle').size).toBe(expected);
    const nt = await get(CONSTRUCT, 'application/n-triples');
    expect(parseWithN3(nt.body, 'N-Triples').size).toBe(expected);
  });

  it('answers CONSTRUCT in JSON-LD and RDF/XML that rdflib parses back with every triple', async () => {
    const expected = triplesAbout(OBLIGATION);
    const jsonld = await get(CONSTRUCT, 'application/ld+json');
    expect(jsonld.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(await parseWithRdflib(jsonld.body, 'application/ld+json')).toHaveLength(expected);
    const rdfxml = await get(CONSTRUCT, 'application/rdf+xml');
    expect(await parseWithRdflib(rdfxml.body, 'application/rdf+xml')).toHaveLength(expected);
  });

  it('answers DESCRIBE with the statements about the resource', async () => {
    const res = await get(`DESCRIBE <${OBLIGATION}>`, 'application/n-triples');
    expect(res.statusCode).toBe(200);
    const store = parseWithN3(res.body, 'N-Triples');
    expect(store.getQuads(OBLIGATION, null, null, null).length).toBe(triplesAbout(OBLIGATION));
  });

  it('makes the default graph the union of the named graphs, each still reachable with GRAPH', async () => {
    const graphs = new Set(sharedCore().k.quads.map((q) => q.graph.value));
    const res = await get('SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }');
    expect(Number(res.json().results.bindings[0].n.value)).toBe(graphs.size);
  });

  it('honours default-graph-uri, named-graph-uri and FROM', async () => {
    const quads = sharedCore().k.quads;
    const graph = quads.find((q) => q.subject.value === OBLIGATION)!.graph.value;
    const inGraph = new Set(quads.filter((q) => q.graph.value === graph).map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`)).size;
    const count = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
    const viaProtocol = await get(count, undefined, `&default-graph-uri=${encodeURIComponent(graph)}`);
    expect(Number(viaProtocol.json().results.bindings[0].n.value)).toBe(inGraph);
    const viaFrom = await get(`SELECT (COUNT(*) AS ?n) FROM <${graph}> WHERE { ?s ?p ?o }`);
    expect(Number(viaFrom.json().results.bindings[0].n.value)).toBe(inGraph);
    const namedOnly = await postForm({ query: 'ASK { ?s ?p ?o }', 'named-graph-uri': graph });
    expect(namedOnly.json().boolean).toBe(false);
    const named = await postForm({ query: `ASK { GRAPH <${graph}> { <${OBLIGATION}> ?p ?o } }`, 'named-graph-uri': graph });
    expect(named.json().boolean).toBe(true);
  });
});

describe('the SPARQL endpoint errors', () => {
  it('refuses updates with 403 whichever way they come', async () => {
    const insert = 'INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }';
    const answers = [
      await app.inject({ method: 'GET', url: `/sparql?update=${encodeURIComponent(insert)}` }),
      await get(insert),
      await postForm({ update: insert }),
      await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-update' }, payload: insert }),
      await postDirect(`PREFIX ex: <http://ex/>\nDELETE WHERE { ?s ?p ?o }`),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe('REGKG_ERR_SPARQL_UPDATE_REFUSED');
    }
    expect((await get(ASK)).json().boolean).toBe(true);
  });

  it('answers a malformed query with 400 and the parser message', async () => {
    const res = await get('SELECT ?x WHERE { ?x ?y }');
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.code).toBe('REGKG_ERR_SPARQL_SYNTAX');
    expect(problem.detail).toMatch(/error at \d+:\d+/);
    expect((await get('SELEC * WHERE {}')).json().detail).toMatch(/error at 1:1/);
  });

  it('answers 400 for a query it cannot evaluate (SERVICE is not supported)', async () => {
    const res = await get('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }');
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/not supported/);
  });

  it('answers 406 when no acceptable format exists for the query form', async () => {
    const res = await get(SELECT, 'text/turtle');
    expect(res.statusCode).toBe(406);
    expect(res.json().allowed).toContain('application/sparql-results+json');
    expect((await get(CONSTRUCT, 'application/sparql-results+json')).statusCode).toBe(406);
  });

  it('answers 415 for a POST body of another type', async () => {
    const res = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query: ASK }) });
    expect(res.statusCode).toBe(415);
    expect(res.json().allowed).toEqual(['application/x-www-form-urlencoded', 'application/sparql-query']);
  });
});

describe('GET /sparql without a query', () => {
  it('shows browsers a self-contained query editor with the example queries', async () => {
    const res = await app.inject({ method: 'GET', url: '/sparql', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<textarea');
    expect(res.body).toContain('All duties resting on Article 26');
    expect(res.body).toContain('Every rule citing Annex III point 5(b)');
    expect(res.body).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });

  it('gives other clients the SPARQL service description', async () => {
    const res = await app.inject({ method: 'GET', url: '/sparql', headers: { accept: 'text/turtle' } });
    expect(res.statusCode).toBe(200);
    const store = parseWithN3(res.body, 'Turtle');
    const sd = 'http://www.w3.org/ns/sparql-service-description#';
    expect(store.getObjects(null, `${sd}endpoint`, null).map((t) => t.value)).toEqual(['http://localhost:80/sparql']);
    expect(store.getObjects(null, `${sd}resultFormat`, null).length).toBe(8);
  });
});
