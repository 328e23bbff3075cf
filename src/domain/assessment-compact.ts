import { z } from 'zod';
import type { Assessment, Because, CheckRef, EvidenceRef } from './assessment-types.js';
import { AssessmentSchema, BecauseSchema, CheckSchema, EvidenceSchema, LegalBasisSchema } from './assessment-schema.js';
import { JsonPieces } from './shared-json.js';

const full = AssessmentSchema.shape;

/**
 * The compact view of an assessment (`view=compact`): the same conclusions as the full answer, with each
 * explanation step, check and evidence type written once and referenced by id from the obligations.
 * In a full answer every duty repeats its whole explanation chain; for a high-risk system that is most of the bytes.
 * Obligation summaries are left out (they are catalogue text: GET /v1/obligations/{id}).
 */
export const ExplanationSchema = BecauseSchema.omit({ rule: true });

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

/** Every step of the obligations' explanations once, sorted by rule id: the entries of the compact view's `explanations`. */
export function explanationSteps(a: Assessment): Because[] {
  const steps = new Map<string, Because>();
  for (const o of a.obligations) for (const b of o.because) if (!steps.has(b.rule)) steps.set(b.rule, b);
  return [...steps.keys()].sort().map((rule) => steps.get(rule)!);
}

/**
 * The compact view's pieces (id lists, explanation steps, checks and evidence entries), kept across assessments
 * for objects marked frozenJson() (legal bases, checks, evidence entries and lists).
 */
const pieces = new JsonPieces();
const heads = new Map<string, string>();

function cachedJson<T extends object>(o: T, local: Map<object, string>, write: (o: T) => string): string {
  return pieces.get(o, local, write as (o: object) => string);
}

/** Object entries written in key order (deterministic output). */
function mapJson<V extends object>(m: Map<string, V>, value: (v: V) => string, local: Map<object, string>): string {
  const keys = [...m.keys()].sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const v = m.get(keys[i]!)!;
    out += `${i ? ',' : ''}${str(keys[i])}:${cachedJson(v, local, value)}`;
  }
  return `${out}}`;
}

/** One explanation step without its rule id (the id is the key it is written under). */
export const explanationJson = (b: Because): string =>
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
  const local = new Map<object, string>();
  // A list of ids is written once per distinct list (many duties share a chain or an evidence list); the
  // referenced entries are collected on each use.
  const ids = <T extends object>(list: readonly T[], id: (x: T) => string, into: Map<string, T>): string => {
    for (const x of list) {
      const key = id(x);
      if (!into.has(key)) into.set(key, x);
    }
    return cachedJson(list, local, (l) => str(l.map(id)));
  };
  let obligations = '[';
  for (let i = 0; i < a.obligations.length; i++) {
    const o = a.obligations[i]!;
    const hk = `${o.id}\u0000${o.role}\u0000${o.label}`;
    let head = heads.get(hk);
    if (head === undefined) {
      head = `{"id":${str(o.id)},"iri":${str(o.iri)},"label":${str(o.label)},"role":${str(o.role)},"deontic":${str(o.deontic)},` +
        `"legalBasis":${str(o.legalBasis)},`;
      if (heads.size < 50_000) heads.set(hk, head);
    }
    obligations +=
      `${i ? ',' : ''}${head}"appliesFrom":${str(o.appliesFrom)},"inForce":${o.inForce},` +
      `"because":${ids(o.because, byRule, explanations)},"checks":${ids(o.checks, byTechnique, checks)},` +
      `"evidence":${ids(o.evidence, byEvidence, evidence)}}`;
  }
  obligations += ']';
  return (
    `{"inScope":${a.inScope},"outOfScopeReasons":${str(a.outOfScopeReasons)},"riskClasses":${str(a.riskClasses)},` +
    `"obligations":${obligations},"explanations":${mapJson(explanations, explanationJson, local)},` +
    `"checks":${mapJson(checks, checkJson, local)},"evidence":${mapJson(evidence, evidenceJson, local)},` +
    `"notApplicable":${str(a.notApplicable)},"questions":${cachedJson(a.questions, local, str)},"timeline":${str(a.timeline)},` +
    `"lawVersion":${str(a.lawVersion)},"asOf":${str(a.asOf)},"knowledgeVersion":${str(a.knowledgeVersion)},"warnings":${str(a.warnings)}}`
  );
}

const byRule = (b: Because): string => b.rule;
const byTechnique = (c: CheckRef): string => c.technique;
const byEvidence = (e: EvidenceRef): string => e.evidence;
