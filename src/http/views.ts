import type { Core } from '../core.js';
import type { Lang, LangText } from '../graph/graph-view.js';
import { legalBasisOf } from '../domain/legal-basis.js';

const pick = (t: { en: string; fr: string; de: string }, lang: Lang): string => t[lang] || t.en;

/** The fields every catalogue entry has: id, IRI, label and summary in one language, labels in all. */
function described(x: { id: string; iri: string; label: LangText; summary: LangText }, lang: Lang) {
  return { id: x.id, iri: x.iri, label: pick(x.label, lang), summary: pick(x.summary, lang), labels: x.label };
}

/** Read views shared by REST and GraphQL: plain objects built from the core. */
export const views = {
  provision(core: Core, iri: string, lang: Lang) {
    const p = core.k.provisions.get(iri)!;
    const children = [...core.k.provisions.values()].filter((c) => c.parent === iri).map((c) => c.iri).sort();
    return {
      ...legalBasisOf(core.k, iri),
      ref: p.ref,
      kind: p.kind,
      number: p.number,
      title: pick(p.shortTitle, lang),
      parent: p.parent,
      children,
      coverage: p.coverage?.split('#').pop(),
      coverageNote: p.coverageNote,
      insertedBy: p.insertedBy,
      replacedBy: p.replacedBy,
      obligations: core.catalogue.obligationsResting(iri).map((ob) => core.catalogue.view(ob, lang)),
    };
  },

  scheme(core: Core, id: string, lang: Lang) {
    const s = core.k.schemes.get(id);
    if (!s) return { id, label: id, concepts: [] };
    return {
      id,
      iri: s.iri,
      label: pick(s.label, lang),
      profileField: s.profileField,
      question: pick(s.question, lang),
      concepts: s.concepts.map((cid) => {
        const c = core.k.conceptById.get(`${id}/${cid}`)!;
        return { id: cid, iri: c.iri, label: pick(c.label, lang), definition: pick(c.definition, lang), provisions: c.provisions, ...(c.exceptionTo ? { exceptionTo: c.exceptionTo } : {}), ...(c.derivedOnly ? { derivedOnly: true } : {}), ...(c.insertedBy ? { insertedBy: c.insertedBy } : {}) };
      }),
    };
  },

  vocabulary(core: Core, lang: Lang) {
    const fields = core.k.fields.map((f) => ({ path: f.path, valueType: f.valueType, required: f.required, scheme: f.scheme, question: pick(f.question, lang), provisions: f.provisions, ...(f.defaultValue !== undefined ? { default: f.defaultValue } : {}) }));
    const schemes = [...core.k.schemes.keys()].sort().map((id) => views.scheme(core, id, lang));
    const collections = Object.fromEntries([...core.k.collections.entries()].sort());
    const conditions = [...core.k.conditions.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((c) => ({ id: c.id, iri: c.iri, label: pick(c.label, lang), description: pick(c.description, lang), provisions: c.provisions }));
    return { knowledgeVersion: core.k.version, fields, schemes, collections, conditions };
  },

  lawVersions(core: Core, lang: Lang) {
    return core.k.lawVersions.map((v) => ({
      id: v.id,
      iri: v.iri,
      label: pick(v.label, lang),
      inForceFrom: v.inForceFrom,
      verificationStatus: v.verificationStatus,
      milestones: v.milestones.map((m) => ({ date: m.date, label: pick(m.label, lang), provisions: m.provisions })),
    }));
  },

  timeline(core: Core, lang: Lang) {
    const rows: { date: string; lawVersion: string; label: string; provisions: string[] }[] = [];
    for (const v of core.k.lawVersions) for (const m of v.milestones) rows.push({ date: m.date, lawVersion: v.id, label: pick(m.label, lang), provisions: m.provisions });
    rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.lawVersion < b.lawVersion ? -1 : 1));
    return { items: rows };
  },

  /** A technique of the catalogue in one language, with the duties it helps demonstrate. */
  technique(core: Core, id: string, lang: Lang) {
    const t = core.techniques.techniques.get(id);
    if (!t) return undefined;
    return {
      ...described(t, lang),
      properties: t.properties,
      modalities: t.modalities,
      systemKinds: t.systemKinds,
      automation: t.automation,
      parameters: t.parameters,
      provisions: t.provisions.map((iri) => legalBasisOf(core.k, iri)),
      produces: t.produces,
      applicableWhen: t.applicableWhen,
      obligations: core.techniques.obligationsDemonstratedBy(id),
    };
  },

  /** An evidence type of the catalogue in one language, with the duties that require it. */
  evidenceType(core: Core, id: string, lang: Lang) {
    const e = core.techniques.evidence.get(id);
    if (!e) return undefined;
    return {
      ...described(e, lang),
      kind: e.kind,
      producedBy: e.producedBy,
      techniques: core.techniques.techniquesProducing(id),
      provisions: e.provisions.map((iri) => legalBasisOf(core.k, iri)),
      obligations: core.techniques.obligationsRequiring(id),
    };
  },

  checksOf(core: Core, obligationId: string, lang: Lang) {
    const checks = core.techniques.techniquesFor(obligationId).map((id) => {
      const t = core.techniques.techniques.get(id);
      return { technique: id, label: t ? pick(t.label, lang) : id, automation: t?.automation ?? '', produces: t?.produces ?? [] };
    });
    const evidence = core.techniques.evidenceFor(obligationId).map((id) => {
      const e = core.techniques.evidence.get(id);
      return { evidence: id, label: e ? pick(e.label, lang) : id, producedBy: e?.producedBy ?? [] };
    });
    return { checks, evidence };
  },
};
