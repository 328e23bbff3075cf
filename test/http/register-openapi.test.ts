import type { FastifyInstance } from 'fastify';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Ajv2020Module from 'ajv/dist/2020.js';
import { PROFILES } from '../store/store-contract.js';
import { call, createSystem, registerApp } from './register-support.js';

const Ajv2020 = Ajv2020Module as unknown as typeof Ajv2020Module.default;

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

let app: FastifyInstance;
let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true });

beforeAll(async () => {
  app = await registerApp();
  doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(async () => {
  await app.close();
});

function expectDocumented(path: string, method: string, res: { statusCode: number; json: () => unknown }): void {
  const op = doc.paths[path]?.[method];
  expect(op, `${method} ${path} documented`).toBeDefined();
  const schema = op!.responses[String(res.statusCode)]?.content?.['application/json']?.schema;
  expect(schema, `${method} ${path} ${res.statusCode} has a schema`).toBeDefined();
  const validate = ajv.compile(schema!);
  validate(res.json());
  expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
}

describe('the register answers as its OpenAPI document says', () => {
  it('for every route, success and error', async () => {
    const post = await call(app, 'editor', { method: 'POST', url: '/v1/systems', json: { profile: PROFILES.cvScreener, asOf: '2026-01-01' } });
    expectDocumented('/v1/systems', 'post', post);
    const { id, etag } = post.json() as { id: string; etag: string };
    const bad = await call(app, 'editor', { method: 'POST', url: '/v1/systems', json: { profile: { name: 'x', roles: ['pilot'] } } });
    expectDocumented('/v1/systems', 'post', bad);
    expectDocumented('/v1/systems', 'get', await call(app, 'reader', { method: 'GET', url: '/v1/systems?riskClass=high-risk' }));
    expectDocumented('/v1/systems/{id}', 'get', await call(app, 'reader', { method: 'GET', url: `/v1/systems/${id}` }));
    expectDocumented('/v1/systems/{id}', 'get', await call(app, 'nobody', { method: 'GET', url: `/v1/systems/${id}` }));
    expectDocumented('/v1/systems/{id}/history', 'get', await call(app, 'reader', { method: 'GET', url: `/v1/systems/${id}/history` }));
    const evidence = await call(app, 'reader', { method: 'GET', url: `/v1/systems/${id}/evidence` });
    expectDocumented('/v1/systems/{id}/evidence', 'get', evidence);
    const list = evidence.json() as { evidenceEtag: string; items: { id: string }[] };
    const set = await call(app, 'editor', {
      method: 'PUT',
      url: `/v1/systems/${id}/evidence/${list.items[0]!.id}`,
      headers: { 'if-match': list.evidenceEtag },
      json: { status: 'provided', link: 'https://dms.example/x', note: 'ok' },
    });
    expectDocumented('/v1/systems/{id}/evidence/{evidenceId}', 'put', set);
    const re = await call(app, 'editor', { method: 'POST', url: `/v1/systems/${id}/reassess`, json: { asOf: '2027-01-01' } });
    expectDocumented('/v1/systems/{id}/reassess', 'post', re);
    const put = await call(app, 'editor', { method: 'PUT', url: `/v1/systems/${id}`, headers: { 'if-match': etag }, json: { profile: PROFILES.chatbot } });
    expect(put.statusCode).toBe(412);
    expectDocumented('/v1/systems/{id}', 'put', put);
    const current = (re.json() as { system: { etag: string } }).system.etag;
    expectDocumented('/v1/systems/{id}', 'put', await call(app, 'editor', { method: 'PUT', url: `/v1/systems/${id}`, headers: { 'if-match': current }, json: { profile: PROFILES.chatbot } }));
    expectDocumented('/v1/systems/reassess', 'post', await call(app, 'admin', { method: 'POST', url: '/v1/systems/reassess', json: { asOf: '2028-01-01' } }));
    expectDocumented('/v1/audit', 'get', await call(app, 'admin', { method: 'GET', url: '/v1/audit?limit=5' }));
    const other = await createSystem(app, PROFILES.spamFilter);
    expectDocumented('/v1/systems/{id}', 'delete', await call(app, 'editor', { method: 'DELETE', url: `/v1/systems/${other.id}`, headers: { 'if-match': other.etag } }));
    expectDocumented('/v1/systems/{id}', 'delete', await call(app, 'editor', { method: 'DELETE', url: `/v1/systems/${other.id}` }));
  });

  it('documents the N-Quads export', () => {
    expect(Object.keys(doc.paths['/v1/systems/export.nq']!.get!.responses['200']!.content!)).toEqual(['application/n-quads']);
  });
});
