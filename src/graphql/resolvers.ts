import type { GraphQLResolveInfo } from 'graphql';
import type { Lang, LangText } from '../graph/graph-view.js';
import { legalBasisOf } from '../domain/legal-basis.js';
import { parseWith } from '../domain/validate.js';
import { unselectedParts } from './selection.js';
import type { Assessment, LegalBasisRef } from '../domain/assessment-types.js';
import { explanationSteps } from '../domain/assessment-compact.js';
import type { ObligationView } from '../domain/catalogue.js';
import type { EvidenceType, Technique } from '../domain/technique-index.js';
import { IdParam, RefParam } from '../http/rest-schemas.js';
import { views } from '../http/views.js';
import { langAt, rootLang, type RegkgContext } from './context.js';
import { plainInput } from './input.js';
import { buildPlan, planToOscal } from '../domain/test-plan.js';

/** A map of resolvers by type and field; each resolver declares its own parent and argument types. */
export type ResolverMap = Record<string, Record<string, (...args: never[]) => unknown>>;

type Ctx = RegkgContext;
type Info = GraphQLResolveInfo;
type LangArgs = { lang?: Lang | null };
type IdArgs = { id: string } & LangArgs;
type AssessArgs = { profile: unknown; asOf?: string | null; lang?: Lang | null };
type ProvisionView = ReturnType<typeof views.provision>;
type SchemeView = ReturnType<typeof views.scheme>;
type ConceptView = SchemeView['concepts'][number];
type Described = { label: LangText; summary: LangText };

