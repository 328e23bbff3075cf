/**
 * Everything that needs the real Neo4j test server, in one file so that one server (~320 MB, ~6 s to start) serves
 * the store contract, the HTTP adapter, the knowledge projection and, last because it stops the server, the
 * outage and reconnect tests.
 */
import neo4j, { Neo4jError, type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { FastifyInstance } from 'fastify';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config/config.js';
import { runNeo4jSync } from '../../src/cli/neo4j-sync.js';
import { NS } from '../../src/graph/namespaces.js';
import { neo4jConnectionOf } from '../../src/store/neo4j-driver.js';
import { Neo4jStore } from '../../src/store/neo4j-store.js';
import { SystemRegister } from '../../src/store/system-register.js';
import { startNeo4j, type Neo4jTestServer } from '../neo4j/server.js';
import { sharedCore } from '../support/core.js';
import { API_KEYS, KEYS } from '../http/register-support.js';
import { ctx, describeStoreContract, PROFILES } from './store-contract.js';

const MINUTE = 60_000;
const REGISTER_LABELS = ['System', 'AssessmentRecord', 'ProfileVersion', 'Requirement', 'EvidenceItem', 'AuditEntry', 'IdempotencyKey'];

let server: Neo4jTestServer;
let driver: Driver;
let store: Neo4jStore;
let config: Config;

beforeAll(async () => {
  server = await startNeo4j();
  config = testConfig({
    REGKG_STORE: 'neo4j',
    REGKG_API_KEYS: API_KEYS,
    NEO4J_URI: server.uri,
    NEO4J_USER: server.user,
    NEO4J_PASSWORD: server.password,
    NEO4J_MAX_RETRY_MS: 1_500,
    NEO4J_CONNECTION_TIMEOUT_MS: 1_000,
  });
  driver = neo4j.driver(server.uri, neo4j.auth.basic(server.user, server.password), { disableLosslessIntegers: true });
  store = new Neo4jStore(neo4jConnectionOf(config));
  await store.init();
}, 4 * MINUTE);

afterAll(async () => {
  await store?.close();
  await driver?.close();
  await server?.stop();
}, MINUTE);

async function wipeRegister(): Promise<void> {
  await driver.executeQuery(`MATCH (n) WHERE ${REGISTER_LABELS.map((l) => `n:${l}`).join(' OR ')} DETACH DELETE n`);
}

async function count(cypher: string): Promise<number> {
  const r = await driver.executeQuery(cypher);
  return Number(r.records[0]?.get(0));
}

describeStoreContract('Neo4j', async () => {
  await wipeRegister();
  return store;
});

describe('Neo4j register store', () => {
  it('creates its constraints and indexes at startup', async () => {
    const r = await driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names');
    expect(r.records[0]?.get('names')).toEqual(expect.arrayContaining(['reg_system_id', 'reg_idempotency_key', 'reg_evidence_key']));
    await store.init(); // again: IF NOT EXISTS
  });

  it('retries a transient failure after the writes, before the commit, without writing twice', async () => {
    await wipeRegister();
    const register = new SystemRegister(sharedCore(), store);
    // The transaction does all its writes, then fails as a deadlock would: the driver rolls back and runs it again.
    let attempts = 0;
    let injected = false;
    const realSession = store.driver.session.bind(store.driver);
    const wrap = (tx: ManagedTransaction): ManagedTransaction =>
      new Proxy(tx, {
        get(target, prop, receiver) {
          if (prop !== 'run') return Reflect.get(target, prop, receiver);
          return async (query: string, params?: Record<string, unknown>) => {
            const result = await target.run(query, params);
            if (!injected && query.includes('CREATE (:IdempotencyKey')) {
              injected = true;
              throw new Neo4jError('injected deadlock', 'Neo.TransientError.Transaction.DeadlockDetected', '', '');
            }
            return result;
          };
        },
      });
    store.driver.session = ((config) => {
      const session = realSession(config);
      const executeWrite = session.executeWrite.bind(session);
      session.executeWrite = ((work: (tx: ManagedTransaction) => Promise<unknown>, cfg?: unknown) =>
        executeWrite((tx) => {
          attempts++;
          return work(wrap(tx));
        }, cfg as never)) as typeof session.executeWrite;
      return session;
    }) as typeof store.driver.session;
    try {
      const r = await register.create({ profile: PROFILES.cvScreener }, ctx());
      expect(injected).toBe(true);
      expect(attempts).toBe(2);
      expect(await store.getSystem(r.system.id)).toMatchObject({ etag: r.system.etag });
      expect(await store.counts()).toEqual({ systems: 1, assessments: 1, evidence: 0, audit: 1 });
      expect(await count('MATCH (k:IdempotencyKey) RETURN count(k)')).toBe(1);
    } finally {
      store.driver.session = realSession;
    }
  });
});

describe('register HTTP API over Neo4j', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await wipeRegister();
    app = await buildApp({ config, core: sharedCore(), registerStore: store });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates, reads, updates and lists systems', async () => {
    const headers = { 'x-api-key': KEYS.editor, 'content-type': 'application/json' };
    const post = await app.inject({ method: 'POST', url: '/v1/systems', headers, payload: JSON.stringify({ profile: PROFILES.cvScreener }) });
    expect(post.statusCode).toBe(201);
    const url = String(post.headers.location);
    const get = await app.inject({ method: 'GET', url, headers });
    expect(get.headers.etag).toBe(post.headers.etag);
    const put = await app.inject({ method: 'PUT', url, headers: { ...headers, 'if-match': String(post.headers.etag) }, payload: JSON.stringify({ profile: PROFILES.chatbot }) });
    expect(put.statusCode).toBe(200);
    const list = await app.inject({ method: 'GET', url: '/v1/systems?role=provider', headers });
    expect(list.json()).toMatchObject({ total: 1, items: [{ name: 'Support chatbot', version: 2 }] });
  });
});

