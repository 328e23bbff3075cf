import { z } from 'zod';
import type { Assessment } from './assessment-types.js';

/** The short form of an assessment: what applies to whom from when, without explanations, checks or questions. */
export const AssessmentSummarySchema = z.object({
  inScope: z.boolean(),
  riskClasses: z.array(z.string()),
  obligations: z.array(z.object({ id: z.string(), role: z.string(), appliesFrom: z.string(), inForce: z.boolean() })),
  notApplicable: z.array(z.string()),
  warnings: z.number().int(),
  lawVersion: z.string(),
  asOf: z.string(),
  knowledgeVersion: z.string(),
});
export type AssessmentSummary = z.infer<typeof AssessmentSummarySchema>;

/** The parts a summary never shows: callers pass these to the engine so it does not build them. */
export const SUMMARY_SKIPS = Object.freeze({ because: true, checks: true, questions: true, timeline: true });

export function summaryOf(a: Assessment): AssessmentSummary {
  return {
    inScope: a.inScope,
    riskClasses: a.riskClasses,
    obligations: a.obligations.map((o) => ({ id: o.id, role: o.role, appliesFrom: o.appliesFrom, inForce: o.inForce })),
    notApplicable: a.notApplicable.map((n) => n.regime),
    warnings: a.warnings.length,
    lawVersion: a.lawVersion.id,
    asOf: a.asOf,
    knowledgeVersion: a.knowledgeVersion,
  };
}
