import type { FastifyInstance } from 'fastify';
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

interface Item {
  id: string;
  status: string;
  open: boolean;
  obligation: { id: string; appliesFrom: string };
  evidence: { id: string };
}

describe('GET /v1/systems/{id}/evidence', () => {
  it('lists every evidence item the latest assessment requires, missing by default, with the evidence ETag', async () => {
    const s = await createSystem(app, PROFILES.cvScreener);
    const res = await call(app, 'reader', { method: 'GET', url: `/v1/systems/${s.id}/evidence` });
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(res.headers.etag).toBe(list.evidenceEtag);
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i: Item) => i.status === 'missing' && i.open)).toBe(true);
    expect(list.items[0].id).toBe(`${list.items[0].obligation.id}.${list.items[0].evidence.id}`);
    const obligations = new Set(s.body.assessment.result.obligations.filter((o: { evidence: unknown[] }) => o.evidence.length).map((o: { id: string }) => o.id));
    expect(new Set(list.items.map((i: Item) => i.obligation.id))).toEqual(obligations);
    expect(list.counts).toMatchObject({ total: list.items.length, missing: list.items.length, open: list.items.length });
  });
});

describe('PUT /v1/systems/{id}/evidence/{evidenceId}', () => {
  it('records a status with a link or a content hash under If-Match on the evidence ETag', async () => {
    const s = await createSystem(app, PROFILES.cvScreener);
    const list = (await call(app, 'reader', { method: 'GET', url: `/v1/systems/${s.id}/evidence` })).json();
    const item: Item = list.items[0];
    const url = `/v1/systems/${s.id}/evidence/${item.id}`;
    const body = { status: 'provided', link: 'https://dms.example.com/doc/42', note: 'v3, signed' };
    expect((await call(app, 'editor', { method: 'PUT', url, json: body })).statusCode).toBe(428);
    // The system ETag is not the evidence ETag.
    expect((await call(app, 'editor', { method: 'PUT', url, headers: { 'if-match': s.etag }, json: body })).statusCode).toBe(412);
    const ok = await call(app, 'editor', { method: 'PUT', url, headers: { 'if-match': list.evidenceEtag }, json: body });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items).toMatchObject([{ id: item.id, status: 'provided', open: false, link: body.link, note: body.note, updatedBy: 'bob' }]);
    expect(ok.headers.etag).not.toBe(list.evidenceEtag);
    const after = (await call(app, 'reader', { method: 'GET', url: `/v1/systems/${s.id}/evidence` })).json();
    expect(after.items.find((i: Item) => i.id === item.id).status).toBe('provided');
    expect(after.counts.provided).toBe(1);
    // The system's own ETag did not move.
    expect((await call(app, 'reader', { method: 'GET', url: `/v1/systems/${s.id}` })).headers.etag).toBe(s.etag);
    // The status is in the register's RDF too, in the system's named graph.
    const nq = (await call(app, 'reader', { method: 'GET', url: '/v1/systems/export.nq' })).body;
    expect(nq).toMatch(new RegExp(`<https://w3id.org/regkg/register/system/${s.id}/evidence/[^>]+> <https://w3id.org/regkg/ontology#evidenceStatus> "provided" <https://w3id.org/regkg/register/system/${s.id}>`));
  });

  it('needs a link or sha256 for provided evidence and validates both', async () => {
    const s = await createSystem(app, PROFILES.spamFilter);
    const list = (await call(app, 'reader', { method: 'GET', url: `/v1/systems/${s.id}/evidence` })).json();
    const url = `/v1/systems/${s.id}/evidence/${list.items[0].id}`;
    const put = (json: unknown) => call(app, 'editor', { method: 'PUT', url, headers: { 'if-match': list.evidenceEtag }, json });
    expect((await put({ status: 'provided' })).json()).toMatchObject({ code: 'REGKG_ERR_VALIDATION', field: 'link' });
    expect((await put({ status: 'provided', sha256: 'xyz' })).json()).toMatchObject({ field: 'sha256' });
    expect((await put({ status: 'done', link: 'https://x.example' })).json()).toMatchObject({ code: 'REGKG_ERR_UNKNOWN_ID', field: 'status' });
    expect((await put({ status: 'provided', link: 'not a url' })).statusCode).toBe(400);
  });

  it('sets every item of an evidence type at once when given a bare evidence type id', async () => {
    const s = await createSystem(app, PROFILES.cvProvider);
    const list = (await call(app, 'reader', { method: 'GET', url: `/v1/systems/${s.id}/evidence` })).json();
    const counts = new Map<string, number>();
    for (const i of list.items as Item[]) counts.set(i.evidence.id, (counts.get(i.evidence.id) ?? 0) + 1);
    const [type, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const res = await call(app, 'editor', {
      method: 'PUT',
      url: `/v1/systems/${s.id}/evidence/${type}`,
      headers: { 'if-match': list.evidenceEtag },
      json: { status: 'accepted', sha256: 'AB'.repeat(32) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(n);
    expect(res.json().items.every((i: Item & { sha256: string }) => i.status === 'accepted' && i.sha256 === 'ab'.repeat(32))).toBe(true);
  });

  it('answers 404 for an item the system does not require, 400 for a malformed one', async () => {
    const s = await createSystem(app, PROFILES.spamFilter);
    const etag = (await call(app, 'reader', { method: 'GET', url: `/v1/systems/${s.id}/evidence` })).json().evidenceEtag;
    const missing = await call(app, 'editor', { method: 'PUT', url: `/v1/systems/${s.id}/evidence/aia-art9-1.technical-documentation`, headers: { 'if-match': etag }, json: { status: 'missing' } });
    expect(missing.statusCode).toBe(404);
    const bad = await call(app, 'editor', { method: 'PUT', url: `/v1/systems/${s.id}/evidence/Bad..Id`, headers: { 'if-match': etag }, json: { status: 'missing' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('evidenceId');
  });

  it('drives the openDeadlineBefore filter of GET /v1/systems', async () => {
    const local = await registerApp();
    try {
      const s = await createSystem(local, PROFILES.spamFilter);
      await createSystem(local, PROFILES.cvScreener);
      const list = (await call(local, 'reader', { method: 'GET', url: `/v1/systems/${s.id}/evidence` })).json();
      const horizon = '2099-01-01';
      const open = async () => (await call(local, 'reader', { method: 'GET', url: `/v1/systems?openDeadlineBefore=${horizon}` })).json().total;
      expect(await open()).toBe(2);
      let etag = list.evidenceEtag;
      for (const item of list.items as Item[]) {
        const r = await call(local, 'editor', { method: 'PUT', url: `/v1/systems/${s.id}/evidence/${item.id}`, headers: { 'if-match': etag }, json: { status: 'provided', link: 'https://x.example/e' } });
        etag = r.headers.etag;
      }
      expect(await open()).toBe(1);
    } finally {
      await local.close();
    }
  });
});

describe('GET /v1/audit', () => {
  it('lists every write, newest first, with who and the ETags before and after (admin only)', async () => {
    const local = await registerApp();
    try {
      const s = await createSystem(local, PROFILES.spamFilter);
      await call(local, 'editor', { method: 'PUT', url: `/v1/systems/${s.id}`, headers: { 'if-match': s.etag }, json: { profile: PROFILES.chatbot } });
      const res = await call(local, 'admin', { method: 'GET', url: '/v1/audit' });
      expect(res.statusCode).toBe(200);
      const audit = res.json();
      expect(audit.total).toBe(2);
      expect(audit.items[0]).toMatchObject({ action: 'system.update', actor: 'bob', systemId: s.id, beforeEtag: s.etag, detail: { version: 2 } });
      expect(audit.items[0].at >= audit.items[1].at).toBe(true);
      expect((await call(local, 'admin', { method: 'GET', url: '/v1/audit?actor=nobody' })).json().total).toBe(0);
      expect((await call(local, 'editor', { method: 'GET', url: '/v1/audit' })).statusCode).toBe(403);
    } finally {
      await local.close();
    }
  });
});
