import type { Knowledge, Obligation } from '../graph/knowledge.js';
import type { Lang, LangText } from '../graph/graph-view.js';
import { NS } from '../graph/namespaces.js';
import type { LoadedRule } from '../rules/load-rules.js';
import { derivedRefs } from '../rules/condition-fields.js';
import { legalBasisOf } from './legal-basis.js';
import type { LegalBasisRef } from './assessment-types.js';

export interface ObligationView {
  id: string;
  iri: string;
  label: string;
  summary: string;
  labels: LangText;
  summaries: LangText;
  bearers: string[];
  deontic: string;
  legalBasis: LegalBasisRef[];
  appliesWhen: { id: string; label: string }[];
  riskClasses: string[];
  /** Per law version: the date of the provision and the dates by route (condition) after the rules' dates. */
  dates: { lawVersion: string; date: string; earliest: string; byCondition: { condition: string; date: string }[] }[];
  relatedAnnexes: string[];
  related: string[];
  authoritative: false;
  status: string;
  modified: string;
}

export interface ObligationFilter {
  role?: string;
  riskClass?: string;
  article?: string;
  deontic?: string;
  asOf?: string;
  q?: string;
  lang?: Lang;
  offset?: number;
  limit?: number;
}

const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Read-only views of the knowledge graph for the lookup APIs (pure; built once per knowledge version). */
export class Catalogue {
  private readonly classesOf = new Map<string, string[]>();
  private readonly earliest = new Map<string, Map<string, string>>();
  private readonly searchText = new Map<string, string>();
  private readonly sorted: Obligation[];

  constructor(readonly k: Knowledge) {
    const byConclusion = new Map<string, LoadedRule[]>();
    for (const r of k.rules) for (const c of r.derive) byConclusion.set(c, [...(byConclusion.get(c) ?? []), r]);
    const classConds = new Map<string, string>();
    for (const c of k.conceptById.values()) if (c.scheme === 'risk-class' && c.heldWhen) classConds.set(c.heldWhen.split('/').pop()!, c.id);

    // A condition belongs to the risk classes that the rules deriving it (or what it rests on) conclude.
    const classesOf = (cond: string, seen = new Set<string>()): Set<string> => {
      const out = new Set<string>();
      if (seen.has(cond)) return out;
      seen.add(cond);
      for (const r of byConclusion.get(cond) ?? []) {
        for (const d of r.derive) if (classConds.has(d)) out.add(classConds.get(d)!);
        for (const dep of derivedRefs(r.when)) for (const x of classesOf(dep, seen)) out.add(x);
      }
      return out;
    };
    for (const cond of k.conditions.keys()) this.classesOf.set(cond, [...classesOf(cond)].sort());

    // Earliest date from which each condition can hold under each law version (static reading of the rules).
    for (const lv of k.lawVersions) {
      const memo = new Map<string, string | null>();
      const earliestOf = (cond: string, stack = new Set<string>()): string | null => {
        if (memo.has(cond)) return memo.get(cond)!;
        if (stack.has(cond)) return null;
        stack.add(cond);
        let best: string | null = null;
        for (const r of byConclusion.get(cond) ?? []) {
          if (r.effective && r.effective[lv.id] === undefined) continue;
          let d = r.effective?.[lv.id] ?? '';
          let possible = true;
          for (const dep of positiveRefs(r)) {
            const dd = earliestOf(dep, stack);
            if (dd === null) { possible = false; break; }
            if (dd > d) d = dd;
          }
          if (possible && (best === null || d < best)) best = d;
        }
        stack.delete(cond);
        memo.set(cond, best);
        return best;
      };
      const m = new Map<string, string>();
      for (const cond of k.conditions.keys()) {
        const e = earliestOf(cond);
        if (e !== null) m.set(cond, e);
      }
      this.earliest.set(lv.id, m);
    }

    this.sorted = [...k.obligations.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const ob of this.sorted) {
      this.searchText.set(ob.id, fold([ob.id, ...Object.values(ob.label), ...Object.values(ob.summary)].join(' \u0001 ')));
    }
  }

  riskClassesOf(ob: Obligation): string[] {
    const out = new Set<string>();
    for (const c of ob.appliesWhen) for (const x of this.classesOf.get(c) ?? []) out.add(x);
    return [...out].sort();
  }

  private readonly viewCache = new Map<string, ObligationView>();

  /** The obligation as the lookup APIs show it (static per knowledge version and language: computed once). */
  view(ob: Obligation, lang: Lang = 'en'): ObligationView {
    const key = `${ob.id}|${lang}`;
    let v = this.viewCache.get(key);
    if (!v) this.viewCache.set(key, (v = this.buildView(ob, lang)));
    return v;
  }

