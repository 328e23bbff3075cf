import { z } from 'zod';
import type { Assessment, Because } from './assessment-types.js';
import { speaks, type Assessor, type Outcome } from './assess.js';
import type { LoadedRule } from '../rules/load-rules.js';
import type { Lang } from '../graph/graph-view.js';
import { AssessmentSchema } from './assessment-schema.js';
import { JsonPieces } from './shared-json.js';
import { ExplanationSchema, explanationSteps } from './assessment-compact.js';

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

/**
 * What a refs answer says that follows from the rules' outcome alone: everything but the facts quoted in each
 * explanation step and the questions (both depend on the profile's facts themselves). `steps` are the explanation
 * steps in key order, each written around its facts.
 */
interface RefsPlan {
  /** From `{"inScope"` to `"explanations":{`. */
  head: string;
  steps: { rule: string; open: string; close: string }[];
  /** From the end of `explanations` to `"questions":`. */
  mid: string;
  /** From after the questions to the end. */
  tail: string;
}

/**
 * A plan as RefsWriter keeps it: its text in UTF-8. Each step also names a condition its rule derived: that
 * derivation carries the facts the step quotes for a given profile (a rule fires once per assessment, so all its
 * derivations share one trace).
 */
interface PlanBytes {
  head: Buffer;
  steps: { open: Buffer; close: Buffer; condition: string }[];
  mid: Buffer;
  tail: Buffer;
}

/** A plan from a built assessment, with its explanation steps (`explained[i]` is the step `plan.steps[i]` writes). */
function planOf(a: Assessment, local: Map<object, string>): { plan: RefsPlan; explained: Because[] } {
  const head: string[] = [`{"inScope":${a.inScope},"outOfScopeReasons":${str(a.outOfScopeReasons)},"riskClasses":${str(a.riskClasses)},"obligations":[`];
  for (let i = 0; i < a.obligations.length; i++) {
    const o = a.obligations[i]!;
    head.push(
      i ? ',{"id":' : '{"id":', q(o.id), ',"role":', q(o.role), ',"deontic":', q(o.deontic), ',"appliesFrom":', q(o.appliesFrom),
      o.inForce ? ',"inForce":true,"because":' : ',"inForce":false,"because":', pieces.get(o.because, local, ruleIds),
      ',"checks":', pieces.get(o.checks, local, techniqueIds), ',"evidence":', pieces.get(o.evidence, local, evidenceIds), '}',
    );
  }
  head.push('],"explanations":{');
  const explained = explanationSteps(a);
  const steps = explained.map((b, i) => ({
    rule: b.rule,
    open: `${i ? ',' : ''}${q(b.rule)}:{"label":${q(b.label)},"provisions":${pieces.get(b.provisions, local, strings)},"facts":`,
    close: b.from ? `,"from":${q(b.from)}}` : '}',
  }));
  return {
    plan: {
      head: head.join(''),
      steps,
      mid: `},"notApplicable":${str(a.notApplicable)},"questions":`,
      tail: `,"lawVersion":${str(a.lawVersion.id)},"asOf":${str(a.asOf)},"knowledgeVersion":${str(a.knowledgeVersion)},"warnings":${str(a.warnings)}}`,
    },
    explained,
  };
}

/**
 * The refs view of an assessment as JSON; key order follows RefsAssessmentSchema. Same assessment → same bytes.
 * This is the reference writer; RefsWriter gives the same bytes without building the assessment each time.
 */
export function refsAssessmentJson(a: Assessment): string {
  const local = new Map<object, string>();
  const { plan, explained } = planOf(a, local);
  let s = plan.head;
  for (let i = 0; i < plan.steps.length; i++) s += plan.steps[i]!.open + str(explained[i]!.facts) + plan.steps[i]!.close;
  return s + plan.mid + pieces.get(a.questions, local, fieldIds) + plan.tail;
}

/** The engine parts a plan does not use: the timeline (not shown) and the questions (written per profile). */
const PLAN_SKIPS = Object.freeze({ timeline: true, questions: true });

/**
 * The key of a rules' outcome for a refs answer: every derived condition with the rule, dates and conditions behind
 * it, the rules that fired with something to say (out of scope, not applicable, a warning), the date and the
 * language. Two profiles with the same key get the same duties, checks, evidence, explanation chains and texts; they
 * can differ only in the facts each step quotes and in the questions. Written compactly: each condition, rule and
 * date as one character code (conditions and rules are the knowledge version's, dates a small closed set).
 */
class OutcomeKeys {
  private readonly rules = new Map<LoadedRule, number>();
  private readonly texted = new Set<LoadedRule>();
  private readonly conditions = new Map<string, number>();
  private readonly dates = new Map<string, number>();

  constructor(assessor: Assessor) {
    // Every derived condition (and so every dependency of one) is concluded by some rule.
    for (const { rule } of assessor.rules.compiled) {
      this.rules.set(rule, this.rules.size);
      if (speaks(rule)) this.texted.add(rule);
      for (const c of rule.derive) if (!this.conditions.has(c)) this.conditions.set(c, this.conditions.size);
    }
  }

