import type { Knowledge, Obligation } from '../graph/knowledge.js';
import type { Lang } from '../graph/graph-view.js';
import { RegkgError } from '../errors.js';
import { RuleSet, T, type CompiledRule, type Derivation, type Evaluation, type Facts } from '../rules/evaluator.js';
import { provisionRef } from '../rules/condition-fields.js';
import type { LoadedRule } from '../rules/load-rules.js';
import { allowedValues, toFacts } from './profile.js';
import { legalBasisOf } from './legal-basis.js';
import { NO_CHECKS, type ChecksIndex } from './checks.js';
import { frozenJson } from './shared-json.js';
import type {
  Assessment,
  AssessedObligation,
  Because,
  CheckRef,
  LegalBasisRef,
  NotApplicable,
  Question,
  TimelineEntry,
  Warning,
} from './assessment-types.js';

export interface AssessOptions {
  /** YYYY-MM-DD: selects the law version in force and which duties are in force. */
  asOf: string;
  lang?: Lang;
  /** Include every allowed value in each question (the questionnaire does; assessments point to /v1/vocabulary). */
  withAllowedValues?: boolean;
  /**
   * Parts an adapter will not send (a summary view, a GraphQL selection without them): left empty and not computed.
   * Everything else in the answer is unchanged. Default: every part.
   */
  skip?: AssessmentParts;
}

/** The parts of an assessment that cost work to build and that a caller may not need. */
export interface AssessmentParts {
  /** obligations[].because */
  because?: boolean;
  /** obligations[].checks and obligations[].evidence */
  checks?: boolean;
  /** questions */
  questions?: boolean;
  /** timeline (the duties' dates grouped; every duty carries its own date) */
  timeline?: boolean;
}

/** The rules' outcome for one profile on one date (Assessor.outcome). */
export interface Outcome {
  asOf: string;
  version: Knowledge['lawVersions'][number];
  /** asOf falls before the Regulation entered into force (answered under the first version). */
  beforeAct: boolean;
  facts: Facts;
  derived: Evaluation['derived'];
  fired: Evaluation['fired'];
}

/** One shared, frozen empty list for skipped parts (its JSON is `[]`). */
const NONE: never[] = frozenJson(Object.freeze([]) as never[]);
const NO_CHECKS_FOR = Object.freeze({ checks: NONE, evidence: NONE });

interface PreparedObligation {
  ob: Obligation;
  basis: LegalBasisRef[];
  /** `${id}\u0000${role}`, built once. */
  key: string;
}

/**
 * The assessment engine: a pure, deterministic function of (profile, asOf) over one knowledge version.
 * Everything legal comes from the knowledge graph and the rules; this code only combines them.
 */
export class Assessor {
  readonly rules: RuleSet;
  /** condition → role → the duties that condition makes apply to a bearer in that role (ids in order). */
  private readonly byCondition = new Map<string, Map<string, PreparedObligation[]>>();
  private readonly roleConditions: { role: string; condition: string }[] = [];
  private readonly classConditions: { cls: string; condition: string }[] = [];
  /** Per rule: its provision IRIs, resolved once. */
  private readonly ruleProvisions = new Map<string, string[]>();
  /** Per profile field: the ids it accepts, resolved once. */
  private readonly fieldAllowed = new Map<string, string[]>();
  /** Questions answered for the same unknowns and law version, memoised (bounded). */
  private readonly questionCache = new Map<string, Question[]>();

