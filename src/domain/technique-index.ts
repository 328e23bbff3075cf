import type { Knowledge } from '../graph/knowledge.js';
import type { Lang, LangText } from '../graph/graph-view.js';
import { regkg, p } from '../graph/graph-view.js';
import { NS } from '../graph/namespaces.js';
import type { FactValue } from '../rules/evaluator.js';
import type { CheckRef, EvidenceRef } from './assessment-types.js';
import type { ChecksContext, ChecksIndex } from './checks.js';
import { frozenJson } from './shared-json.js';

export interface TechniqueParameter {
  name: string;
  valueType: string;
  comment: string;
  derivedFrom?: string;
  defaultValue?: string;
}

export interface Technique {
  iri: string;
  id: string;
  label: LangText;
  summary: LangText;
  properties: string[];
  modalities: string[];
  systemKinds: string[];
  automation: string;
  parameters: TechniqueParameter[];
  provisions: string[];
  produces: string[];
  /** Conditions of which one must hold for the technique to be relevant (none: always relevant). */
  applicableWhen: string[];
}

export interface EvidenceType {
  iri: string;
  id: string;
  label: LangText;
  summary: LangText;
  kind: string;
  producedBy: string[];
  provisions: string[];
}

const tail = (iri: string): string => iri.slice(Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1);

/** The technique and evidence catalogue and the obligation→technique→evidence mappings, indexed once. */
export class TechniqueIndex implements ChecksIndex {
  readonly techniques = new Map<string, Technique>();
  readonly evidence = new Map<string, EvidenceType>();
  /** System kind -> conditions that indicate it (a kind without indicators is always considered). */
  private readonly kindIndicators = new Map<string, string[]>();
  /** `field=conceptId` -> parameter name -> suggested values. */
  private readonly suggestions = new Map<string, Map<string, string[]>>();
  private readonly obTech = new Map<string, string[]>();

  private readonly obEv = new Map<string, string[]>();

  constructor(readonly k: Knowledge) {
    const v = k.view;
    for (const iri of v.subjectsOfType(regkg('Technique'))) {
      const id = v.value(iri, p.notation) ?? tail(iri);
      this.techniques.set(id, {
        iri,
        id,
        label: v.text(iri, p.label),
        summary: v.text(iri, p.description),
        properties: v.iris(iri, regkg('tests')).map(tail),
        modalities: v.iris(iri, regkg('modality')).map(tail),
        systemKinds: v.iris(iri, regkg('systemKind')).map(tail),
        automation: tail(v.value(iri, regkg('automation')) ?? 'Procedural'),
        parameters: v
          .objects(iri, regkg('parameter'))
          .map((node) => ({
            name: v.value(node, regkg('name')) ?? '',
            valueType: v.value(node, regkg('valueType')) ?? 'string',
            comment: v.text(node, `${NS.rdfs}comment`).en,
            derivedFrom: v.value(node, regkg('derivedFrom')),
            defaultValue: v.value(node, regkg('defaultValue')),
          }))
          .sort((a, b) => (a.name < b.name ? -1 : 1)),
        provisions: v.iris(iri, regkg('provision')),
        produces: v.iris(iri, regkg('produces')).map(tail),
        applicableWhen: v.iris(iri, regkg('applicableWhen')).map(tail),
      });
    }
    for (const iri of v.subjectsOfType(regkg('EvidenceType'))) {
      const id = v.value(iri, p.notation) ?? tail(iri);
      this.evidence.set(id, {
        iri,
        id,
        label: v.text(iri, p.label),
        summary: v.text(iri, p.description),
        kind: tail(v.value(iri, regkg('evidenceKind')) ?? 'Document'),
        producedBy: v.iris(iri, regkg('producedBy')).map(tail),
        provisions: v.iris(iri, regkg('provision')),
      });
    }
    for (const c of k.conceptById.values()) {
      if (c.scheme === 'system-kind') this.kindIndicators.set(c.id, v.iris(c.iri, regkg('indicatedBy')).map(tail));
      const field = k.schemes.get(c.scheme)?.profileField;
      for (const node of v.objects(c.iri, regkg('suggestsParameter'))) {
        if (!field) continue;
        const name = v.value(node, regkg('name'));
        if (!name) continue;
        const key = `${field}=${c.id}`;
        const m = this.suggestions.get(key) ?? new Map<string, string[]>();
        m.set(name, v.objects(node, regkg('value')).map((t) => t.value).sort());
        this.suggestions.set(key, m);
      }
    }
    const add = (m: Map<string, string[]>, key: string, val: string): void => {
      const list = m.get(key) ?? [];
      if (!list.includes(val)) list.push(val);
      m.set(key, list);
    };
    for (const set of k.mappingSets) {
      for (const row of set.rows) {
        if (!row.subject.startsWith(NS.obl)) continue;
        const ob = row.subject.slice(NS.obl.length);
        if (row.predicate === `${NS.regkg}demonstratedBy` && row.object.startsWith(NS.tech)) add(this.obTech, ob, row.object.slice(NS.tech.length));
        if (row.predicate === `${NS.regkg}requiresEvidence` && row.object.startsWith(NS.ev)) add(this.obEv, ob, row.object.slice(NS.ev.length));
      }
    }
    for (const m of [this.obTech, this.obEv]) for (const list of m.values()) list.sort();
  }

