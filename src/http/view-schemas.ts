import { z } from 'zod';
import { LegalBasisSchema } from '../domain/assessment-schema.js';

/** Response schemas of the lookup routes (zod; OpenAPI is generated from them). */
const LangTextSchema = z.object({ en: z.string(), fr: z.string(), de: z.string() });

export const ObligationViewSchema = z.object({
  id: z.string(),
  iri: z.string(),
  label: z.string(),
  summary: z.string(),
  labels: LangTextSchema,
  summaries: LangTextSchema,
  bearers: z.array(z.string()),
  deontic: z.enum(['Duty', 'Prohibition', 'Permission', 'Exemption']),
  legalBasis: z.array(LegalBasisSchema),
  appliesWhen: z.array(z.object({ id: z.string(), label: z.string() })),
  riskClasses: z.array(z.string()),
  dates: z.array(z.object({ lawVersion: z.string(), date: z.string(), earliest: z.string(), byCondition: z.array(z.object({ condition: z.string(), date: z.string() })) })),
  relatedAnnexes: z.array(z.string()),
  related: z.array(z.string()),
  authoritative: z.literal(false),
  status: z.string(),
  modified: z.string(),
});

export const ObligationDetailSchema = ObligationViewSchema.extend({
  checks: z.array(z.object({ technique: z.string(), label: z.string(), automation: z.string(), produces: z.array(z.string()) })),
  evidence: z.array(z.object({ evidence: z.string(), label: z.string(), producedBy: z.array(z.string()) })),
});

export const ObligationPageSchema = z.object({ items: z.array(ObligationViewSchema), total: z.number().int(), offset: z.number().int(), limit: z.number().int() });

export const ProvisionSchema = LegalBasisSchema.extend({
  ref: z.string(),
  kind: z.string(),
  number: z.string(),
  title: z.string(),
  parent: z.string().optional(),
  children: z.array(z.string()),
  coverage: z.string().optional(),
  coverageNote: z.string().optional(),
  insertedBy: z.string().optional(),
  replacedBy: z.string().optional(),
  obligations: z.array(ObligationViewSchema),
});

export const ConceptSchema = z.object({
  id: z.string(),
  iri: z.string(),
  label: z.string(),
  definition: z.string(),
  provisions: z.array(z.string()),
  exceptionTo: z.string().optional(),
  derivedOnly: z.boolean().optional(),
  insertedBy: z.string().optional(),
});

export const SchemeSchema = z.object({
  id: z.string(),
  iri: z.string().optional(),
  label: z.string(),
  profileField: z.string().optional(),
  question: z.string().optional(),
  concepts: z.array(ConceptSchema),
});

export const VocabularySchema = z.object({
  knowledgeVersion: z.string(),
  fields: z.array(z.object({ path: z.string(), valueType: z.string(), required: z.boolean(), scheme: z.string().optional(), question: z.string(), provisions: z.array(z.string()), default: z.boolean().optional() })),
  schemes: z.array(SchemeSchema),
  collections: z.record(z.string(), z.array(z.string())),
  conditions: z.array(z.object({ id: z.string(), iri: z.string(), label: z.string(), description: z.string(), provisions: z.array(z.string()) })),
});

export const LawVersionsSchema = z.array(
  z.object({
    id: z.string(),
    iri: z.string(),
    label: z.string(),
    inForceFrom: z.string(),
    verificationStatus: z.string(),
    milestones: z.array(z.object({ date: z.string(), label: z.string(), provisions: z.array(z.string()) })),
  }),
);

export const TimelineSchema = z.object({ items: z.array(z.object({ date: z.string(), lawVersion: z.string(), label: z.string(), provisions: z.array(z.string()) })) });

const ParameterSchema = z.object({ name: z.string(), valueType: z.string(), comment: z.string(), derivedFrom: z.string().optional(), defaultValue: z.string().optional() });

export const TechniqueViewSchema = z.object({
  id: z.string(),
  iri: z.string(),
  label: z.string(),
  summary: z.string(),
  labels: LangTextSchema,
  properties: z.array(z.string()).describe('Trustworthiness properties the technique tests.'),
  modalities: z.array(z.string()),
  systemKinds: z.array(z.string()),
  automation: z.string(),
  parameters: z.array(ParameterSchema),
  provisions: z.array(LegalBasisSchema),
  produces: z.array(z.string()).describe('Evidence type ids.'),
  applicableWhen: z.array(z.string()).describe('Conditions of which one must hold for the technique to be relevant (none: always).'),
  obligations: z.array(z.string()).describe('Ids of the duties the technique helps demonstrate.'),
});

export const EvidenceTypeViewSchema = z.object({
  id: z.string(),
  iri: z.string(),
  label: z.string(),
  summary: z.string(),
  labels: LangTextSchema,
  kind: z.string(),
  producedBy: z.array(z.string()).describe('The roles that produce it (role ids).'),
  techniques: z.array(z.string()).describe('Ids of the techniques whose runs produce it.'),
  provisions: z.array(LegalBasisSchema),
  obligations: z.array(z.string()).describe('Ids of the duties that require this evidence.'),
});

export const TechniqueListSchema = z.object({ items: z.array(TechniqueViewSchema), total: z.number().int() });
export const EvidenceTypeListSchema = z.object({ items: z.array(EvidenceTypeViewSchema), total: z.number().int() });
