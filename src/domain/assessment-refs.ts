import { z } from 'zod';
import type { Assessment, Because } from './assessment-types.js';
import { AssessmentSchema } from './assessment-schema.js';
import { ExplanationSchema, explanationJson } from './assessment-compact.js';
import { JsonPieces } from './shared-json.js';

const full = AssessmentSchema.shape;

/**
 * The default view of an assessment (`view=refs`): every conclusion and the reasons for it, with catalogue entries
 * referenced by id instead of repeated. Duties carry the ids of the rules that made them apply (each rule's facts and
 * provisions are written once in `explanations`), of the techniques to run and of the evidence to keep; questions
 * are the profile fields still worth answering. The texts behind those ids (duty labels and summaries, technique
 * and evidence descriptions, question wording) are catalogue data that does not depend on the profile:
 * GET /v1/obligations/{id}, /v1/techniques/{id}, /v1/evidence-types/{id}, POST /v1/questionnaire, /v1/vocabulary.
 * See docs/adr/0007-default-assessment-view.md.
 */
export const RefsAssessmentSchema = z.object({
  inScope: z.boolean(),
  outOfScopeReasons: full.outOfScopeReasons,
  riskClasses: full.riskClasses,
  obligations: z.array(z.object({
    id: z.string().describe('Obligation id: GET /v1/obligations/{id}; IRI https://w3id.org/regkg/obligation/{id}.'),
    role: z.string(),
    deontic: z.string(),
    appliesFrom: z.string(),
    inForce: z.boolean(),
    because: z.array(z.string()).describe('Rule ids, in the order of the explanation chain; each is a key of `explanations`.'),
    checks: z.array(z.string()).describe('Technique ids (GET /v1/techniques/{id}).'),
    evidence: z.array(z.string()).describe('Evidence type ids (GET /v1/evidence-types/{id}).'),
  })),
  explanations: z.record(z.string(), ExplanationSchema).describe('Each rule that fired for a duty, once: what it concluded from which facts, citing which provisions.'),
  notApplicable: full.notApplicable,
  questions: z.array(z.string()).describe('Profile fields not yet answered that could still change the outcome (their wording: POST /v1/questionnaire).'),
  lawVersion: z.string(),
  asOf: full.asOf,
  knowledgeVersion: full.knowledgeVersion,
  warnings: full.warnings,
});
export type RefsAssessment = z.infer<typeof RefsAssessmentSchema>;

const str = JSON.stringify;
const pieces = new JsonPieces();
const heads = new Map<string, string>();

/** The refs view as JSON; key order follows RefsAssessmentSchema. Same assessment → same bytes. */
export function refsAssessmentJson(a: Assessment): string {
  const explanations = new Map<string, Because>();
  const local = new Map<object, string>();
  let obligations = '[';
  for (let i = 0; i < a.obligations.length; i++) {
    const o = a.obligations[i]!;
    const hk = `${o.id}\u0000${o.role}`;
    let head = heads.get(hk);
    if (head === undefined) {
      head = `{"id":${str(o.id)},"role":${str(o.role)},"deontic":${str(o.deontic)},`;
      if (heads.size < 50_000) heads.set(hk, head);
    }
    for (const b of o.because) if (!explanations.has(b.rule)) explanations.set(b.rule, b);
    obligations +=
      `${i ? ',' : ''}${head}"appliesFrom":"${o.appliesFrom}","inForce":${o.inForce},` +
      `"because":${pieces.get(o.because, local, ruleIds)},"checks":${pieces.get(o.checks, local, techniqueIds)},` +
      `"evidence":${pieces.get(o.evidence, local, evidenceIds)}}`;
  }
  obligations += ']';
  const keys = [...explanations.keys()].sort();
  let steps = '{';
  for (let i = 0; i < keys.length; i++) {
    const b = explanations.get(keys[i]!)!;
    steps += `${i ? ',' : ''}${str(keys[i])}:${pieces.get(b, local, explanationJson as (o: object) => string)}`;
  }
  steps += '}';
  return (
    `{"inScope":${a.inScope},"outOfScopeReasons":${str(a.outOfScopeReasons)},"riskClasses":${str(a.riskClasses)},` +
    `"obligations":${obligations},"explanations":${steps},"notApplicable":${str(a.notApplicable)},` +
    `"questions":${pieces.get(a.questions, local, questionFields)},"lawVersion":${str(a.lawVersion.id)},` +
    `"asOf":${str(a.asOf)},"knowledgeVersion":${str(a.knowledgeVersion)},"warnings":${str(a.warnings)}}`
  );
}

const ruleIds = (l: object): string => str((l as { rule: string }[]).map((x) => x.rule));
const techniqueIds = (l: object): string => str((l as { technique: string }[]).map((x) => x.technique));
const evidenceIds = (l: object): string => str((l as { evidence: string }[]).map((x) => x.evidence));
const questionFields = (l: object): string => str((l as { field: string }[]).map((x) => x.field));
