import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SparqlEndpointFetcher } from 'fetch-sparql-endpoint';
import type * as RDF from '@rdfjs/types';
import { testApp } from '../support/app.js';
import { sparqlPool } from '../../src/sparql/plugin.js';

const PREFIXES = 'PREFIX regkg: <https://w3id.org/regkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n';
const HEAVY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';

let app: FastifyInstance;
let endpoint: string;
beforeAll(async () => {
  app = await testApp({ REGKG_SPARQL_TIMEOUT_MS: 2000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  endpoint = `http://127.0.0.1:${address.port}/sparql`;
  await sparqlPool(app)!.whenReady(); // the first worker starts on the first query or here
});
afterAll(async () => {
  await app.close();
});

async function bindings(fetcher: SparqlEndpointFetcher, query: string): Promise<Record<string, RDF.Term>[]> {
  const stream = await fetcher.fetchBindings(endpoint, query);
  const rows: Record<string, RDF.Term>[] = [];
  for await (const row of stream as AsyncIterable<Record<string, RDF.Term>>) rows.push(row);
  return rows;
}

describe('the SPARQL endpoint on a real port, queried by fetch-sparql-endpoint', () => {
  it('returns SELECT bindings as RDF terms (POST, the client default)', async () => {
    const rows = await bindings(new SparqlEndpointFetcher(), `${PREFIXES}SELECT ?o ?label WHERE { ?o a regkg:Obligation ; rdfs:label ?label FILTER(LANG(?label) = "fr") } ORDER BY ?o LIMIT 3`);
    expect(rows).toHaveLength(3);
    expect(rows[0]!.o!.termType).toBe('NamedNode');
    expect(rows[0]!.o!.value).toMatch(/^https:\/\/w3id\.org\/regkg\/obligation\//);
    expect((rows[0]!.label as RDF.Literal).language).toBe('fr');
  });

  it('returns SELECT bindings over GET too', async () => {
    const rows = await bindings(new SparqlEndpointFetcher({ method: 'GET' }), `${PREFIXES}SELECT (COUNT(?o) AS ?n) WHERE { ?o a regkg:Obligation }`);
    expect(Number(rows[0]!.n!.value)).toBeGreaterThan(50);
  });

  it('answers ASK', async () => {
    const fetcher = new SparqlEndpointFetcher();
    expect(await fetcher.fetchAsk(endpoint, `${PREFIXES}ASK { <https://w3id.org/regkg/obligation/aia-art26-7> a regkg:Obligation }`)).toBe(true);
    expect(await fetcher.fetchAsk(endpoint, `${PREFIXES}ASK { <https://w3id.org/regkg/obligation/none> a regkg:Obligation }`)).toBe(false);
  });

  it('reads CONSTRUCT results as triples', async () => {
    const stream = await new SparqlEndpointFetcher().fetchTriples(endpoint, `${PREFIXES}CONSTRUCT WHERE { <https://w3id.org/regkg/obligation/aia-art26-7> rdfs:label ?l }`);
    const triples: RDF.Quad[] = [];
    for await (const t of stream as AsyncIterable<RDF.Quad>) triples.push(t);
    expect(triples.map((t) => (t.object as RDF.Literal).language).sort()).toEqual(['de', 'en', 'fr']);
  });

  it('keeps a light query fast while a heavy query runs in parallel', async () => {
    // The pool keeps one worker; the second starts when queries first overlap (test/sparql/limits.test.ts covers
    // that start). Here both are running, as they are once queries have overlapped.
    await sparqlPool(app)!.whenReady(true);
    const heavy = fetch(`${endpoint}?query=${encodeURIComponent(HEAVY)}`);
    await new Promise((r) => setTimeout(r, 100));
    const fetcher = new SparqlEndpointFetcher();
    const started = performance.now();
    expect(await fetcher.fetchAsk(endpoint, `${PREFIXES}ASK { ?o a regkg:Obligation }`)).toBe(true);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(500); // the heavy query holds its worker for 2 s
    const heavyRes = await heavy;
    expect(heavyRes.status).toBe(503);
    expect((await heavyRes.json()).code).toBe('REGKG_ERR_SPARQL_TIMEOUT');
  });
});
