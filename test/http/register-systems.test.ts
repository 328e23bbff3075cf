import type { FastifyInstance } from 'fastify';
import N3 from 'n3';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PROFILES } from '../store/store-contract.js';
import { call, createSystem, registerApp } from './register-support.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await registerApp();
});
afterAll(async () => {
  await app.close();
});

describe('POST /v1/systems', () => {
  it('stores the profile and its assessment and answers 201 with Location and ETag', async () => {
    const res = await call(app, 'editor', { method: 'POST', url: '/v1/systems', json: { profile: PROFILES.cvScreener, asOf: '2026-01-01' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/v1/systems/${body.id}`);
    expect(res.headers.etag).toBe(body.etag);
    expect(body).toMatchObject({ name: 'CV screener', version: 1, riskClasses: ['high-risk'], roles: ['deployer'], createdBy: 'bob' });
    expect(body.assessment).toMatchObject({ seq: 1, reason: 'create', asOf: '2026-01-01' });
    expect(body.assessment.result.obligations.length).toBe(body.obligationCount);
  });

  it('names the offending profile field and its allowed values', async () => {
    const res = await call(app, 'editor', { method: 'POST', url: '/v1/systems', json: { profile: { name: 'x', roles: ['pilot'] } } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'REGKG_ERR_UNKNOWN_ID', field: 'profile.roles.0' });
    expect(res.json().allowed).toContain('deployer');
  });

  it('refuses a body without a profile, unknown fields, a bad date and a non-JSON body', async () => {
    const missing = await call(app, 'editor', { method: 'POST', url: '/v1/systems', json: { asOf: '2026-01-01' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'REGKG_ERR_VALIDATION', field: 'profile' });
    const extra = await call(app, 'editor', { method: 'POST', url: '/v1/systems', json: { profile: PROFILES.spamFilter, colour: 'red' } });
    expect(extra.json()).toMatchObject({ code: 'REGKG_ERR_VALIDATION', field: 'colour' });
    const date = await call(app, 'editor', { method: 'POST', url: '/v1/systems', json: { profile: PROFILES.spamFilter, asOf: '2026-13-45' } });
    expect(date.statusCode).toBe(400);
    const text = await call(app, 'editor', { method: 'POST', url: '/v1/systems', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
  });

  it('replays a request retried with the same Idempotency-Key', async () => {
    const send = (profile: unknown) =>
      call(app, 'editor', { method: 'POST', url: '/v1/systems', headers: { 'idempotency-key': 'create-chatbot-1' }, json: { profile } });
    const first = await send(PROFILES.chatbot);
    const again = await send(PROFILES.chatbot);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const reused = await send(PROFILES.spamFilter);
    expect(reused.statusCode).toBe(400);
    expect(reused.json().field).toBe('Idempotency-Key');
  });
});

describe('GET /v1/systems/{id}', () => {
  it('answers the system with its ETag, and 304 to If-None-Match', async () => {
    const s = await createSystem(app, PROFILES.spamFilter);
    const res = await call(app, 'reader', { method: 'GET', url: `/v1/systems/${s.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(s.etag);
    expect(res.json()).toMatchObject({ id: s.id, profile: PROFILES.spamFilter, links: { evidence: `/v1/systems/${s.id}/evidence` } });
    const cached = await call(app, 'reader', { method: 'GET', url: `/v1/systems/${s.id}`, headers: { 'if-none-match': s.etag } });
    expect(cached.statusCode).toBe(304);
  });

  it('answers 404 for an unknown system and 400 for a malformed id', async () => {
    const unknown = await call(app, 'reader', { method: 'GET', url: '/v1/systems/0000000000000000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('REGKG_ERR_NOT_FOUND');
    const bad = await call(app, 'reader', { method: 'GET', url: '/v1/systems/NOT-AN-ID' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('id');
  });
});

describe('GET /v1/systems', () => {
  it('filters by risk class, role, Annex III use case and sector, and pages', async () => {
    const local = await registerApp();
    try {
      const cv = await createSystem(local, PROFILES.cvScreener);
      const bot = await createSystem(local, PROFILES.chatbot);
      await createSystem(local, PROFILES.spamFilter);
      const ids = async (qs: string) => (await call(local, 'reader', { method: 'GET', url: `/v1/systems?${qs}` })).json().items.map((s: { id: string }) => s.id);
      expect(await ids('riskClass=high-risk')).toEqual([cv.id]);
      expect(await ids('role=provider')).toEqual([bot.id]);
      expect(await ids('annexIII=annex-iii-4a')).toEqual([cv.id]);
      expect(await ids('sector=finance')).toEqual([bot.id]);
      const page = (await call(local, 'reader', { method: 'GET', url: '/v1/systems?limit=2&offset=1' })).json();
      expect(page).toMatchObject({ total: 3, offset: 1, limit: 2 });
      expect(page.items).toHaveLength(2);
      expect(page.items[0]).not.toHaveProperty('profile');
    } finally {
      await local.close();
    }
  });

  it('refuses an unknown filter value with the allowed ones', async () => {
    const res = await call(app, 'reader', { method: 'GET', url: '/v1/systems?riskClass=scary' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'REGKG_ERR_UNKNOWN_ID', field: 'riskClass' });
    expect(res.json().allowed).toContain('high-risk');
    const bad = await call(app, 'reader', { method: 'GET', url: '/v1/systems?openDeadlineBefore=soon' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('PUT /v1/systems/{id}', () => {
  it('needs If-Match (428), refuses a stale one (412) and keeps the history', async () => {
    const s = await createSystem(app, PROFILES.spamFilter);
    const url = `/v1/systems/${s.id}`;
    const without = await call(app, 'editor', { method: 'PUT', url, json: { profile: PROFILES.chatbot } });
    expect(without.statusCode).toBe(428);
    expect(without.json().code).toBe('REGKG_ERR_PRECONDITION_REQUIRED');
    const ok = await call(app, 'editor', { method: 'PUT', url, headers: { 'if-match': s.etag }, json: { profile: PROFILES.chatbot } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, name: 'Support chatbot' });
    expect(ok.headers.etag).not.toBe(s.etag);
    const stale = await call(app, 'editor', { method: 'PUT', url, headers: { 'if-match': '"stale"' }, json: { profile: PROFILES.cvScreener } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('REGKG_ERR_PRECONDITION_FAILED');
    const history = (await call(app, 'reader', { method: 'GET', url: `${url}/history` })).json();
    expect(history.versions.map((v: { version: number; profile: { name: string } }) => [v.version, v.profile.name])).toEqual([
      [1, 'Spam filter'],
      [2, 'Support chatbot'],
    ]);
    expect(history.assessments.map((a: { reason: string }) => a.reason)).toEqual(['create', 'update']);
  });

  it('replays a retried PUT (same If-Match, same body) instead of answering 412', async () => {
    const s = await createSystem(app, PROFILES.spamFilter);
    const put = () => call(app, 'editor', { method: 'PUT', url: `/v1/systems/${s.id}`, headers: { 'if-match': s.etag }, json: { profile: PROFILES.chatbot } });
    const first = await put();
    const retry = await put();
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.etag).toBe(first.headers.etag);
  });

  it('answers 404 for an unknown system', async () => {
    const res = await call(app, 'editor', { method: 'PUT', url: '/v1/systems/0000000000000000000000000', headers: { 'if-match': '*' }, json: { profile: PROFILES.chatbot } });
    expect(res.statusCode).toBe(404);
  });
});

describe('DELETE /v1/systems/{id}', () => {
  it('soft-deletes with If-Match, audited, and the system is gone from reads', async () => {
    const s = await createSystem(app, PROFILES.spamFilter);
    const url = `/v1/systems/${s.id}`;
    expect((await call(app, 'editor', { method: 'DELETE', url })).statusCode).toBe(428);
    expect((await call(app, 'editor', { method: 'DELETE', url, headers: { 'if-match': '"nope"' } })).statusCode).toBe(412);
    const del = await call(app, 'editor', { method: 'DELETE', url, headers: { 'if-match': s.etag } });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ id: s.id, deleted: true });
    expect((await call(app, 'reader', { method: 'GET', url })).statusCode).toBe(404);
    const audit = (await call(app, 'admin', { method: 'GET', url: `/v1/audit?systemId=${s.id}` })).json();
    expect(audit.items.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['system.delete', 'bob'],
      ['system.create', 'bob'],
    ]);
    expect(audit.items[0]).toMatchObject({ beforeEtag: s.etag });
  });
});

describe('POST /v1/systems/{id}/reassess', () => {
  it('reports duties now in force, duties added and the law version moving', async () => {
    const s = await createSystem(app, PROFILES.cvScreener, '2026-01-01');
    const res = await call(app, 'editor', { method: 'POST', url: `/v1/systems/${s.id}/reassess`, json: { asOf: '2027-01-01' } });
    expect(res.statusCode).toBe(200);
    const { diff, system } = res.json();
    expect(diff.changed).toBe(true);
    expect(diff.asOf).toEqual({ from: '2026-01-01', to: '2027-01-01' });
    expect(diff.duties.nowInForce.length).toBeGreaterThan(0);
    expect(system.assessment).toMatchObject({ seq: 2, reason: 'reassess', asOf: '2027-01-01' });
    expect(res.headers.etag).toBe(system.etag);
    expect(system.etag).not.toBe(s.etag);
  });

  it('reports no change when nothing moved, and honours If-Match', async () => {
    const s = await createSystem(app, PROFILES.spamFilter, '2026-01-01');
    const same = await call(app, 'editor', { method: 'POST', url: `/v1/systems/${s.id}/reassess`, json: { asOf: '2026-01-01' } });
    expect(same.json().diff).toMatchObject({ changed: false, duties: { added: [], removed: [], datesMoved: [] } });
    const stale = await call(app, 'editor', { method: 'POST', url: `/v1/systems/${s.id}/reassess`, headers: { 'if-match': s.etag }, json: {} });
    expect(stale.statusCode).toBe(412);
  });
});

describe('POST /v1/systems/reassess', () => {
  it('re-assesses every system, recording only those that changed, with the rate', async () => {
    const local = await registerApp();
    try {
      await createSystem(local, PROFILES.cvScreener, '2026-01-01');
      await createSystem(local, PROFILES.spamFilter, '2026-01-01');
      const res = await call(local, 'admin', { method: 'POST', url: '/v1/systems/reassess', json: { asOf: '2027-01-01' } });
      expect(res.statusCode).toBe(200);
      const r = res.json();
      expect(r).toMatchObject({ asOf: '2027-01-01', total: 2, failed: 0, conflicts: 0 });
      expect(r.changed + r.unchanged).toBe(2);
      expect(r.changed).toBeGreaterThanOrEqual(1);
      expect(r.systems.find((x: { name: string }) => x.name === 'CV screener').diff.changed).toBe(true);
      expect(typeof r.systemsPerSecond).toBe('number');
      const again = (await call(local, 'admin', { method: 'POST', url: '/v1/systems/reassess', json: { asOf: '2027-01-01' } })).json();
      expect(again).toMatchObject({ total: 2, changed: 0, unchanged: 2 });
    } finally {
      await local.close();
    }
  });

  it('is for admins only', async () => {
    const res = await call(app, 'editor', { method: 'POST', url: '/v1/systems/reassess', json: {} });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'REGKG_ERR_FORBIDDEN' });
  });
});

describe('GET /v1/systems/export.nq', () => {
  it('exports each system and its latest assessment in its own named graph with PROV-O provenance', async () => {
    const local = await registerApp();
    try {
      const a = await createSystem(local, PROFILES.cvScreener);
      const b = await createSystem(local, PROFILES.chatbot);
      const res = await call(local, 'reader', { method: 'GET', url: '/v1/systems/export.nq' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/n-quads/);
      const quads = new N3.Parser({ format: 'N-Quads' }).parse(res.body);
      const graphs = new Set(quads.map((q) => q.graph.value));
      expect(graphs).toEqual(new Set([a.id, b.id].map((id) => `https://w3id.org/regkg/register/system/${id}`)));
      expect(quads.some((q) => q.predicate.value === 'http://www.w3.org/ns/prov#wasGeneratedBy')).toBe(true);
    } finally {
      await local.close();
    }
  });
});
