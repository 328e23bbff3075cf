import { z } from 'zod';

/** The assessment contract (v1) in zod: the source of its JSON Schema and of the OpenAPI response schema. */
export const LegalBasisSchema = z.object({
  article: z.string().optional(),
  paragraph: z.string().optional(),
  point: z.string().optional(),
  annex: z.string().optional(),
  iri: z.string(),
  eurLex: z.string(),
});

export const BecauseSchema = z.object({
  rule: z.string(),
  label: z.string(),
  provisions: z.array(z.string()),
  facts: z.array(z.string()),
  from: z.string().optional(),
});

export const CheckSchema = z.object({
  technique: z.string(),
  label: z.string(),
  automation: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  produces: z.array(z.string()),
});

export const EvidenceSchema = z.object({
  evidence: z.string(),
  label: z.string(),
  producedBy: z.array(z.string()),
  provisions: z.array(z.string()),
});

export const AssessedObligationSchema = z.object({
  id: z.string(),
  iri: z.string(),
  label: z.string(),
  summary: z.string(),
  role: z.string(),
  deontic: z.string(),
  legalBasis: z.array(LegalBasisSchema),
  appliesFrom: z.string(),
  inForce: z.boolean(),
  because: z.array(BecauseSchema),
  checks: z.array(CheckSchema),
  evidence: z.array(EvidenceSchema),
});

export const QuestionSchema = z.object({
  field: z.string(),
  question: z.string(),
  valueType: z.string(),
  allowed: z.array(z.string()).optional(),
  provisions: z.array(z.string()),
  rules: z.array(z.string()),
});

export const AssessmentSchema = z.object({
  inScope: z.boolean(),
  outOfScopeReasons: z.array(z.object({ rule: z.string(), reason: z.string(), provisions: z.array(z.string()) })),
  riskClasses: z.array(z.enum(['prohibited', 'high-risk', 'transparency', 'minimal', 'gpai', 'gpai-systemic-risk'])),
  obligations: z.array(AssessedObligationSchema),
  notApplicable: z.array(z.object({ regime: z.string(), reason: z.string(), provisions: z.array(z.string()), rule: z.string() })),
  questions: z.array(QuestionSchema),
  timeline: z.array(z.object({ date: z.string(), obligations: z.array(z.string()), inForce: z.boolean() })),
  lawVersion: z.object({ iri: z.string(), id: z.string(), label: z.string(), inForceFrom: z.string() }),
  asOf: z.string(),
  knowledgeVersion: z.string(),
  warnings: z.array(z.object({ rule: z.string().optional(), message: z.string(), provisions: z.array(z.string()) })),
});