  private buildView(ob: Obligation, lang: Lang): ObligationView {
    const dates = this.k.lawVersions
      .filter((lv) => ob.dates[lv.id] !== undefined)
      .map((lv) => {
        const base = ob.dates[lv.id]!;
        const byCondition = ob.appliesWhen
          .filter((c) => this.earliest.get(lv.id)?.has(c))
          .map((c) => {
            const e = this.earliest.get(lv.id)!.get(c)!;
            return { condition: c, date: e > base ? e : base };
          });
        const earliest = byCondition.reduce((m, x) => (x.date < m ? x.date : m), byCondition[0]?.date ?? base);
        return { lawVersion: lv.id, date: base, earliest, byCondition };
      });
    return {
      id: ob.id,
      iri: ob.iri,
      label: ob.label[lang] || ob.label.en,
      summary: ob.summary[lang] || ob.summary.en,
      labels: ob.label,
      summaries: ob.summary,
      bearers: ob.bearers,
      deontic: ob.deontic,
      legalBasis: ob.legalBasis.map((iri) => legalBasisOf(this.k, iri)),
      appliesWhen: ob.appliesWhen.map((id) => ({ id, label: this.k.conditions.get(id)?.label[lang] || this.k.conditions.get(id)?.label.en || id })),
      riskClasses: this.riskClassesOf(ob),
      dates,
      relatedAnnexes: ob.relatedAnnexes,
      related: ob.related,
      authoritative: false,
      status: ob.status,
      modified: ob.modified,
    };
  }

  get(id: string, lang: Lang = 'en'): ObligationView | undefined {
    const ob = this.k.obligations.get(id);
    return ob ? this.view(ob, lang) : undefined;
  }

  /** Law version in force on a date. */
  versionAt(asOf: string): string {
    let id = this.k.lawVersions[0]?.id ?? '';
    for (const v of this.k.lawVersions) if (v.inForceFrom <= asOf) id = v.id;
    return id;
  }

  list(f: ObligationFilter): { items: ObligationView[]; total: number; offset: number; limit: number } {
    const lang = f.lang ?? 'en';
    const terms = f.q ? fold(f.q).split(/\s+/).filter(Boolean) : [];
    const lv = f.asOf ? this.versionAt(f.asOf) : undefined;
    const matches = this.sorted.filter((ob) => {
      if (f.role && !ob.bearers.includes(f.role)) return false;
      if (f.deontic && ob.deontic !== f.deontic) return false;
      if (f.article && !this.view(ob).legalBasis.some((b) => b.article === f.article)) return false;
      if (f.riskClass) {
        const cls = this.riskClassesOf(ob);
        if (cls.length > 0 && !cls.includes(f.riskClass)) return false;
      }
      if (lv && f.asOf) {
        const v = this.view(ob).dates.find((d) => d.lawVersion === lv);
        if (!v || v.earliest > f.asOf) return false;
      }
      if (terms.length) {
        const text = this.searchText.get(ob.id)!;
        if (!terms.every((t) => text.includes(t))) return false;
      }
      return true;
    });
    const offset = f.offset ?? 0;
    const limit = f.limit ?? 50;
    return { items: matches.slice(offset, offset + limit).map((ob) => this.view(ob, lang)), total: matches.length, offset, limit };
  }

  /** Provision by reference (`art_26`, `art_26/par_7`, `26`, `26(7)`, `26(7)(a)`, `annex-iii`), with its obligations. */
  resolveProvisionRef(ref: string): string | undefined {
    const r = ref.trim();
    const candidates: string[] = [];
    if (/^(art|anx)_/.test(r)) candidates.push(`${NS.aia}${r}`);
    const m = /^(?:art(?:icle)?\s*)?(\d+[a-z]?)(?:\((\d+[a-z]?)\))?(?:\(([a-z]{1,2})\))?$/i.exec(r);
    if (m) {
      const [, a, p, pt] = m;
      let path = `art_${a}`;
      if (p) path += `/par_${p}`;
      if (pt) path += `/pnt_${pt.toLowerCase()}`;
      candidates.push(`${NS.aia}${path}`);
      if (!p && pt) candidates.push(`${NS.aia}art_${a}/pnt_${pt.toLowerCase()}`);
    }
    const ax = /^(?:annex|anx)[-_\s]*([ivx]+)$/i.exec(r);
    if (ax) candidates.push(`${NS.aia}anx_${ax[1]!.toUpperCase()}`);
    return candidates.find((c) => this.k.provisions.has(c));
  }

  obligationsResting(provisionIri: string): Obligation[] {
    return this.sorted.filter((ob) => ob.legalBasis.some((b) => b === provisionIri || b.startsWith(`${provisionIri}/`)));
  }
}

function positiveRefs(r: LoadedRule): string[] {
  const out: string[] = [];
  const walk = (c: LoadedRule['when']): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) {
      // any: at least one branch; take none as mandatory (approximation keeps the earliest date possible)
    } else if ('derived' in c) out.push(c.derived);
  };
  walk(r.when);
  return out;
}
