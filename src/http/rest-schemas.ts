import { z } from 'zod';
import { ASSESSMENT_VIEWS, type Core } from '../core.js';
import { IsoDate } from '../rules/rule-schema.js';

export const Lang = z.enum(['en', 'fr', 'de']);

export const AssessQuery = z.strictObject({ asOf: IsoDate.optional(), lang: Lang.optional() });

/** `view`: how the answer is written (ADR 0006, 0007); `refs` by default. */
export const AssessmentQuery = AssessQuery.extend({ view: z.enum(ASSESSMENT_VIEWS).default('refs') });

/** Query schemas whose enumerations come from the vocabulary in the knowledge graph. */
export function obligationQuery(core: Core) {
  const roles = core.k.schemes.get('role')?.concepts ?? [];
  const classes = core.k.schemes.get('risk-class')?.concepts ?? [];
  return z.strictObject({
    role: z.enum(roles as [string, ...string[]]).optional(),
    riskClass: z.enum(classes as [string, ...string[]]).optional(),
    article: z.string().regex(/^\d{1,3}[a-z]?$/, 'expected an article number such as 26').optional(),
    deontic: z.enum(['Duty', 'Prohibition', 'Permission', 'Exemption']).optional(),
    asOf: IsoDate.optional(),
    q: z.string().max(200).optional(),
    lang: Lang.optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  });
}

export const LangQuery = z.strictObject({ lang: Lang.optional() });
export const IdParam = z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,80}$/, 'expected an obligation id such as aia-art26-7') });
export const TechniqueIdParam = z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,80}$/, 'expected a technique id such as performance-evaluation') });
export const EvidenceIdParam = z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,80}$/, 'expected an evidence type id such as technical-documentation') });
export const RefParam = z.strictObject({ ref: z.string().min(1).max(100) });