  constructor(
    readonly k: Knowledge,
    private readonly checks: ChecksIndex = NO_CHECKS,
  ) {
    this.rules = new RuleSet(k.rules, k.collections);
    this.textFields = new Set(k.fields.filter((f) => f.valueType === 'String').map((f) => f.path));
    for (const ob of [...k.obligations.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const basis = frozenJson(ob.legalBasis.map((iri) => frozenJson(legalBasisOf(k, iri))));
      for (const c of ob.appliesWhen) {
        let byRole = this.byCondition.get(c);
        if (!byRole) this.byCondition.set(c, (byRole = new Map()));
        for (const role of ob.bearers) byRole.set(role, [...(byRole.get(role) ?? []), { ob, basis, key: `${ob.id}\u0000${role}` }]);
      }
    }
    for (const r of k.rules) this.ruleProvisions.set(r.id, frozenJson(r.provisions.map(provisionRef)));
    for (const f of k.fields) this.fieldAllowed.set(f.path, allowedValues(k, f));
    for (const c of k.conceptById.values()) {
      if (c.scheme === 'role' && c.heldWhen) this.roleConditions.push({ role: c.id, condition: c.heldWhen.split('/').pop()! });
      if (c.scheme === 'risk-class' && c.heldWhen) this.classConditions.push({ cls: c.id, condition: c.heldWhen.split('/').pop()! });
    }
  }

  lawVersionAt(asOf: string): { version: Knowledge['lawVersions'][number]; beforeAct: boolean } {
    const versions = this.k.lawVersions;
    if (versions.length === 0) throw new RegkgError('KNOWLEDGE_INVALID', { where: 'ontology/law-versions.ttl', detail: 'no law version' });
    let chosen = versions[0]!;
    for (const v of versions) if (v.inForceFrom <= asOf) chosen = v;
    return { version: chosen, beforeAct: asOf < versions[0]!.inForceFrom };
  }

  /** Evaluates the rules for a validated profile. */
  evaluate(profile: Record<string, unknown>, asOf: string): { facts: Facts; evaluation: Evaluation; lawVersion: string } {
    const facts = toFacts(this.k, profile);
    const lv = this.lawVersionAt(asOf).version.id;
    return { facts, evaluation: this.rules.evaluate(facts, lv), lawVersion: lv };
  }

  /**
   * The rules' outcome for a validated profile on a date: its facts, the conditions derived (each with the rule, facts
   * and dates behind it) and the rules that fired. Everything an assessment says follows from it (see assess()).
   */
  outcome(profile: Record<string, unknown>, asOf: string): Outcome {
    const { version, beforeAct } = this.lawVersionAt(asOf);
    const facts = toFacts(this.k, profile);
    const { derived, fired } = this.rules.evaluate(facts, version.id);
    return { asOf, version, beforeAct, facts, derived, fired };
  }

  /** `outcome`: this.outcome(profile, opts.asOf), when the caller already has it (it must be for the same asOf). */
  assess(profile: Record<string, unknown>, opts: AssessOptions, outcome?: Outcome): Assessment {
    const lang = opts.lang ?? 'en';
    const asOf = opts.asOf;
    const o = outcome ?? this.outcome(profile, asOf);
    if (o.asOf !== asOf) throw new Error(`assess: outcome for ${o.asOf}, asked for ${asOf}`);
    const { version, beforeAct, facts, derived, fired } = o;
    const lv = version.id;

    const explain = new Explanations(derived, lang, this.ruleProvisions);
    const checksCtx = { facts, derived, techniques: new Map<string, CheckRef | null>() };
    const skip = opts.skip ?? {};
    // A duty borne in two roles has the same checks and evidence in both.
    const checksOf = new Map<string, { checks: AssessedObligation['checks']; evidence: AssessedObligation['evidence'] }>();

    const inScope = derived.has('in-scope');
    const byKey = new Map<string, AssessedObligation>();
    if (inScope) {
      const heldRoles = this.roleConditions.filter((r) => derived.has(r.condition));
      for (const [cond, byRole] of this.byCondition) {
        const cd = derived.get(cond);
        if (!cd) continue;
        for (const { role, condition } of heldRoles) {
          const list = byRole.get(role);
          if (!list) continue;
          const rd = derived.get(condition)!;
          const condFrom = cd.from > rd.from ? cd.from : rd.from;
          for (const { ob, basis, key } of list) {
            const base = ob.dates[lv];
            if (base === undefined) continue;
            // The earliest-applying condition wins when several make the same duty apply.
            const from = condFrom > base ? condFrom : base;
            const existing = byKey.get(key);
            if (existing && from >= existing.appliesFrom) continue;
            const because = skip.because ? NONE : explain.forPair(condition, cond);
            let ce = skip.checks ? NO_CHECKS_FOR : checksOf.get(ob.id);
            if (!ce) checksOf.set(ob.id, (ce = this.checks.forObligation(ob.id, checksCtx, lang)));
            const { checks, evidence } = ce;
            byKey.set(key, {
              id: ob.id,
              iri: ob.iri,
              label: ob.label[lang] || ob.label.en,
              summary: ob.summary[lang] || ob.summary.en,
              role,
              deontic: ob.deontic,
              legalBasis: basis,
              appliesFrom: from,
              inForce: from <= asOf,
              because,
              checks,
              evidence,
            });
          }
        }
      }
    }
    const obligations = [...byKey.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.role < b.role ? -1 : a.role > b.role ? 1 : 0));

    const riskClasses = inScope ? this.classConditions.filter((c) => derived.has(c.condition)).map((c) => c.cls).sort() : [];
    const outOfScopeReasons: Assessment['outOfScopeReasons'] = [];
    const notApplicable: NotApplicable[] = [];
    const warnings: Warning[] = [];
    for (const f of fired) {
      if (!speaks(f.rule)) continue;
      const t = f.rule.text;
      // A fresh copy: these lists are part of the answer (callers may change it); the rule's own list stays shared.
      const provisions = [...this.ruleProvisions.get(f.rule.id)!];
      if (t.outOfScope) outOfScopeReasons.push({ rule: f.rule.id, reason: t.outOfScope[lang], provisions });
      if (f.rule.notApplicable && t.reason && inScope) notApplicable.push({ regime: f.rule.notApplicable.regime, reason: t.reason[lang], provisions, rule: f.rule.id });
      if (t.warning) warnings.push({ rule: f.rule.id, message: t.warning[lang], provisions });
    }
    if (beforeAct) warnings.push({ message: `The Regulation was not yet in force on ${asOf}; answered under the text as published.`, provisions: [] });

    return {
      inScope,
      outOfScopeReasons: outOfScopeReasons.sort((a, b) => cmp(a.rule, b.rule)),
      riskClasses,
      obligations,
      notApplicable: notApplicable.sort((a, b) => cmp(a.regime + a.rule, b.regime + b.rule)),
      questions: skip.questions ? [] : this.questions(facts, lv, lang, opts.withAllowedValues ?? false),
      timeline: skip.timeline ? NONE : timelineOf(obligations, asOf),
      lawVersion: { iri: version.iri, id: version.id, label: version.label[lang] || version.label.en, inForceFrom: version.inForceFrom },
      asOf,
      knowledgeVersion: this.k.version,
      warnings,
    };
  }

