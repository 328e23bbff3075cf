import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import N3 from 'n3';
import { testApp } from '../support/app.js';
import { sharedCore } from '../support/core.js';
import { parseWithN3, parseWithRdflib } from '../support/parse-rdf.js';
import { distinctTripleCount } from '../../src/graph/export.js';
import { NS } from '../../src/graph/namespaces.js';

let app: FastifyInstance;
const k = () => sharedCore().k;
const file = (ext: string) => `/dumps/regkg-${k().version}.${ext}`;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

describe('GET /dumps', () => {
  it('lists one dump per format for the current knowledge version', async () => {
    const res = await app.inject({ method: 'GET', url: '/dumps' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.knowledgeVersion).toBe(k().version);
    expect(body.dumps.map((d: { format: string }) => d.format)).toEqual(['ttl', 'nt', 'nq', 'jsonld', 'rdf']);
    expect(body.dumps[0].url).toBe(`http://localhost:80${file('ttl')}`);
  });

  it('shows browsers a page of links', async () => {
    const res = await app.inject({ method: 'GET', url: '/dumps', headers: { accept: 'text/html' } });
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(`href="${file('nq')}"`);
  });
});

describe('the dumps', () => {
  it('N-Quads keeps every quad in its named graph', async () => {
    const res = await app.inject({ method: 'GET', url: file('nq') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/n-quads; charset=utf-8');
    expect(res.headers['transfer-encoding']).toBe('chunked'); // streamed, no Content-Length
    const store = parseWithN3(res.body, 'N-Quads');
    expect(store.size).toBe(new N3.Store(k().quads as N3.Quad[]).size);
    expect(store.getGraphs(null, null, null).length).toBe(new Set(k().quads.map((q) => q.graph.value)).size);
  });

  it.each([
    ['ttl', 'text/turtle', 'Turtle'],
    ['nt', 'application/n-triples', 'N-Triples'],
  ] as const)('%s parses back with n3 to every distinct triple', async (ext, type, format) => {
    const res = await app.inject({ method: 'GET', url: file(ext) });
    expect(res.headers['content-type']).toBe(`${type}; charset=utf-8`);
    expect(parseWithN3(res.body, format).size).toBe(distinctTripleCount(k().quads));
  });

  it.each([
    ['jsonld', 'application/ld+json'],
    ['rdf', 'application/rdf+xml'],
  ] as const)('%s parses back with rdflib to every distinct triple', async (ext, type) => {
    const res = await app.inject({ method: 'GET', url: file(ext) });
    expect(res.headers['content-type']).toBe(`${type}; charset=utf-8`);
    expect(await parseWithRdflib(res.body, type)).toHaveLength(distinctTripleCount(k().quads));
  });

  it('carries an ETag of knowledge version and format, and answers 304 to If-None-Match', async () => {
    const res = await app.inject({ method: 'GET', url: file('ttl') });
    expect(res.headers.etag).toBe(`"${k().version}.ttl"`);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="regkg-${k().version}.ttl"`);
    const again = await app.inject({ method: 'GET', url: file('ttl'), headers: { 'if-none-match': `W/"x", ${res.headers.etag}` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await app.inject({ method: 'GET', url: file('nt'), headers: { 'if-none-match': res.headers.etag as string } });
    expect(other.statusCode).toBe(200);
  });

  it('redirects latest.<ext> to the current version and 404s other versions and formats', async () => {
    const res = await app.inject({ method: 'GET', url: '/dumps/latest.nq' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(file('nq'));
    expect((await app.inject({ method: 'GET', url: '/dumps/regkg-sha256-0000000000000000.ttl' })).statusCode).toBe(404);
    const unknown = await app.inject({ method: 'GET', url: `/dumps/regkg-${k().version}.xlsx` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('REGKG_ERR_NOT_FOUND');
  });
});

describe('GET /context.jsonld', () => {
  it('publishes the regkg prefixes as a JSON-LD context', async () => {
    const res = await app.inject({ method: 'GET', url: '/context.jsonld' });
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const ctx = res.json()['@context'];
    expect(ctx).toMatchObject({ regkg: NS.regkg, aia: NS.aia, obl: NS.obl, cond: NS.cond, rule: NS.rule, concept: NS.concept, lv: NS.lv });
  });
});

describe('the VoID and DCAT description', () => {
  it.each(['/.well-known/void', '/dataset'])('%s describes licence, rights, provenance, size, endpoint and dumps', async (url) => {
    const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/turtle' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/turtle; charset=utf-8');
    const store = parseWithN3(res.body, 'Turtle');
    const ds = 'https://w3id.org/regkg/dataset';
    const one = (p: string) => store.getObjects(ds, p, null).map((t) => t.value);
    expect(store.has(N3.DataFactory.quad(N3.DataFactory.namedNode(ds), N3.DataFactory.namedNode(`${NS.rdf}type`), N3.DataFactory.namedNode(`${NS.void}Dataset`)))).toBe(true);
    expect(one(`${NS.dct}license`)).toEqual(['https://www.apache.org/licenses/LICENSE-2.0']);
    expect(one(`${NS.dct}rights`)[0]).toContain('2011/833/EU');
    expect(one(`${NS.prov}wasDerivedFrom`)).toEqual(['http://data.europa.eu/eli/reg/2024/1689/oj']);
    expect(Number(one(`${NS.void}triples`)[0])).toBe(k().quads.length);
    expect(one(`${NS.void}sparqlEndpoint`)).toEqual(['http://localhost:80/sparql']);
    expect(one(`${NS.void}dataDump`).sort()).toEqual(['jsonld', 'nq', 'nt', 'rdf', 'ttl'].map((e) => `http://localhost:80${file(e)}`));
    expect(one(`${NS.dcat}distribution`)).toHaveLength(6);
  });

  it('follows REGKG_PUBLIC_BASE for the links it prints', async () => {
    const other = await testApp({ REGKG_PUBLIC_BASE: 'https://regkg.example.eu/' });
    const res = await other.inject({ method: 'GET', url: '/dataset', headers: { accept: 'application/n-triples' } });
    expect(res.body).toContain('<https://w3id.org/regkg/dataset> <http://rdfs.org/ns/void#sparqlEndpoint> <https://regkg.example.eu/sparql> .');
    await other.close();
  });

  it('is readable as JSON-LD and as an HTML page', async () => {
    const jsonld = await app.inject({ method: 'GET', url: '/dataset', headers: { accept: 'application/ld+json' } });
    expect((await parseWithRdflib(jsonld.body, 'application/ld+json')).length).toBeGreaterThan(40);
    const html = await app.inject({ method: 'GET', url: '/.well-known/void', headers: { accept: 'text/html' } });
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain('regkg: the EU AI Act as a knowledge graph');
  });
});