  /** The duties a technique helps demonstrate (obligation ids, sorted). */
  obligationsDemonstratedBy(techniqueId: string): string[] {
    return this.inverse(this.obTech, techniqueId);
  }

  /** The duties that require an evidence type (obligation ids, sorted). */
  obligationsRequiring(evidenceId: string): string[] {
    return this.inverse(this.obEv, evidenceId);
  }

  /** The techniques whose runs produce an evidence type (technique ids, sorted). */
  techniquesProducing(evidenceId: string): string[] {
    return [...this.techniques.values()].filter((t) => t.produces.includes(evidenceId)).map((t) => t.id).sort();
  }

  private inverse(m: Map<string, string[]>, id: string): string[] {
    const out: string[] = [];
    for (const [ob, ids] of m) if (ids.includes(id)) out.push(ob);
    return out.sort();
  }

  techniquesFor(obligationId: string): string[] {
    return this.obTech.get(obligationId) ?? [];
  }

  evidenceFor(obligationId: string): string[] {
    return this.obEv.get(obligationId) ?? [];
  }

  /** Parameter values for a run: from the profile field a parameter is derived from, or its default. */
  parametersOf(t: Technique, facts: ReadonlyMap<string, FactValue>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const prm of t.parameters) {
      const v = prm.derivedFrom ? facts.get(prm.derivedFrom) : undefined;
      const suggested = typeof v === 'object' ? [...v].flatMap((id) => this.suggestions.get(`${prm.derivedFrom}=${id}`)?.get(prm.name) ?? []) : [];
      if (suggested.length) out[prm.name] = [...new Set(suggested)].sort();
      else if (v !== undefined) out[prm.name] = typeof v === 'object' ? [...v].sort() : v;
      else if (prm.defaultValue !== undefined) out[prm.name] = parseDefault(prm.defaultValue);
      else out[prm.name] = null;
    }
    return out;
  }

  /** Whether a technique fits the system: one of its kinds is unconstrained or indicated by a derived condition. */
  relevant(t: Technique, ctx: ChecksContext): boolean {
    if (t.applicableWhen.length && !t.applicableWhen.some((c) => ctx.derived.has(c))) return false;
    if (t.systemKinds.length === 0) return true;
    return t.systemKinds.some((kind) => {
      const ind = this.kindIndicators.get(kind) ?? [];
      return ind.length === 0 || ind.some((c) => ctx.derived.has(c));
    });
  }

  forObligation(obligationId: string, ctx: ChecksContext, lang: Lang): { checks: CheckRef[]; evidence: EvidenceRef[] } {
    const techniqueIds = this.techniquesFor(obligationId);
    const checks: CheckRef[] = [];
    for (const id of techniqueIds) {
      // Many duties share a technique: within one assessment its relevance and check are worked out once.
      let c = ctx.techniques?.get(id);
      if (c === undefined) {
        const t = this.techniques.get(id);
        c = t && this.relevant(t, ctx) ? this.checkOf(t, ctx, lang) : null;
        ctx.techniques?.set(id, c);
      }
      if (c) checks.push(c);
    }
    return { checks, evidence: this.evidenceList(obligationId, lang) };
  }

  private readonly checkMemo = new Map<string, CheckRef>();
  private readonly evidenceMemo = { en: new Map<string, EvidenceRef[]>(), fr: new Map<string, EvidenceRef[]>(), de: new Map<string, EvidenceRef[]>() };
  private readonly staticChecks = { en: new Map<string, CheckRef>(), fr: new Map<string, CheckRef>(), de: new Map<string, CheckRef>() };

  /** One check with its parameters; memoised per technique, language and the profile values its parameters read. */
  private checkOf(t: Technique, ctx: ChecksContext, lang: Lang): CheckRef {
    const derived = t.parameters.some((prm) => prm.derivedFrom);
    if (!derived) {
      let c = this.staticChecks[lang].get(t.id);
      if (!c) this.staticChecks[lang].set(t.id, (c = frozenJson({ technique: t.id, label: t.label[lang] || t.label.en, automation: t.automation, parameters: this.parametersOf(t, ctx.facts), produces: t.produces })));
      return c;
    }
    let key = `${t.id}|${lang}`;
    for (const prm of t.parameters) {
      if (!prm.derivedFrom) continue;
      const v = ctx.facts.get(prm.derivedFrom);
      key += `|${v === undefined ? '' : typeof v === 'object' ? [...v].join(',') : String(v)}`;
    }
    let c = this.checkMemo.get(key);
    if (!c) {
      c = frozenJson({ technique: t.id, label: t.label[lang] || t.label.en, automation: t.automation, parameters: this.parametersOf(t, ctx.facts), produces: t.produces });
      if (this.checkMemo.size > 50_000) this.checkMemo.clear();
      this.checkMemo.set(key, c);
    }
    return c;
  }

  private evidenceList(obligationId: string, lang: Lang): EvidenceRef[] {
    const memo = this.evidenceMemo[lang];
    let list = memo.get(obligationId);
    if (!list) {
      list = [];
      for (const id of this.evidenceFor(obligationId)) {
        const e = this.evidence.get(id);
        if (e) list.push(frozenJson({ evidence: id, label: e.label[lang] || e.label.en, producedBy: e.producedBy, provisions: e.provisions }));
      }
      memo.set(obligationId, frozenJson(list));
    }
    return list;
  }
}

function parseDefault(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
