import { z } from 'zod';
import type { Core } from '../core.js';
import { IsoDate } from '../rules/rule-schema.js';
import { AssessmentSchema } from '../domain/assessment-schema.js';
import { EVIDENCE_STATUSES } from '../store/register-store.js';
import { SYSTEM_ID } from '../store/system-register.js';

/** Request schemas of the system register (/v1/systems, /v1/audit). Vocabulary enums come from the knowledge graph. */
export function registerSchemas(core: Core) {
  const ids = (scheme: string): [string, ...string[]] => (core.k.schemes.get(scheme)?.concepts ?? ['-']) as [string, ...string[]];
  const page = {
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  };
  return {
    SystemBody: z.strictObject({
      profile: core.profileSchema.describe('The system profile (contract v1), as POST /v1/assessments takes it'),
      asOf: IsoDate.optional().describe('Assess as of this date (default today)'),
    }),
    ReassessBody: z.strictObject({ asOf: IsoDate.optional().describe('Re-assess as of this date (default today)') }),
    SystemListQuery: z.strictObject({
      riskClass: z.enum(ids('risk-class')).optional(),
      role: z.enum(ids('role')).optional(),
      annexIII: z.enum(ids('annex-iii')).optional(),
      sector: z.enum(ids('sector')).optional(),
      openDeadlineBefore: IsoDate.optional().describe('Only systems with evidence still missing (or rejected) for an obligation applying before this date'),
      ...page,
    }),
    AuditQuery: z.strictObject({
      systemId: z.string().regex(SYSTEM_ID, 'expected a system id').optional(),
      actor: z.string().max(100).optional(),
      ...page,
    }),
  };
}

export const SystemIdParam = z.strictObject({ id: z.string().regex(SYSTEM_ID, 'expected a system id such as 0mhx2k3j49f1c2d3e4f5a6b7c8') });

export const EvidenceParams = z.strictObject({
  id: SystemIdParam.shape.id,
  evidenceId: z
    .string()
    .regex(/^[a-z0-9-]{1,80}(\.[a-z0-9-]{1,120})?$/, 'expected <obligation id>.<evidence type id>, or an evidence type id for every obligation requiring it'),
});

/** Idempotency-Key header (IETF draft-ietf-httpapi-idempotency-key-header): printable ASCII, at most 200 characters. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'expected 1-200 printable ASCII characters');

// ---- Response schemas (OpenAPI only: replies are serialised as they are) ----------------------------------------

const Etag = z.string().describe('A quoted strong ETag');
const Timestamp = z.string().describe('ISO 8601 date-time (UTC)');

export const SystemListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int().describe('Profile version: 1 at creation, +1 on every PUT'),
  etag: Etag,
  riskClasses: z.array(z.string()),
  roles: z.array(z.string()),
  annexIII: z.array(z.string()),
  sector: z.string().optional(),
  inScope: z.boolean(),
  obligationCount: z.number().int(),
  knowledgeVersion: z.string(),
  lawVersion: z.string(),
  asOf: z.string(),
  createdAt: Timestamp,
  createdBy: z.string(),
  updatedAt: Timestamp,
  updatedBy: z.string(),
  links: z.object({ self: z.string() }).passthrough(),
});

export const AssessmentHeadSchema = z.object({
  id: z.string(),
  systemId: z.string(),
  seq: z.number().int(),
  profileVersion: z.number().int(),
  reason: z.enum(['create', 'update', 'reassess']),
  knowledgeVersion: z.string(),
  lawVersion: z.string(),
  asOf: z.string(),
  createdAt: Timestamp,
  createdBy: z.string(),
  riskClasses: z.array(z.string()),
  inScope: z.boolean(),
  obligationCount: z.number().int(),
});

export const SystemViewSchema = SystemListItemSchema.extend({
  evidenceEtag: Etag,
  profile: z.record(z.string(), z.unknown()),
  assessment: AssessmentHeadSchema.extend({ result: AssessmentSchema }),
  links: z.object({ self: z.string(), history: z.string(), evidence: z.string(), graph: z.string() }),
});

export const SystemPageSchema = z.object({ total: z.number().int(), offset: z.number().int(), limit: z.number().int(), items: z.array(SystemListItemSchema) });

export const HistorySchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  versions: z.array(z.object({ systemId: z.string(), version: z.number().int(), profile: z.record(z.string(), z.unknown()), at: Timestamp, by: z.string() })),
  assessments: z.array(AssessmentHeadSchema),
});

const DutyRef = z.object({ id: z.string(), role: z.string(), appliesFrom: z.string() });
const Added = z.object({ added: z.array(z.string()), removed: z.array(z.string()) });
export const AssessmentDiffSchema = z.object({
  changed: z.boolean(),
  asOf: z.object({ from: z.string(), to: z.string() }),
  knowledgeVersion: z.object({ from: z.string(), to: z.string(), changed: z.boolean() }),
  lawVersion: z.object({ from: z.string(), to: z.string() }).optional(),
  inScope: z.object({ from: z.boolean(), to: z.boolean() }).optional(),
  riskClasses: Added,
  duties: z.object({
    added: z.array(DutyRef),
    removed: z.array(DutyRef),
    datesMoved: z.array(z.object({ id: z.string(), role: z.string(), from: z.string(), to: z.string() })),
    nowInForce: z.array(DutyRef),
    noLongerInForce: z.array(DutyRef),
  }),
  evidence: Added,
});

export const ReassessSchema = z.object({ diff: AssessmentDiffSchema, system: SystemViewSchema });

export const BulkReassessSchema = z.object({
  asOf: z.string(),
  knowledgeVersion: z.string(),
  total: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  conflicts: z.number().int(),
  failed: z.number().int(),
  durationMs: z.number(),
  systemsPerSecond: z.number(),
  systems: z.array(z.object({ id: z.string(), name: z.string(), diff: AssessmentDiffSchema.optional(), error: z.object({ code: z.string(), detail: z.string() }).optional() })),
});

export const EvidenceItemSchema = z.object({
  id: z.string().describe('<obligation id>.<evidence type id>'),
  obligation: z.object({ id: z.string(), label: z.string(), appliesFrom: z.string(), inForce: z.boolean(), roles: z.array(z.string()) }),
  evidence: z.object({ id: z.string(), label: z.string(), producedBy: z.array(z.string()) }),
  status: z.enum(EVIDENCE_STATUSES),
  open: z.boolean(),
  link: z.string().optional(),
  sha256: z.string().optional(),
  note: z.string().optional(),
  updatedAt: Timestamp.optional(),
  updatedBy: z.string().optional(),
});

const Counts = z.object({ total: z.number().int(), open: z.number().int(), missing: z.number().int(), provided: z.number().int(), accepted: z.number().int(), rejected: z.number().int() });

export const EvidenceListSchema = z.object({ systemId: z.string(), evidenceEtag: Etag, assessmentId: z.string(), counts: Counts, items: z.array(EvidenceItemSchema) });
export const EvidenceUpdateSchema = z.object({ evidenceEtag: Etag, counts: Counts, items: z.array(EvidenceItemSchema) });
export const DeletedSchema = z.object({ id: z.string(), deleted: z.literal(true), etag: Etag });

export const AuditPageSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      at: Timestamp,
      actor: z.string(),
      action: z.enum(['system.create', 'system.update', 'system.delete', 'system.reassess', 'evidence.set']),
      systemId: z.string(),
      beforeEtag: z.string().optional(),
      afterEtag: z.string().optional(),
      requestId: z.string().optional(),
      detail: z.unknown().optional(),
    }),
  ),
});
