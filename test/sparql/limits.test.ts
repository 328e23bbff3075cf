import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';
import { sparqlPool } from '../../src/sparql/plugin.js';

/** Three-way cross product of every triple: never finishes on the real graph. */
const HEAVY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
const LIGHT = 'ASK { ?s a <https://w3id.org/regkg/ontology#Obligation> }';
const CAP = 5;
const rows = (n: number) => `SELECT ?s WHERE { ?s a <https://w3id.org/regkg/ontology#Obligation> } ORDER BY ?s LIMIT ${n}`;

const ask = (app: FastifyInstance, query: string, accept?: string) =>
  app.inject({ method: 'GET', url: `/sparql?query=${encodeURIComponent(query)}`, headers: accept ? { accept } : {} });

describe('the SPARQL time limit', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp({ REGKG_SPARQL_TIMEOUT_MS: 400 });
    expect((await ask(app, LIGHT)).statusCode).toBe(200); // workers loaded
  });
  afterAll(async () => {
    await app.close();
  });

  it('stops a heavy query after the limit with 503 SPARQL_TIMEOUT', async () => {
    const started = performance.now();
    const res = await ask(app, HEAVY);
    const elapsed = performance.now() - started;
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'REGKG_ERR_SPARQL_TIMEOUT', detail: 'The query ran longer than 400 ms and was stopped' });
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(3000);
  });

  it('keeps answering after stopping queries (the worker is replaced)', async () => {
    await Promise.all([ask(app, HEAVY), ask(app, HEAVY)]);
    const res = await ask(app, LIGHT);
    expect(res.statusCode).toBe(200);
    expect(res.json().boolean).toBe(true);
  });

  it('answers a light query while a heavy one runs', async () => {
    await sparqlPool(app)!.whenReady(true); // both workers loaded (those stopped above are loaded again)
    const heavy = ask(app, HEAVY);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    const light = await ask(app, LIGHT);
    const elapsed = performance.now() - started;
    expect(light.statusCode).toBe(200);
    expect(elapsed).toBeLessThan(300);
    expect((await heavy).statusCode).toBe(503);
  });
});

describe('the SPARQL worker pool starts with the first query', () => {
  it('holds no worker while a listening server only assesses, and starts one for the first query', async () => {
    const app = await testApp({ REGKG_SPARQL_WORKERS: 2 });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const pool = sparqlPool(app)!;
      const a = await app.inject({ method: 'POST', url: '/v1/assessments', payload: { name: 'x', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'] } });
      expect(a.statusCode).toBe(200);
      expect(pool.workers).toBe(0);
      expect(pool.stats.started).toBe(0);
      expect((await ask(app, LIGHT)).statusCode).toBe(200);
      expect(pool.workers).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe('the SPARQL worker pool is elastic', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp({ REGKG_SPARQL_TIMEOUT_MS: 6000, REGKG_SPARQL_WORKERS: 2, REGKG_SPARQL_WORKER_IDLE_MS: 300 });
    await sparqlPool(app)!.whenReady();
  });
  afterAll(async () => {
    await app.close();
  });

  it('keeps one worker, starts a second when queries overlap, and stops it once idle', async () => {
    const pool = sparqlPool(app)!;
    expect(pool.workers).toBe(1);
    const heavy = ask(app, HEAVY);
    await new Promise((r) => setTimeout(r, 50));
    // The first worker is busy: the light query gets a second worker, started for it, well before the heavy one ends.
    const light = ask(app, LIGHT);
    const first = await Promise.race([light.then(() => 'light'), heavy.then(() => 'heavy')]);
    expect(first).toBe('light');
    expect((await light).statusCode).toBe(200);
    expect(pool.workers).toBe(2);
    expect((await heavy).statusCode).toBe(503);
    // Idle for longer than REGKG_SPARQL_WORKER_IDLE_MS: back to one worker, which still answers.
    await new Promise((r) => setTimeout(r, 1200));
    expect(pool.workers).toBe(1);
    expect(pool.stats.stopped).toBeGreaterThanOrEqual(1);
    expect((await ask(app, LIGHT)).statusCode).toBe(200);
  });
});

describe('REGKG_SPARQL_WORKERS', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp({ REGKG_SPARQL_TIMEOUT_MS: 400, REGKG_SPARQL_WORKERS: 1 });
    await sparqlPool(app)!.whenReady();
  });
  afterAll(async () => {
    await app.close();
  });

  it('with one worker, a light query waits for a heavy one to be stopped, then is answered', async () => {
    const heavy = ask(app, HEAVY);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    const light = await ask(app, LIGHT);
    const elapsed = performance.now() - started;
    expect((await heavy).statusCode).toBe(503);
    expect(light.statusCode).toBe(200);
    expect(light.json().boolean).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(300);
  });
});

describe('the SPARQL result cap', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp({ REGKG_SPARQL_MAX_RESULTS: CAP });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers results up to the cap in full', async () => {
    for (const accept of ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values']) {
      const res = await ask(app, rows(CAP), accept);
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers['x-regkg-result-count']).toBe(String(CAP));
    }
  });

  it('refuses one row over the cap with 413 SPARQL_TOO_LARGE in every format, rather than truncating', async () => {
    for (const accept of ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values']) {
      const res = await ask(app, rows(CAP + 1), accept);
      expect(res.statusCode, accept).toBe(413);
      expect(res.json()).toMatchObject({ code: 'REGKG_ERR_SPARQL_TOO_LARGE', detail: `The result exceeds ${CAP} rows or triples; narrow the query or add LIMIT` });
    }
  });

  it('counts distinct triples for CONSTRUCT', async () => {
    const construct = (n: number) => `CONSTRUCT { ?s a <https://w3id.org/regkg/ontology#Obligation> } WHERE { ${`{ ${rows(n)} }`} }`;
    expect((await ask(app, construct(CAP))).statusCode).toBe(200);
    expect((await ask(app, construct(CAP + 1))).statusCode).toBe(413);
    const duplicates = 'CONSTRUCT { <http://ex/a> <http://ex/b> <http://ex/c> } WHERE { ?s a <https://w3id.org/regkg/ontology#Obligation> }';
    const res = await ask(app, duplicates, 'application/n-triples');
    expect(res.statusCode).toBe(200);
    expect(res.body.trim().split('\n')).toHaveLength(1);
  });

  it('counts CSV rows correctly when values contain line breaks', async () => {
    const multiline = `SELECT ?v WHERE { VALUES ?v { "a\\nb" "c\\r\\nd" "e" "f" "g" } }`;
    const res = await ask(app, multiline, 'text/csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-regkg-result-count']).toBe('5');
    const over = `SELECT ?v WHERE { VALUES ?v { "a\\nb" "c\\r\\nd" "e" "f" "g" "h" } }`;
    expect((await ask(app, over, 'text/csv')).statusCode).toBe(413);
  });
});
