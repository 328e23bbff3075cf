import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Readable } from 'node:stream';
import { parseWith } from '../domain/validate.js';
import { createRegisterStore } from '../store/create-register-store.js';
import { ifMatchMatches } from '../store/etag.js';
import { registerNQuads } from '../store/register-rdf.js';
import type { AssessmentRecord, RegisterStore, SystemRecord } from '../store/register-store.js';
import { EvidenceInput, SystemRegister, type WriteContext } from '../store/system-register.js';
import { RegisterAuth } from './auth.js';
import { jsonSchema } from './json-schema.js';
import { requireJson } from './require-json.js';
import {
  AuditPageSchema,
  BulkReassessSchema,
  DeletedSchema,
  EvidenceListSchema,
  EvidenceParams,
  EvidenceUpdateSchema,
  HistorySchema,
  IdempotencyKey,
  ReassessSchema,
  SystemIdParam,
  SystemPageSchema,
  SystemViewSchema,
  registerSchemas,
} from './register-schemas.js';

export interface RegisterRoutesOptions {
  /** The register store; default: the one REGKG_STORE selects (opened here, closed with the app). */
  store?: RegisterStore;
}

declare module 'fastify' {
  interface FastifyInstance {
    systemRegister: SystemRegister;
    registerAuth: RegisterAuth;
  }
}

const problem = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
    instance: { type: 'string' }, code: { type: 'string' }, requestId: { type: 'string' }, field: { type: 'string' },
    allowed: { type: 'array', items: { type: 'string' } }, errors: { type: 'array', items: { type: 'object' } },
  },
};
const readErrors = { 400: problem, 401: problem, 403: problem, 404: problem };
const writeErrors = { ...readErrors, 412: problem, 415: problem, 428: problem, 503: problem };

const ifMatchHeader = {
  type: 'object',
  properties: { 'if-match': { type: 'string', description: 'The ETag you read (required: 428 without, 412 when stale)' } },
};
const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', description: 'Makes a retried request return the first result instead of writing twice' } },
};

/** The system without its profile and assessment: the list item. */
export function systemListItem(s: SystemRecord): Record<string, unknown> {
  const { fingerprint: _f, ...summary } = s.summary;
  return {
    id: s.id,
    name: s.name,
    version: s.version,
    etag: s.etag,
    ...summary,
    createdAt: s.createdAt,
    createdBy: s.createdBy,
    updatedAt: s.updatedAt,
    updatedBy: s.updatedBy,
    links: { self: `/v1/systems/${s.id}` },
  };
}

