import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { RegkgError } from '../errors.js';
import { parseWith } from '../domain/validate.js';
import type { Core } from '../core.js';
import { RegisterAuth, type Actor, type Role } from '../http/auth.js';
import { registerSchemas } from '../http/register-schemas.js';
import type { AssessmentRecord, SystemRecord } from '../store/register-store.js';
import { EvidenceInput, type EvidenceItemView, type SystemRegister, type WriteContext } from '../store/system-register.js';

/**
 * The system register in GraphQL: the same operations as /v1/systems, over the same SystemRegister service and the
 * same roles (reader for queries, editor for mutations). Merge `registerTypeDefs` and `registerResolvers` into the
 * main schema; they use its `Date` and `JSON` scalars. Resolvers find the register and the key check through
 * `ctx.req.server` (the fastify app the register plugin decorated), or `ctx.systemRegister` / `ctx.registerAuth`.
 */
export const registerTypeDefs = /* GraphQL */ `
"A system in the register (API key with the reader role; see docs/adr/0003-register-auth.md)."
type RegisteredSystem {
  id: ID!
  name: String!
  "Profile version: 1 at creation, +1 on every update."
  version: Int!
  "Send it back as \`etag\` to update or delete the system."
  etag: String!
  "Send it back as \`etag\` to setEvidence."
  evidenceEtag: String!
  riskClasses: [String!]!
  roles: [String!]!
  annexIII: [String!]!
  sector: String
  inScope: Boolean!
  obligationCount: Int!
  lawVersion: String!
  knowledgeVersion: String!
  asOf: Date!
  createdAt: String!
  createdBy: String!
  updatedAt: String!
  updatedBy: String!
  "The current profile (contract v1)."
  profile: JSON!
  "The latest assessment, as POST /v1/assessments answers it."
  assessment: JSON!
  "Every evidence item the latest assessment requires, with its status."
  evidence: SystemEvidence!
  "Every assessment recorded for the system, oldest first."
  history: [SystemAssessmentHead!]!
}

type SystemPage {
  total: Int!
  offset: Int!
  limit: Int!
  items: [RegisteredSystem!]!
}

enum EvidenceStatus {
  missing
  provided
  accepted
  rejected
}

type SystemEvidenceItem {
  "\`<obligation id>.<evidence type id>\`"
  id: ID!
  obligationId: String!
  obligationLabel: String!
  evidenceTypeId: String!
  evidenceLabel: String!
  appliesFrom: Date!
  status: EvidenceStatus!
  "Missing or rejected: still to be done."
  open: Boolean!
  link: String
  sha256: String
  note: String
  updatedAt: String
  updatedBy: String
}

type SystemEvidence {
  evidenceEtag: String!
  total: Int!
  open: Int!
  items: [SystemEvidenceItem!]!
}

type SystemAssessmentHead {
  id: ID!
  seq: Int!
  reason: String!
  profileVersion: Int!
  asOf: Date!
  knowledgeVersion: String!
  lawVersion: String!
  riskClasses: [String!]!
  createdAt: String!
  createdBy: String!
}

type SystemReassessment {
  "Whether duties, dates, classes, scope or required evidence changed."
  changed: Boolean!
  "Duties added and removed, dates moved, duties now in force, classes and evidence changed."
  diff: JSON!
  system: RegisteredSystem!
}

type SystemEvidenceUpdate {
  evidenceEtag: String!
  items: [SystemEvidenceItem!]!
}

type SystemDeletion {
  id: ID!
  deleted: Boolean!
}

type Query {
  "Registered systems, filtered and paged as GET /v1/systems (reader)."
  systems(riskClass: String, role: String, annexIII: String, sector: String, openDeadlineBefore: Date, offset: Int, limit: Int): SystemPage!
  "One registered system, or null (reader)."
  system(id: ID!): RegisteredSystem
}

type Mutation {
  "Register a system: stores its profile and assessment (editor)."
  createSystem(profile: JSON!, asOf: Date, idempotencyKey: String): RegisteredSystem!
  "Replace the profile: a new profile version and a new assessment; \`etag\` as read (editor)."
  updateSystem(id: ID!, etag: String!, profile: JSON!, asOf: Date): RegisteredSystem!
  "Soft-delete a system; \`etag\` as read (editor)."
  deleteSystem(id: ID!, etag: String!): SystemDeletion!
  "Re-assess under asOf (default today) and the current knowledge version, and report what changed (editor)."
  reassessSystem(id: ID!, asOf: Date): SystemReassessment!
  "Record an evidence item's status; \`etag\` is the system's evidenceEtag (editor)."
  setEvidence(id: ID!, etag: String!, evidenceId: ID!, status: EvidenceStatus!, link: String, sha256: String, note: String): SystemEvidenceUpdate!
}
`;