  /** Fields not yet answered that could still change the outcome, from the rules left undecided. */
  questions(facts: Facts, lawVersion: string, lang: Lang = 'en', withAllowed = true): Question[] {
    // The questions depend only on the facts (not on names or descriptions): profiles that state the same facts
    // share them. The signature costs a few µs; the three-valued evaluation it saves costs more.
    // Facts come in the fields' order (toFacts), so walking them gives the same signature for the same facts.
    let sig = `${lawVersion}|${lang}|${withAllowed ? 1 : 0}`;
    for (const [path, v] of facts) {
      if (this.textFields.has(path)) continue;
      sig += `|${path}=`;
      if (typeof v === 'object') for (const x of v) sig += `${x},`;
      else sig += String(v);
    }
    const known = this.factsQuestionCache.get(sig);
    if (known) return known;
    const out = this.computeQuestions(facts, lawVersion, lang, withAllowed);
    if (this.factsQuestionCache.size > 20_000) this.factsQuestionCache.clear();
    this.factsQuestionCache.set(sig, out);
    return out;
  }

  private readonly factsQuestionCache = new Map<string, Question[]>();
  /** Free-text fields (names, descriptions): never read by a rule, so left out of the questions' signature. */
  private readonly textFields: ReadonlySet<string>;

  private computeQuestions(facts: Facts, lawVersion: string, lang: Lang, withAllowed: boolean): Question[] {
    const { values, undecided } = this.rules.evaluate3(facts, lawVersion);
    // The answer depends only on which rules are undecided (and could still add something) and which fields are
    // known: that pair is the memo key, written as a compact bit string.
    const ruleBits = new Uint16Array(Math.ceil(this.rules.compiled.length / 16));
    const relevant: CompiledRule[] = [];
    for (const cr of undecided) {
      if (cr.rule.derive.length > 0 && cr.rule.derive.every((c) => values.get(c) === T)) continue;
      // A rule that only warns cannot change the outcome: it never prompts a question.
      if (cr.rule.derive.length === 0 && !cr.rule.notApplicable && !cr.rule.outOfScope) continue;
      ruleBits[cr.index >> 4]! |= 1 << (cr.index & 15);
      relevant.push(cr);
    }
    const fieldBits = new Uint16Array(Math.ceil(this.k.fields.length / 16));
    this.k.fields.forEach((f, i) => {
      if (facts.has(f.path)) fieldBits[i >> 4]! |= 1 << (i & 15);
    });
    const key = `${lawVersion}${lang}${withAllowed ? 'a' : 'n'}${String.fromCharCode(...ruleBits)}${String.fromCharCode(...fieldBits)}`;
    const hit = this.questionCache.get(key);
    if (hit) return hit;
    const byField = new Map<string, { provisions: Set<string>; rules: Set<string> }>();
    for (const cr of relevant) {
      for (const path of cr.fields) {
        if (facts.has(path)) continue;
        const dot = path.indexOf('.');
        // An absent object is asked about as a whole before its parts.
        const ask = dot > 0 && !facts.has(path.slice(0, dot)) ? path.slice(0, dot) : path;
        let entry = byField.get(ask);
        if (!entry) byField.set(ask, (entry = { provisions: new Set<string>(), rules: new Set<string>() }));
        entry.rules.add(cr.rule.id);
        for (const pr of this.ruleProvisions.get(cr.rule.id)!) entry.provisions.add(pr);
      }
    }
    const out: Question[] = [];
    for (const f of this.k.fields) {
      const e = byField.get(f.path);
      if (!e) continue;
      const allowed = this.fieldAllowed.get(f.path)!;
      out.push({
        field: f.path,
        question: f.question[lang] || f.question.en,
        valueType: f.valueType,
        ...(withAllowed && allowed.length ? { allowed } : {}),
        provisions: [...e.provisions].sort(),
        rules: [...e.rules].sort(),
      });
    }
    if (this.questionCache.size > 5000) this.questionCache.clear();
    this.questionCache.set(key, frozenJson(out));
    return out;
  }
}