  private date(d: string): number {
    let n = this.dates.get(d);
    if (n === undefined) this.dates.set(d, (n = this.dates.size));
    return n;
  }

  of(o: Outcome, lang: string): string {
    let key = `${o.asOf}|${lang}|`;
    for (const d of o.derived.values()) {
      key += String.fromCharCode(this.conditions.get(d.condition)!, this.rules.get(d.rule)!, this.date(d.from), d.deps.length);
      for (const dep of d.deps) key += String.fromCharCode(this.conditions.get(dep)!);
    }
    key += '|';
    for (const f of o.fired) if (this.texted.has(f.rule)) key += String.fromCharCode(this.rules.get(f.rule)!);
    return key;
  }
}

/**
 * Writes refs answers, keeping the plan of each rules' outcome seen recently (ADR 0008): the duty list with its
 * rule, technique and evidence ids, the explanation steps' labels and provisions, and the texts of the rules that
 * fired. For each profile the rules still run and the facts and questions are still its own; what is kept depends
 * only on the knowledge version (one per writer) and the key above. Bounded: the oldest plan goes first.
 */
export class RefsWriter {
  private readonly plans = new Map<string, PlanBytes>();
  private readonly keys: OutcomeKeys;
  /** Plans built and plans reused, for the bench and tests. */
  readonly stats = { built: 0, reused: 0 };

  constructor(
    private readonly assessor: Assessor,
    readonly maxPlans = 1000,
  ) {
    this.keys = new OutcomeKeys(assessor);
  }

  /** The refs answer as JSON text. */
  write(profile: Record<string, unknown>, asOf: string, lang: Lang = 'en'): string {
    return this.writeBytes(profile, asOf, lang).toString('utf8');
  }

  /**
   * The refs answer as UTF-8 bytes, ready to send: the plan's texts (most of the answer) are encoded once, when the
   * plan is built, and copied; only the profile's facts and questions are written per answer.
   */
  writeBytes(profile: Record<string, unknown>, asOf: string, lang: Lang = 'en'): Buffer {
    const { plan: b, o } = this.planFor(profile, asOf, lang);
    // Per profile only its facts and questions are written: ids, values and field names, in JSON.
    const facts = b.steps.map((st) => str(o.derived.get(st.condition)!.facts));
    const questions = this.questionsJson(o, lang);
    let length = b.head.length + b.mid.length + Buffer.byteLength(questions) + b.tail.length;
    for (let i = 0; i < facts.length; i++) length += b.steps[i]!.open.length + Buffer.byteLength(facts[i]!) + b.steps[i]!.close.length;
    const out = Buffer.allocUnsafe(length);
    let at = b.head.copy(out, 0);
    for (let i = 0; i < facts.length; i++) {
      const st = b.steps[i]!;
      at += st.open.copy(out, at);
      at += out.write(facts[i]!, at);
      at += st.close.copy(out, at);
    }
    at += b.mid.copy(out, at);
    at += out.write(questions, at);
    b.tail.copy(out, at);
    return out;
  }

  private questionsJson(o: Outcome, lang: Lang): string {
    return pieces.get(this.assessor.questions(o.facts, o.version.id, lang, false), new Map(), fieldIds);
  }

  /**
   * The outcome key of a profile on a date in a language (see OutcomeKeys): answers that depend on nothing else of
   * the profile (GraphQL selections without facts or questions, ADR 0009) can be kept under it.
   */
  keyOf(profile: Record<string, unknown>, asOf: string, lang: Lang): string {
    return this.keys.of(this.assessor.outcome(profile, asOf), lang);
  }

  /** The rules' outcome for a profile and the plan kept for it (built, with its bytes, on first sight). */
  private planFor(profile: Record<string, unknown>, asOf: string, lang: Lang): { plan: PlanBytes; o: Outcome } {
    const o = this.assessor.outcome(profile, asOf);
    const key = this.keys.of(o, lang);
    let plan = this.plans.get(key);
    if (plan) this.stats.reused++;
    else {
      const text = planOf(this.assessor.assess(profile, { asOf, lang, skip: PLAN_SKIPS }, o), new Map()).plan;
      const conditionOf = new Map<string, string>();
      for (const d of o.derived.values()) if (!conditionOf.has(d.rule.id)) conditionOf.set(d.rule.id, d.condition);
      plan = {
        head: Buffer.from(text.head),
        steps: text.steps.map((st) => ({ open: Buffer.from(st.open), close: Buffer.from(st.close), condition: conditionOf.get(st.rule)! })),
        mid: Buffer.from(text.mid),
        tail: Buffer.from(text.tail),
      };
      if (this.plans.size >= this.maxPlans) this.plans.delete(this.plans.keys().next().value!);
      this.plans.set(key, plan);
      this.stats.built++;
    }
    return { plan, o };
  }

  get size(): number {
    return this.plans.size;
  }
}
