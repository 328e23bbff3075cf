import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sparqlPool } from '../../src/sparql/plugin.js';
import { call, createSystem, registerApp } from '../http/register-support.js';

const COUNT_SYSTEM_GRAPHS = 'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/regkg/register/")) }';
const COUNT_ASSESSMENTS = 'SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/regkg/ontology#Assessment> }';

describe('the register in the SPARQL endpoint', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await registerApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    await sparqlPool(app)!.whenReady();
  });
  afterAll(() => app.close());

  const count = async (who: 'reader' | 'nobody', query: string): Promise<number> => {
    const res = await call(app, who, { method: 'GET', url: `/sparql?query=${encodeURIComponent(query)}`, headers: { accept: 'application/sparql-results+json' } });
    expect(res.statusCode).toBe(200);
    return Number(res.json().results.bindings[0].n.value);
  };

  it('shows each system as a named graph to readers, and never to anonymous queries', async () => {
    await createSystem(app, { name: 'CV screener', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'] });
    await createSystem(app, { name: 'Chatbot', roles: ['provider'], transparencyTriggers: ['interacts-with-natural-persons'] });
    await expect.poll(() => count('reader', COUNT_SYSTEM_GRAPHS), { timeout: 10_000 }).toBe(2);
    expect(await count('reader', COUNT_ASSESSMENTS)).toBeGreaterThanOrEqual(2);
    expect(await count('nobody', COUNT_SYSTEM_GRAPHS)).toBe(0);
    expect(await count('nobody', COUNT_ASSESSMENTS)).toBe(0);
    const wrongKey = await app.inject({ method: 'GET', url: `/sparql?query=${encodeURIComponent(COUNT_ASSESSMENTS)}`, headers: { 'x-api-key': 'wrong-key-0000000000000' } });
    expect(wrongKey.statusCode).toBe(401);
    // Naming a system graph in FROM does not open it to anonymous queries.
    const graph = 'https://w3id.org/regkg/register/system/';
    const viaFrom = await app.inject({ method: 'GET', url: `/sparql?query=${encodeURIComponent(`PREFIX r: <${graph}> SELECT * FROM r:x WHERE { ?s ?p ?o }`)}` });
    expect(viaFrom.statusCode).toBe(403);
  });

  it('follows the register: a deleted system leaves, and with no system left readers query the knowledge graph alone', async () => {
    const before = await count('reader', COUNT_SYSTEM_GRAPHS);
    const one = await createSystem(app, { name: 'Scorer', roles: ['provider'], annexIIIUseCases: ['annex-iii-5b'] });
    await expect.poll(() => count('reader', COUNT_SYSTEM_GRAPHS), { timeout: 10_000 }).toBe(before + 1);
    const list = await call(app, 'reader', { method: 'GET', url: '/v1/systems' });
    for (const sys of list.json().items as { id: string; etag: string }[]) {
      const got = await call(app, 'reader', { method: 'GET', url: `/v1/systems/${sys.id}` });
      const del = await call(app, 'editor', { method: 'DELETE', url: `/v1/systems/${sys.id}`, headers: { 'if-match': String(got.headers.etag) } });
      expect(del.statusCode, del.body).toBe(200);
    }
    expect(one.id).toBeTruthy();
    await expect.poll(() => count('reader', COUNT_SYSTEM_GRAPHS), { timeout: 10_000 }).toBe(0);
    expect(await count('reader', 'SELECT (COUNT(*) AS ?n) WHERE { ?o a <https://w3id.org/regkg/ontology#Obligation> }')).toBeGreaterThan(200);
    expect(await count('nobody', 'SELECT (COUNT(*) AS ?n) WHERE { ?o a <https://w3id.org/regkg/ontology#Obligation> }')).toBeGreaterThan(200);
  });
});