/** The full representation: the system, its current profile and its latest assessment. */
export function systemView(s: SystemRecord, a: AssessmentRecord): Record<string, unknown> {
  const { assessment, ...head } = a;
  return {
    ...systemListItem(s),
    evidenceEtag: s.evidenceEtag,
    profile: s.profile,
    assessment: { ...head, result: assessment },
    links: {
      self: `/v1/systems/${s.id}`,
      history: `/v1/systems/${s.id}/history`,
      evidence: `/v1/systems/${s.id}/evidence`,
      graph: `https://w3id.org/regkg/register/system/${s.id}`,
    },
  };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function writeContext(req: FastifyRequest): WriteContext {
  const key = header(req, 'idempotency-key');
  return {
    actor: req.actor!.id,
    requestId: String(req.id),
    ...(key !== undefined ? { idempotencyKey: parseWith(IdempotencyKey, key, 'Idempotency-Key') } : {}),
  };
}

function replayed(reply: FastifyReply, was: boolean): void {
  if (was) reply.header('idempotent-replayed', 'true');
}

/**
 * The system register under /v1: systems with their profile versions and assessments, evidence, audit, and the
 * register as N-Quads. Register reads need the reader role, writes editor, the audit log and bulk re-assessment
 * admin; the knowledge graph routes stay open.
 */
async function routes(app: FastifyInstance): Promise<void> {
  const register = app.systemRegister;
  const auth = app.registerAuth;
  const S = registerSchemas(app.core);
  const reader = auth.require('reader');
  const editor = auth.require('editor');
  const admin = auth.require('admin');

  app.post('/systems', {
    preHandler: editor,
    schema: {
      tags: ['register'], summary: 'Register a system: stores its profile and assessment',
      description: 'Assesses the profile (as of `asOf`, default today), stores both, and answers 201 with Location and ETag.',
      headers: idempotencyHeader, body: jsonSchema(S.SystemBody, 'input'), response: { 201: jsonSchema(SystemViewSchema), ...writeErrors },
    },
  }, async (req, reply) => {
    requireJson(req);
    const body = parseWith(S.SystemBody, req.body);
    const r = await register.create(body, writeContext(req));
    replayed(reply, r.replayed);
    return reply.code(201).header('location', `/v1/systems/${r.system.id}`).header('etag', r.system.etag).send(systemView(r.system, r.assessment));
  });

  app.get('/systems', {
    preHandler: reader,
    schema: { tags: ['register'], summary: 'Registered systems, filtered and paged', querystring: jsonSchema(S.SystemListQuery, 'input'), response: { 200: jsonSchema(SystemPageSchema), ...readErrors } },
  }, async (req) => {
    const { offset, limit, ...filter } = parseWith(S.SystemListQuery, req.query);
    const page = await register.list(filter, { offset, limit });
    return { total: page.total, offset, limit, items: page.items.map(systemListItem) };
  });

  app.get('/systems/export.nq', {
    preHandler: reader,
    schema: { tags: ['register'], summary: 'The register as N-Quads: one named graph per system, with PROV-O provenance', response: { 200: { description: 'N-Quads', content: { 'application/n-quads': { schema: { type: 'string' } } } }, ...readErrors } },
  }, async (_req, reply) => {
    reply.type('application/n-quads; charset=utf-8').header('content-disposition', 'attachment; filename="regkg-register.nq"');
    return reply.send(Readable.from(registerNQuads(register.store)));
  });

  app.post('/systems/reassess', {
    preHandler: admin,
    schema: {
      tags: ['register'], summary: 'Re-assess every system (admin)',
      description: 'Under `asOf` (default today) and the current knowledge version. Systems whose outcome did not change are left as they are; the answer has a summary, the rate, and the diff of every changed system.',
      body: jsonSchema(S.ReassessBody, 'input'), response: { 200: jsonSchema(BulkReassessSchema), ...writeErrors },
    },
  }, async (req) => {
    const body = parseWith(S.ReassessBody, req.body ?? {});
    return register.reassessAll(body, writeContext(req));
  });

  app.get('/systems/:id', {
    preHandler: reader,
    schema: { tags: ['register'], summary: 'A system with its profile and latest assessment (ETag)', params: jsonSchema(SystemIdParam, 'input'), response: { 200: jsonSchema(SystemViewSchema), ...readErrors } },
  }, async (req, reply) => {
    const { id } = parseWith(SystemIdParam, req.params);
    const r = await register.get(id);
    reply.header('etag', r.system.etag);
    const inm = header(req, 'if-none-match');
    if (inm !== undefined && ifMatchMatches(inm, r.system.etag)) return reply.code(304).send();
    return systemView(r.system, r.assessment);
  });

  app.put('/systems/:id', {
    preHandler: editor,
    schema: {
      tags: ['register'], summary: 'Replace the profile: a new profile version and a new assessment (If-Match required)',
      params: jsonSchema(SystemIdParam, 'input'), headers: ifMatchHeader, body: jsonSchema(S.SystemBody, 'input'), response: { 200: jsonSchema(SystemViewSchema), ...writeErrors },
    },
  }, async (req, reply) => {
    const { id } = parseWith(SystemIdParam, req.params);
    requireJson(req);
    const body = parseWith(S.SystemBody, req.body);
    const r = await register.update(id, header(req, 'if-match'), body, writeContext(req));
    replayed(reply, r.replayed);
    return reply.header('etag', r.system.etag).send(systemView(r.system, r.assessment));
  });

  app.delete('/systems/:id', {
    preHandler: editor,
    schema: { tags: ['register'], summary: 'Delete a system (soft: kept for the audit, If-Match required)', params: jsonSchema(SystemIdParam, 'input'), headers: ifMatchHeader, response: { 200: jsonSchema(DeletedSchema), ...writeErrors } },
  }, async (req, reply) => {
    const { id } = parseWith(SystemIdParam, req.params);
    const r = await register.remove(id, header(req, 'if-match'), writeContext(req));
    replayed(reply, r.replayed);
    return { id, deleted: true, etag: r.etag };
  });

  app.post('/systems/:id/reassess', {
    preHandler: editor,
    schema: {
      tags: ['register'], summary: 'Re-assess one system and report what changed',
      description: 'Under `asOf` (default today) and the current knowledge version; records a new assessment and answers the diff: duties added or removed, dates moved, duties now in force, classes changed, evidence now required. If-Match is optional.',
      params: jsonSchema(SystemIdParam, 'input'), body: jsonSchema(S.ReassessBody, 'input'), response: { 200: jsonSchema(ReassessSchema), ...writeErrors },
    },
  }, async (req, reply) => {
    const { id } = parseWith(SystemIdParam, req.params);
    const body = parseWith(S.ReassessBody, req.body ?? {});
    const r = await register.reassess(id, { asOf: body.asOf, ifMatch: header(req, 'if-match') }, writeContext(req));
    reply.header('etag', r.system.etag);
    return { diff: r.diff, system: systemView(r.system, r.assessment) };
  });

  app.get('/systems/:id/history', {
    preHandler: reader,
    schema: { tags: ['register'], summary: 'Every profile version and every assessment of a system', params: jsonSchema(SystemIdParam, 'input'), response: { 200: jsonSchema(HistorySchema), ...readErrors } },
  }, async (req) => {
    const { id } = parseWith(SystemIdParam, req.params);
    const h = await register.history(id);
    return { id, name: h.system.name, version: h.system.version, versions: h.versions, assessments: h.assessments };
  });

  app.get('/systems/:id/evidence', {
    preHandler: reader,
    schema: { tags: ['register'], summary: 'Every evidence item the latest assessment requires, with its status (ETag)', params: jsonSchema(SystemIdParam, 'input'), response: { 200: jsonSchema(EvidenceListSchema), ...readErrors } },
  }, async (req, reply) => {
    const { id } = parseWith(SystemIdParam, req.params);
    const list = await register.evidence(id);
    reply.header('etag', list.evidenceEtag);
    return list;
  });

  app.put('/systems/:id/evidence/:evidenceId', {
    preHandler: editor,
    schema: {
      tags: ['register'], summary: 'Record the status of an evidence item (If-Match: the evidence ETag)',
      description: '`evidenceId` is `<obligation id>.<evidence type id>`; a bare evidence type id sets every item of that type. `provided` and `accepted` need a `link` or a `sha256` content hash.',
      params: jsonSchema(EvidenceParams, 'input'), headers: ifMatchHeader, body: jsonSchema(EvidenceInput, 'input'), response: { 200: jsonSchema(EvidenceUpdateSchema), ...writeErrors },
    },
  }, async (req, reply) => {
    const { id, evidenceId } = parseWith(EvidenceParams, req.params);
    requireJson(req);
    const input = parseWith(EvidenceInput, req.body);
    const r = await register.setEvidence(id, evidenceId, header(req, 'if-match'), input, writeContext(req));
    replayed(reply, r.replayed);
    reply.header('etag', r.list.evidenceEtag);
    return { evidenceEtag: r.list.evidenceEtag, counts: r.list.counts, items: r.list.items.filter((i) => r.items.includes(i.id)) };
  });

  app.get('/audit', {
    preHandler: admin,
    schema: { tags: ['register'], summary: 'The audit log of every register write, newest first (admin)', querystring: jsonSchema(S.AuditQuery, 'input'), response: { 200: jsonSchema(AuditPageSchema), ...readErrors } },
  }, async (req) => {
    const { offset, limit, ...filter } = parseWith(S.AuditQuery, req.query);
    const page = await register.auditLog(filter, { offset, limit });
    return { total: page.total, offset, limit, items: page.items.map((e) => ({ ...e, detail: e.detail ? (JSON.parse(e.detail) as unknown) : undefined })) };
  });
}

/**
 * The register plugin: opens the store (unless one is given), decorates the app with `systemRegister` and
 * `registerAuth` (GraphQL resolvers reach them through `req.server`), and mounts the routes under /v1.
 */
export const registerRoutes = fp(
  async (app: FastifyInstance, opts: RegisterRoutesOptions) => {
    const store = opts.store ?? (await createRegisterStore(app.config));
    const auth = new RegisterAuth(app.config);
    app.decorate('systemRegister', new SystemRegister(app.core, store));
    app.decorate('registerAuth', auth);
    if (auth.mode === 'closed') app.log.warn('REGKG_API_KEYS is empty: the system register refuses every request (401); see docs/adr/0003-register-auth.md');
    app.addHook('onReady', async () => {
      try {
        await store.init();
      } catch (err) {
        app.log.warn({ err }, 'register store not ready; it is retried on first use');
      }
    });
    if (!opts.store) app.addHook('onClose', async () => store.close());
    await app.register(routes, { prefix: '/v1' });
  },
  { name: 'regkg-register', fastify: '5.x' },
);