describe('neo4j sync (knowledge graph projection)', () => {
  const core = sharedCore();

  it('is idempotent: a second run leaves the same nodes and relationships', async () => {
    const first = await runNeo4jSync(core, config, { driver });
    const nodes = await count('MATCH (n:Resource) RETURN count(n)');
    const rels = await count('MATCH (:Resource)-[r]->(:Resource) RETURN count(r)');
    expect(nodes).toBe(first.nodes);
    expect(rels).toBe(first.relationships);
    expect(first.byLabel.Obligation).toBe(core.k.obligations.size);

    const second = await runNeo4jSync(core, config, { driver });
    expect(second).toMatchObject({ nodes: first.nodes, relationships: first.relationships, removedNodes: 0, removedRelationships: 0 });
    expect(await count('MATCH (n:Resource) RETURN count(n)')).toBe(nodes);
    expect(await count('MATCH (:Resource)-[r]->(:Resource) RETURN count(r)')).toBe(rels);
    // The register is untouched by the projection.
    expect(await count('MATCH (s:System) RETURN count(s)')).toBeGreaterThan(0);
  }, 2 * MINUTE);

  it('answers "every duty resting on Art 26" with the Art 26 obligations', async () => {
    const art26 = `${NS.aia}art_26`;
    const expected = [...core.k.obligations.values()]
      .filter((o) => o.legalBasis.some((iri) => iri === art26 || iri.startsWith(`${art26}/`)))
      .map((o) => o.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const r = await driver.executeQuery(
      `MATCH (o:Obligation)-[:BASIS]->(:Provision)-[:PART_OF*0..]->(:Provision {id: 'art_26'})
       RETURN DISTINCT o.id AS id ORDER BY id`,
    );
    expect(r.records.map((x) => x.get('id'))).toEqual(expected);
  });

  it('projects labels per language, bearers, risk classes and application dates', async () => {
    const r = await driver.executeQuery(
      `MATCH (o:Obligation {id: 'aia-art26-1'})-[:BEARER]->(role:Concept)
       RETURN o.label_en AS en, o.label_fr AS fr, o.label_de AS de, role.id AS role, o.appliesFrom_aia_2024 AS date, o.deontic AS deontic`,
    );
    const rec = r.records[0]!;
    expect(rec.get('role')).toBe('deployer');
    expect([rec.get('en'), rec.get('fr'), rec.get('de')].every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    expect(rec.get('date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rec.get('deontic')).toBe('Duty');
    expect(await count("MATCH (c:RiskClass:Concept {id: 'high-risk'}) RETURN count(c)")).toBe(1);
    expect(await count('MATCH (:Obligation)-[:REQUIRES_EVIDENCE]->(:EvidenceType) RETURN count(*)')).toBeGreaterThan(0);
    expect(await count('MATCH (:Technique)-[:PRODUCES]->(:EvidenceType) RETURN count(*)')).toBeGreaterThan(0);
  });
});

describe('Neo4j outage', () => {
  let app: FastifyInstance;
  const headers = { 'x-api-key': KEYS.editor, 'content-type': 'application/json' };
  const post = (name: string) => app.inject({ method: 'POST', url: '/v1/systems', headers, payload: JSON.stringify({ profile: { ...PROFILES.spamFilter, name } }) });

  beforeAll(async () => {
    await wipeRegister();
    app = await buildApp({ config, core: sharedCore(), registerStore: store });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers writes with 503 while Neo4j is down, keeps the knowledge graph up, and recovers by itself', async () => {
    expect((await post('before')).statusCode).toBe(201);
    await server.stop();

    const t0 = Date.now();
    const down = await post('during');
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.json().code).toBe('REGKG_ERR_STORE_UNAVAILABLE');
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect((await app.inject({ method: 'GET', url: '/v1/obligations?limit=1' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/systems', headers })).statusCode).toBe(503);
    // The replica stays ready (the knowledge graph answers) and says the register is unavailable.
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', register: 'unavailable' });

    await server.start();
    let status = 0;
    for (let i = 0; i < 40 && status !== 201; i++) {
      status = (await post('after')).statusCode;
      if (status !== 201) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(201);
    const names = (await app.inject({ method: 'GET', url: '/v1/systems', headers })).json().items.map((s: { name: string }) => s.name);
    expect(names).toEqual(['before', 'after']);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json().register).toBe('ok');
  }, 3 * MINUTE);

  it('keeps every acknowledged write and no half-written one when Neo4j dies under load', async () => {
    await wipeRegister();
    const acked: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop && i < 200; i++) {
        const res = await post(`load-${w}-${i}`);
        if (res.statusCode === 201) acked.push(res.json().id as string);
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));
    while (acked.length < 10) await new Promise((r) => setTimeout(r, 20));
    await server.kill();
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await load;
    await server.start();

    let stored: string[] = [];
    for (let i = 0; i < 40; i++) {
      try {
        const r = await driver.executeQuery('MATCH (s:System) RETURN s.id AS id');
        stored = r.records.map((x) => String(x.get('id')));
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    console.log(`neo4j kill under load: ${acked.length} acknowledged, ${stored.length} stored`);
    expect(stored).toEqual(expect.arrayContaining(acked));
    // Each stored system is whole: its version, assessment, requirements parent, audit entry and idempotency key.
    const partial = await count(
      `MATCH (s:System)
       WHERE NOT EXISTS { (s)-[:HAS_VERSION]->(:ProfileVersion) }
          OR NOT EXISTS { (s)-[:HAS_ASSESSMENT]->(:AssessmentRecord) }
          OR NOT EXISTS { MATCH (a:AuditEntry {systemId: s.id}) }
       RETURN count(s)`,
    );
    expect(partial).toBe(0);
    expect(await count('MATCH (a:AuditEntry) RETURN count(a)')).toBe(stored.length);
    expect(await count('MATCH (k:IdempotencyKey) RETURN count(k)')).toBe(stored.length);
  }, 3 * MINUTE);
});
