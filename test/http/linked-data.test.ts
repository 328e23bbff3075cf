import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';
import { parseWithN3, parseWithRdflib } from '../support/parse-rdf.js';
import { NS } from '../../src/graph/namespaces.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const OBL = 'https://w3id.org/regkg/obligation/aia-art26-7';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('dereferencing regkg IRIs', () => {
  it('gives a browser the HTML page of an obligation, with its provision linked to EUR-Lex', async () => {
    const res = await get('/obligation/aia-art26-7', { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers.vary).toMatch(/Accept/);
    expect(res.body).toContain('<h1>Inform workers before using a high-risk system at work</h1>');
    expect(res.body).toContain('href="https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689#art_26"');
    expect(res.body).toContain('href="/eli/reg/2024/1689/art_26/par_7"');
    expect(res.body).toContain('href="/concept/role/deployer"');
    expect(res.body).toContain('href="/condition/hr-deployer-employer"');
  });

  it('labels the page in the language asked for, by ?lang= or Accept-Language', async () => {
    const fr = await get('/obligation/aia-art26-7?lang=fr', { accept: 'text/html' });
    expect(fr.body).toContain('<html lang="fr">');
    expect(fr.body).toContain("Informer les travailleurs avant d&#39;utiliser un système à haut risque au travail");
    expect(fr.body).toContain('legal-content/FR/TXT');
    const de = await get('/obligation/aia-art26-7', { accept: 'text/html', 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    expect(de.headers['content-language']).toBe('de');
    expect(de.body).toContain('Beschäftigte vor dem Einsatz');
  });

  it('gives text/turtle the concise bounded description, with blank nodes and labels of linked terms', async () => {
    const res = await get('/obligation/aia-art26-7', { accept: 'text/turtle' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/turtle; charset=utf-8');
    const store = parseWithN3(res.body, 'Turtle');
    expect(store.getObjects(OBL, `${NS.regkg}bearer`, null).map((t) => t.value)).toEqual(['https://w3id.org/regkg/concept/role/deployer']);
    const dates = store.getObjects(OBL, `${NS.regkg}applicationDate`, null);
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((b) => b.termType === 'BlankNode' && store.getObjects(b, `${NS.regkg}date`, null).length === 1)).toBe(true);
    expect(store.getObjects('https://w3id.org/regkg/concept/role/deployer', `${NS.skos}prefLabel`, null).length).toBeGreaterThan(0);
  });

  it('answers JSON-LD and N-Triples too, by Accept or ?format=', async () => {
    const jsonld = await get('/obligation/aia-art26-7', { accept: 'application/ld+json' });
    expect(jsonld.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const statements = await parseWithRdflib(jsonld.body, 'application/ld+json');
    expect(statements.some((s) => s.subject.value === OBL && s.predicate.value === `${NS.rdfs}label`)).toBe(true);
    const nt = await get('/obligation/aia-art26-7?format=nt', { accept: BROWSER });
    expect(nt.headers['content-type']).toBe('application/n-triples; charset=utf-8');
    expect(parseWithN3(nt.body, 'N-Triples').size).toBe(statements.length);
  });

  it('answers Turtle to clients that accept anything, and 406 to impossible Accept headers', async () => {
    expect((await get('/obligation/aia-art26-7', { accept: '*/*' })).headers['content-type']).toBe('text/turtle; charset=utf-8');
    const res = await get('/obligation/aia-art26-7', { accept: 'image/png' });
    expect(res.statusCode).toBe(406);
    expect(res.json().code).toBe('REGKG_ERR_NOT_ACCEPTABLE');
  });

  it('answers 404 problem+json for an unknown term', async () => {
    const res = await get('/obligation/aia-art999-1', { accept: BROWSER });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'REGKG_ERR_NOT_FOUND', detail: 'No resource at /obligation/aia-art999-1' });
  });

  it('dereferences every kind of regkg IRI', async () => {
    for (const path of [
      '/eli/reg/2024/1689/art_26/par_7',
      '/concept/role/deployer',
      '/condition/hr-deployer-employer',
      '/rule/fria-credit-and-insurance',
      '/scheme/annex-iii',
      '/law-version/aia-2026',
      '/graph/ontology/conditions',
    ]) {
      const res = await get(path, { accept: 'text/turtle' });
      expect(res.statusCode, path).toBe(200);
      expect(parseWithN3(res.body, 'Turtle').size, path).toBeGreaterThan(0);
      expect((await get(path, { accept: BROWSER })).statusCode, path).toBe(200);
    }
  });

  it('shows the provisions and duties that rest on a provision as incoming links', async () => {
    const res = await get('/eli/reg/2024/1689/art_26/par_7', { accept: 'text/html' });
    expect(res.body).toContain('Referenced by');
    expect(res.body).toContain('href="/obligation/aia-art26-7"');
  });

  it('groups hash IRIs under their document: /ontology lists regkg:Obligation with an anchor', async () => {
    expect((await get('/ontology', { accept: 'text/turtle' })).statusCode).toBe(200);
    const res = await get('/ontology', { accept: 'text/html' });
    expect(res.body).toContain('id="Obligation"');
  });

  it('escapes data in HTML', async () => {
    const res = await get('/rule/fria-credit-and-insurance', { accept: 'text/html' });
    expect(res.body).toContain('&quot;');
    expect(res.body).not.toMatch(/<script(?![^>]*>\s*<\/script>)[^>]*>[^<]*"all"/);
  });

  it('carries an ETag per knowledge version, format and language', async () => {
    const res = await get('/concept/role/deployer', { accept: 'text/turtle' });
    const again = await get('/concept/role/deployer', { accept: 'text/turtle', 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
    const html = await get('/concept/role/deployer', { accept: 'text/html', 'if-none-match': res.headers.etag as string });
    expect(html.statusCode).toBe(200);
  });

  it('leaves other routes alone', async () => {
    expect((await get('/v1/nothing-here')).json().detail).not.toMatch(/regkg\/v1/);
    expect((await get('/sparql', { accept: 'text/html' })).body).toContain('SPARQL query editor');
  });
});
