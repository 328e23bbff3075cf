import { z } from 'zod';
import type { Core } from '../core.js';
import { IsoDate } from '../rules/rule-schema.js';
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