const byId = <T extends { id: string }>(list: Iterable<T>): T[] => [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const provisionOrNull = (ctx: Ctx, iri: string | undefined, lang: Lang): ProvisionView | null =>
  iri && ctx.core.k.provisions.has(iri) ? views.provision(ctx.core, iri, lang) : null;
const basesOf = (ctx: Ctx, iris: readonly string[]): LegalBasisRef[] => iris.map((iri) => legalBasisOf(ctx.core.k, iri));

/** label and summary in the language of the subtree; `labels` in all of them. */
const described = {
  label: (t: Described, _a: unknown, ctx: Ctx, info: Info) => t.label[langAt(ctx, info)] || t.label.en,
  summary: (t: Described, _a: unknown, ctx: Ctx, info: Info) => t.summary[langAt(ctx, info)] || t.summary.en,
  labels: (t: Described) => t.label,
};

/** Resolvers: each one call into the core or into a read view shared with REST (src/http/views.ts). */
function planOf(args: AssessArgs, ctx: Ctx, info: Info) {
  const lang = rootLang(ctx, info, args.lang);
  const profile = plainInput(args.profile);
  const a = ctx.core.assess(profile, { asOf: args.asOf ?? undefined, lang });
  return buildPlan(a, String((profile as { name?: unknown }).name ?? ''), ctx.core.techniques, lang);
}

export const resolvers: ResolverMap = {
  Query: {
    obligations(_: unknown, args: Record<string, unknown>, ctx: Ctx, info: Info) {
      const q = parseWith(ctx.obligationQuery, plainInput(args));
      return ctx.core.catalogue.list({ ...q, lang: rootLang(ctx, info, q.lang) });
    },
    obligation(_: unknown, args: IdArgs, ctx: Ctx, info: Info) {
      const { id } = parseWith(IdParam, { id: args.id });
      return ctx.core.catalogue.get(id, rootLang(ctx, info, args.lang)) ?? null;
    },
    provision(_: unknown, args: { ref: string } & LangArgs, ctx: Ctx, info: Info) {
      const { ref } = parseWith(RefParam, { ref: args.ref });
      return provisionOrNull(ctx, ctx.core.catalogue.resolveProvisionRef(ref), rootLang(ctx, info, args.lang));
    },
    riskClasses: (_: unknown, args: LangArgs, ctx: Ctx, info: Info) => views.scheme(ctx.core, 'risk-class', rootLang(ctx, info, args.lang)).concepts,
    vocabulary(_: unknown, args: LangArgs, ctx: Ctx, info: Info) {
      const v = views.vocabulary(ctx.core, rootLang(ctx, info, args.lang));
      return { ...v, collections: Object.entries(v.collections).map(([id, members]) => ({ id, members })) };
    },
    conceptSchemes: (_: unknown, args: LangArgs, ctx: Ctx, info: Info) => views.vocabulary(ctx.core, rootLang(ctx, info, args.lang)).schemes,
    lawVersions: (_: unknown, args: LangArgs, ctx: Ctx, info: Info) => views.lawVersions(ctx.core, rootLang(ctx, info, args.lang)),
    timeline: (_: unknown, args: LangArgs, ctx: Ctx, info: Info) => views.timeline(ctx.core, rootLang(ctx, info, args.lang)).items,
    techniques(_: unknown, args: LangArgs, ctx: Ctx, info: Info) {
      rootLang(ctx, info, args.lang);
      return byId(ctx.core.techniques.techniques.values());
    },
    technique(_: unknown, args: IdArgs, ctx: Ctx, info: Info) {
      rootLang(ctx, info, args.lang);
      return ctx.core.techniques.techniques.get(args.id) ?? null;
    },
    evidenceTypes(_: unknown, args: LangArgs, ctx: Ctx, info: Info) {
      rootLang(ctx, info, args.lang);
      return byId(ctx.core.techniques.evidence.values());
    },
    evidenceType(_: unknown, args: IdArgs, ctx: Ctx, info: Info) {
      rootLang(ctx, info, args.lang);
      return ctx.core.techniques.evidence.get(args.id) ?? null;
    },
    assess: (_: unknown, args: AssessArgs, ctx: Ctx, info: Info) =>
      ctx.core.assess(plainInput(args.profile), { asOf: args.asOf ?? undefined, lang: rootLang(ctx, info, args.lang), skip: unselectedParts(info) }),
    questionnaire: (_: unknown, args: AssessArgs, ctx: Ctx, info: Info) =>
      ctx.core.questionnaire(plainInput(args.profile), { asOf: args.asOf ?? undefined, lang: rootLang(ctx, info, args.lang) }).questions,
    plan: (_: unknown, args: AssessArgs, ctx: Ctx, info: Info) => planOf(args, ctx, info),
    oscalPlan: (_: unknown, args: AssessArgs, ctx: Ctx, info: Info) => planToOscal(planOf(args, ctx, info)),
  },
  Assessment: {
    explanations: (a: Assessment) => explanationSteps(a),
  },
  Obligation: {
    related(ob: ObligationView, _a: unknown, ctx: Ctx, info: Info) {
      const lang = langAt(ctx, info);
      return ob.related.flatMap((id) => ctx.core.catalogue.get(id, lang) ?? []);
    },
    checks: (ob: ObligationView, _a: unknown, ctx: Ctx, info: Info) => views.checksOf(ctx.core, ob.id, langAt(ctx, info)).checks,
    evidence: (ob: ObligationView, _a: unknown, ctx: Ctx, info: Info) => views.checksOf(ctx.core, ob.id, langAt(ctx, info)).evidence,
  },
  LegalBasis: {
    provision: (b: LegalBasisRef, _a: unknown, ctx: Ctx, info: Info) => provisionOrNull(ctx, b.iri, langAt(ctx, info)),
  },
  Provision: {
    parent: (p: ProvisionView, _a: unknown, ctx: Ctx, info: Info) => provisionOrNull(ctx, p.parent, langAt(ctx, info)),
    children: (p: ProvisionView, _a: unknown, ctx: Ctx, info: Info) => p.children.map((iri) => views.provision(ctx.core, iri, langAt(ctx, info))),
  },
  RiskClass: {
    provisions: (c: ConceptView, _a: unknown, ctx: Ctx) => basesOf(ctx, c.provisions),
  },
  ConceptScheme: {
    concepts: (s: SchemeView) => s.concepts.map((c) => ({ ...c, scheme: s.id })),
  },
  Concept: {
    provisions: (c: ConceptView, _a: unknown, ctx: Ctx) => basesOf(ctx, c.provisions),
    derivedOnly: (c: ConceptView) => c.derivedOnly ?? false,
  },
  Technique: {
    ...described,
    provisions: (t: Technique, _a: unknown, ctx: Ctx) => basesOf(ctx, t.provisions),
    produces: (t: Technique, _a: unknown, ctx: Ctx) => t.produces.flatMap((id) => ctx.core.techniques.evidence.get(id) ?? []),
    obligations: (t: Technique, _a: unknown, ctx: Ctx, info: Info) => ctx.core.techniques.obligationsDemonstratedBy(t.id).flatMap((id) => ctx.core.catalogue.get(id, langAt(ctx, info)) ?? []),
  },
  EvidenceType: {
    ...described,
    provisions: (e: EvidenceType, _a: unknown, ctx: Ctx) => basesOf(ctx, e.provisions),
    // `producedBy` in the data names roles; the GraphQL field links the techniques that produce the evidence.
    producedBy: (e: EvidenceType, _a: unknown, ctx: Ctx) => ctx.core.techniques.techniquesProducing(e.id).flatMap((id) => ctx.core.techniques.techniques.get(id) ?? []),
    producerRoles: (e: EvidenceType) => e.producedBy,
    obligations: (e: EvidenceType, _a: unknown, ctx: Ctx, info: Info) => ctx.core.techniques.obligationsRequiring(e.id).flatMap((id) => ctx.core.catalogue.get(id, langAt(ctx, info)) ?? []),
  },
};