/**
 * The explanation chains of one assessment. Shared: one entry per rule firing, one chain per condition, one merge
 * per (role condition, duty condition) pair. (Methods rather than closures made per call.)
 */
class Explanations {
  private readonly entries = new Map<string, Because>();
  private readonly chains = new Map<string, Because[]>();
  private readonly pairs = new Map<string, Because[]>();

  constructor(
    private readonly derived: ReadonlyMap<string, Derivation>,
    private readonly lang: Lang,
    private readonly ruleProvisions: ReadonlyMap<string, string[]>,
  ) {}

  forPair(roleCond: string, cond: string): Because[] {
    const key = `${roleCond} ${cond}`;
    let m = this.pairs.get(key);
    if (!m) this.pairs.set(key, (m = mergeBecause(this.chain(roleCond), this.chain(cond))));
    return m;
  }

  private chain(cond: string): Because[] {
    let out = this.chains.get(cond);
    if (!out) {
      out = [];
      this.visit(cond, new Set<string>(), out);
      this.chains.set(cond, out);
    }
    return out;
  }

  /** Depth-first: the steps a condition builds on come before it. */
  private visit(c: string, seen: Set<string>, out: Because[]): void {
    const d = this.derived.get(c);
    if (!d || seen.has(d.rule.id)) return;
    seen.add(d.rule.id);
    for (const dep of d.deps) this.visit(dep, seen, out);
    out.push(this.entry(d));
  }

  private entry(d: Derivation): Because {
    let e = this.entries.get(d.rule.id);
    if (!e) {
      e = { rule: d.rule.id, label: d.rule.text.label[this.lang], provisions: this.ruleProvisions.get(d.rule.id)!, facts: d.facts, ...(d.from ? { from: d.from } : {}) };
      this.entries.set(d.rule.id, e);
    }
    return e;
  }
}

/** Whether a rule that fires says something in the answer: why the system is out of scope, which regime does not apply, or a warning. */
export function speaks(rule: LoadedRule): boolean {
  const t = rule.text;
  return Boolean(t.outOfScope || t.warning || (rule.notApplicable && t.reason));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mergeBecause(a: Because[], b: Because[]): Because[] {
  if (a.length === 0) return b;
  const ids = new Set(a.map((x) => x.rule));
  return [...a, ...b.filter((x) => !ids.has(x.rule))];
}

function timelineOf(obligations: AssessedObligation[], asOf: string): TimelineEntry[] {
  const byDate = new Map<string, Set<string>>();
  for (const o of obligations) {
    const s = byDate.get(o.appliesFrom) ?? new Set<string>();
    s.add(o.id);
    byDate.set(o.appliesFrom, s);
  }
  return [...byDate.entries()]
    .sort((x, y) => cmp(x[0], y[0]))
    .map(([date, ids]) => ({ date, obligations: [...ids].sort(), inForce: date <= asOf }));
}