/** What the resolvers need from the context: the main GraphQL context already has `req` (and `request`). */
export interface RegisterGraphqlContext {
  req?: FastifyRequest;
  request?: Request;
  systemRegister?: SystemRegister;
  registerAuth?: RegisterAuth;
}

interface Parent {
  system: SystemRecord;
  assessment?: AssessmentRecord;
}

function headersOf(ctx: RegisterGraphqlContext): IncomingHttpHeaders {
  if (ctx.req) return ctx.req.headers;
  const out: IncomingHttpHeaders = {};
  ctx.request?.headers.forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

function registerOf(ctx: RegisterGraphqlContext): { register: SystemRegister; auth: RegisterAuth } {
  const app = ctx.req?.server as { systemRegister?: SystemRegister; registerAuth?: RegisterAuth } | undefined;
  const register = ctx.systemRegister ?? app?.systemRegister;
  const auth = ctx.registerAuth ?? app?.registerAuth;
  if (!register || !auth) throw new Error('the system register is not mounted (register the regkg-register plugin)');
  return { register, auth };
}

function authorized(ctx: RegisterGraphqlContext, role: Role): { register: SystemRegister; actor: Actor; write: WriteContext } {
  const { register, auth } = registerOf(ctx);
  const actor = auth.authorize(headersOf(ctx), role);
  return { register, actor, write: { actor: actor.id, ...(ctx.req ? { requestId: String(ctx.req.id) } : {}) } };
}

const schemasByCore = new WeakMap<Core, ReturnType<typeof registerSchemas>>();
function schemas(core: Core): ReturnType<typeof registerSchemas> {
  let s = schemasByCore.get(core);
  if (!s) schemasByCore.set(core, (s = registerSchemas(core)));
  return s;
}

function itemOf(i: EvidenceItemView): Record<string, unknown> {
  return {
    id: i.id,
    obligationId: i.obligation.id,
    obligationLabel: i.obligation.label,
    evidenceTypeId: i.evidence.id,
    evidenceLabel: i.evidence.label,
    appliesFrom: i.obligation.appliesFrom,
    status: i.status,
    open: i.open,
    link: i.link ?? null,
    sha256: i.sha256 ?? null,
    note: i.note ?? null,
    updatedAt: i.updatedAt ?? null,
    updatedBy: i.updatedBy ?? null,
  };
}

type Args = Record<string, unknown>;
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const fromSummary = (key: keyof SystemRecord['summary']) => (p: Parent) => p.system.summary[key] ?? null;

export const registerResolvers = {
  Query: {
    async systems(_: unknown, args: Args, ctx: RegisterGraphqlContext) {
      const { register } = authorized(ctx, 'reader');
      const defined = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null && v !== undefined));
      const { offset, limit, ...filter } = parseWith(schemas(register.core).SystemListQuery, defined);
      const page = await register.list(filter, { offset, limit });
      return { total: page.total, offset, limit, items: page.items.map((system): Parent => ({ system })) };
    },
    async system(_: unknown, args: Args, ctx: RegisterGraphqlContext): Promise<Parent | null> {
      const { register } = authorized(ctx, 'reader');
      try {
        return await register.get(String(args.id));
      } catch (e) {
        if (e instanceof RegkgError && e.code === 'NOT_FOUND') return null;
        throw e;
      }
    },
  },
  Mutation: {
    async createSystem(_: unknown, args: Args, ctx: RegisterGraphqlContext): Promise<Parent> {
      const { register, write } = authorized(ctx, 'editor');
      const key = str(args.idempotencyKey);
      return register.create({ profile: args.profile, asOf: str(args.asOf) }, { ...write, ...(key ? { idempotencyKey: key } : {}) });
    },
    async updateSystem(_: unknown, args: Args, ctx: RegisterGraphqlContext): Promise<Parent> {
      const { register, write } = authorized(ctx, 'editor');
      return register.update(String(args.id), String(args.etag), { profile: args.profile, asOf: str(args.asOf) }, write);
    },
    async deleteSystem(_: unknown, args: Args, ctx: RegisterGraphqlContext) {
      const { register, write } = authorized(ctx, 'editor');
      const r = await register.remove(String(args.id), String(args.etag), write);
      return { id: r.id, deleted: true };
    },
    async reassessSystem(_: unknown, args: Args, ctx: RegisterGraphqlContext) {
      const { register, write } = authorized(ctx, 'editor');
      const r = await register.reassess(String(args.id), { asOf: str(args.asOf) }, write);
      return { changed: r.diff.changed, diff: r.diff, system: { system: r.system, assessment: r.assessment } satisfies Parent };
    },
    async setEvidence(_: unknown, args: Args, ctx: RegisterGraphqlContext) {
      const { register, write } = authorized(ctx, 'editor');
      const input = parseWith(EvidenceInput, {
        status: args.status,
        ...(str(args.link) !== undefined ? { link: str(args.link) } : {}),
        ...(str(args.sha256) !== undefined ? { sha256: str(args.sha256) } : {}),
        ...(str(args.note) !== undefined ? { note: str(args.note) } : {}),
      });
      const r = await register.setEvidence(String(args.id), String(args.evidenceId), String(args.etag), input, write);
      return { evidenceEtag: r.list.evidenceEtag, items: r.list.items.filter((i) => r.items.includes(i.id)).map(itemOf) };
    },
  },
  RegisteredSystem: {
    id: (p: Parent) => p.system.id,
    name: (p: Parent) => p.system.name,
    version: (p: Parent) => p.system.version,
    etag: (p: Parent) => p.system.etag,
    evidenceEtag: (p: Parent) => p.system.evidenceEtag,
    riskClasses: fromSummary('riskClasses'),
    roles: fromSummary('roles'),
    annexIII: fromSummary('annexIII'),
    sector: fromSummary('sector'),
    inScope: fromSummary('inScope'),
    obligationCount: fromSummary('obligationCount'),
    lawVersion: fromSummary('lawVersion'),
    knowledgeVersion: fromSummary('knowledgeVersion'),
    asOf: fromSummary('asOf'),
    createdAt: (p: Parent) => p.system.createdAt,
    createdBy: (p: Parent) => p.system.createdBy,
    updatedAt: (p: Parent) => p.system.updatedAt,
    updatedBy: (p: Parent) => p.system.updatedBy,
    profile: (p: Parent) => p.system.profile,
    async assessment(p: Parent, _: Args, ctx: RegisterGraphqlContext) {
      const a = p.assessment ?? (await registerOf(ctx).register.store.getAssessment(p.system.latestAssessmentId));
      return a?.assessment ?? null;
    },
    async evidence(p: Parent, _: Args, ctx: RegisterGraphqlContext) {
      const list = await registerOf(ctx).register.evidence(p.system.id);
      return { evidenceEtag: list.evidenceEtag, total: list.counts.total, open: list.counts.open, items: list.items.map(itemOf) };
    },
    async history(p: Parent, _: Args, ctx: RegisterGraphqlContext) {
      return registerOf(ctx).register.store.listAssessments(p.system.id);
    },
  },
};
