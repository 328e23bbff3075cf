import { z } from 'zod';
import type { Assessment, Because } from './assessment-types.js';
import { AssessmentSchema } from './assessment-schema.js';
import { JsonPieces } from './shared-json.js';
import { ExplanationSchema } from './assessment-compact.js';

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

/** The parts the refs view does not show: callers pass these to the engine so it does not build them. */
export const REFS_SKIPS = Object.freeze({ timeline: true });

const str = JSON.stringify;

/**
 * JSON strings of ids, dates and roles: a small, closed vocabulary (the knowledge graph's ids and a few dates), so
 * each is escaped once per process instead of once per duty. Bounded all the same.
 */
const quoted = new Map<string, string>();
function q(s: string): string {
  let j = quoted.get(s);
  if (j === undefined) {
    j = str(s);
    if (quoted.size < 20_000) quoted.set(s, j);
  }
  return j;
}

/** A list of strings as JSON, each through q(). */
function stringsJson(list: readonly string[]): string {
  let s = '[';
  for (let i = 0; i < list.length; i++) s += (i ? ',' : '') + q(list[i]!);
  return `${s}]`;
}

/**
 * The refs view's pieces: id lists (explanation chains and check lists shared by many duties of one assessment;
 * evidence and question lists, rule provisions shared across assessments) and explanation steps' string lists.
 */
const pieces = new JsonPieces();
const byKey = (key: string) => (list: object): string => {
  const items = list as Record<string, string>[];
  let s = '[';
  for (let i = 0; i < items.length; i++) s += (i ? ',' : '') + q(items[i]![key]!);
  return `${s}]`;
};
const ruleIds = byKey('rule');
const techniqueIds = byKey('technique');
const evidenceIds = byKey('evidence');
const fieldIds = byKey('field');
const strings = (list: object): string => stringsJson(list as string[]);

/** One explanation step, as the compact view writes it (explanationJson), with its strings escaped once. */
function stepJson(b: Because, local: Map<object, string>): string {
  return `{"label":${q(b.label)},"provisions":${pieces.get(b.provisions, local, strings)},"facts":${pieces.get(b.facts, local, strings)}${b.from ? `,"from":${q(b.from)}` : ''}}`;
}

/**
 * The refs view as JSON; key order follows RefsAssessmentSchema. Same assessment → same bytes. The text is built
 * as a list of parts joined once: a flat string, which the HTTP layer measures and writes without first
 * flattening thousands of concatenations (that flattening cost more than building the text).
 */
export function refsAssessmentJson(a: Assessment): string {
  const explanations = new Map<string, Because>();
  const local = new Map<object, string>();
  const parts: string[] = [`{"inScope":${a.inScope},"outOfScopeReasons":${str(a.outOfScopeReasons)},"riskClasses":${str(a.riskClasses)},"obligations":[`];
  for (let i = 0; i < a.obligations.length; i++) {
    const o = a.obligations[i]!;
    for (const b of o.because) if (!explanations.has(b.rule)) explanations.set(b.rule, b);
    parts.push(
      i ? ',{"id":' : '{"id":', q(o.id), ',"role":', q(o.role), ',"deontic":', q(o.deontic), ',"appliesFrom":', q(o.appliesFrom),
      o.inForce ? ',"inForce":true,"because":' : ',"inForce":false,"because":', pieces.get(o.because, local, ruleIds),
      ',"checks":', pieces.get(o.checks, local, techniqueIds), ',"evidence":', pieces.get(o.evidence, local, evidenceIds), '}',
    );
  }
  parts.push('],"explanations":{');
  const keys = [...explanations.keys()].sort();
  for (let i = 0; i < keys.length; i++) parts.push(i ? ',' : '', q(keys[i]!), ':', stepJson(explanations.get(keys[i]!)!, local));
  parts.push(
    `},"notApplicable":${str(a.notApplicable)},"questions":${pieces.get(a.questions, local, fieldIds)},"lawVersion":${str(a.lawVersion.id)},` +
      `"asOf":${str(a.asOf)},"knowledgeVersion":${str(a.knowledgeVersion)},"warnings":${str(a.warnings)}}`,
  );
  return parts.join('');
}
