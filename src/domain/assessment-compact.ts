import { z } from 'zod';
import type { Assessment, Because, CheckRef, EvidenceRef } from './assessment-types.js';
import { AssessmentSchema, CheckSchema, EvidenceSchema, LegalBasisSchema } from './assessment-schema.js';

const full = AssessmentSchema.shape;

/**
 * The compact view of an assessment (`view=compact`): the same conclusions as the full answer, with each
 * explanation step, check and evidence type written once and referenced by id from the obligations.
 * In a full answer every duty repeats its whole explanation chain; for a high-risk system that is most of the bytes.
 * Obligation summaries are left out (they are catalogue text: GET /v1/obligations/{id}).
 */
const ExplanationSchema = z.object({
  label: z.string(),
  provisions: z.array(z.string()),
  facts: z.array(z.string()),
  from: z.string().optional(),
});

export const CompactAssessmentSchema = z.object({
  inScope: z.boolean(),
  outOfScopeReasons: full.outOfScopeReasons,
  riskClasses: full.riskClasses,
  obligations: z.array(z.object({
    id: z.string(),
    iri: z.string(),
    label: z.string(),
    role: z.string(),
    deontic: z.string(),
    legalBasis: z.array(LegalBasisSchema),
    appliesFrom: z.string(),
    inForce: z.boolean(),
    because: z.array(z.string()).describe('Rule ids, in the order of the explanation chain; each is a key of `explanations`.'),
    checks: z.array(z.string()).describe('Technique ids; each is a key of `checks`.'),
    evidence: z.array(z.string()).describe('Evidence type ids; each is a key of `evidence`.'),
  })),
  explanations: z.record(z.string(), ExplanationSchema).describe('Each rule that fired for a duty, once: what it concluded from which facts, citing which provisions.'),
  checks: z.record(z.string(), CheckSchema.omit({ technique: true })),
  evidence: z.record(z.string(), EvidenceSchema.omit({ evidence: true })),
  notApplicable: full.notApplicable,
  questions: full.questions,
  timeline: full.timeline,
  lawVersion: full.lawVersion,
  asOf: full.asOf,
  knowledgeVersion: full.knowledgeVersion,
  warnings: full.warnings,
});
export type CompactAssessment = z.infer<typeof CompactAssessmentSchema>;

const str = JSON.stringify;

/** Object entries written in key order (deterministic output). */
function mapJson<V>(m: Map<string, V>, value: (v: V) => string): string {
  const keys = [...m.keys()].sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) out += `${i ? ',' : ''}${str(keys[i])}:${value(m.get(keys[i]!)!)}`;
  return `${out}}`;
}

const explanationJson = (b: Because): string =>
  `{"label":${str(b.label)},"provisions":${str(b.provisions)},"facts":${str(b.facts)}${b.from ? `,"from":${str(b.from)}` : ''}}`;
const checkJson = (c: CheckRef): string =>
  `{"label":${str(c.label)},"automation":${str(c.automation)},"parameters":${str(c.parameters)},"produces":${str(c.produces)}}`;
const evidenceJson = (e: EvidenceRef): string =>
  `{"label":${str(e.label)},"producedBy":${str(e.producedBy)},"provisions":${str(e.provisions)}}`;

/** The compact view as JSON; key order follows CompactAssessmentSchema. Same assessment → same bytes. */
export function compactAssessmentJson(a: Assessment): string {
  const explanations = new Map<string, Because>();
  const checks = new Map<string, CheckRef>();
  const evidence = new Map<string, EvidenceRef>();
  // Lists of ids are shared by many duties (same chain, same checks): each distinct list is written once.
  const idLists = new Map<object, string>();
  const ids = <T>(list: readonly T[], id: (x: T) => string, into: Map<string, T>): string => {
    let s = idLists.get(list);
    if (s === undefined) {
      s = '[';
      for (let i = 0; i < list.length; i++) {
        const key = id(list[i]!);
        if (!into.has(key)) into.set(key, list[i]!);
        s += `${i ? ',' : ''}${str(key)}`;
      }
      s += ']';
      idLists.set(list, s);
    }
    return s;
  };
  let obligations = '[';
  for (let i = 0; i < a.obligations.length; i++) {
    const o = a.obligations[i]!;
    obligations +=
      `${i ? ',' : ''}{"id":${str(o.id)},"iri":${str(o.iri)},"label":${str(o.label)},"role":${str(o.role)},"deontic":${str(o.deontic)},` +
      `"legalBasis":${str(o.legalBasis)},"appliesFrom":${str(o.appliesFrom)},"inForce":${o.inForce},` +
      `"because":${ids(o.because, (b) => b.rule, explanations)},"checks":${ids(o.checks, (c) => c.technique, checks)},` +
      `"evidence":${ids(o.evidence, (e) => e.evidence, evidence)}}`;
  }
  obligations += ']';
  return (
    `{"inScope":${a.inScope},"outOfScopeReasons":${str(a.outOfScopeReasons)},"riskClasses":${str(a.riskClasses)},` +
    `"obligations":${obligations},"explanations":${mapJson(explanations, explanationJson)},` +
    `"checks":${mapJson(checks, checkJson)},"evidence":${mapJson(evidence, evidenceJson)},` +
    `"notApplicable":${str(a.notApplicable)},"questions":${str(a.questions)},"timeline":${str(a.timeline)},` +
    `"lawVersion":${str(a.lawVersion)},"asOf":${str(a.asOf)},"knowledgeVersion":${str(a.knowledgeVersion)},"warnings":${str(a.warnings)}}`
  );
}
