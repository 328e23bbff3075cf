import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';
import { CV_SCREENER } from './client.js';

const BASIS = 'iri article paragraph point annex eurLex';
const ASSESSMENT = `inScope outOfScopeReasons { rule reason provisions } riskClasses
  obligations { id iri label summary role deontic legalBasis { ${BASIS} } appliesFrom inForce
    because { rule label provisions facts from } checks { technique label automation parameters produces } evidence { evidence label producedBy provisions } }
  notApplicable { regime reason provisions rule } questions { field question valueType allowed provisions rules }
  timeline { date obligations inForce } lawVersion { iri id label inForceFrom } asOf knowledgeVersion warnings { rule message provisions }`;
const OBLIGATION = `id iri label summary labels { en fr de } summaries { en fr de } bearers deontic legalBasis { ${BASIS} } appliesWhen { id label } riskClasses
  dates { lawVersion date earliest byCondition { condition date } } relatedAnnexes related { id } authoritative status modified`;

/** GraphQL answers null for an absent optional field; REST leaves it out (JSON `parameters` are kept as they are). */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, k === 'parameters' ? x : withoutNulls(x)]));
}

const PROFILES: Record<string, Record<string, unknown>> = {
  'a CV-screening deployer': CV_SCREENER,
  'a provider of a CV screener that is also its deployer': { ...CV_SCREENER, roles: ['provider', 'deployer'] },
  'a chatbot provider': { name: 'Chatbot', roles: ['provider'], transparencyTriggers: ['interacts-with-natural-persons'] },
  'a GPAI model provider': { name: 'Model', roles: ['provider'], gpaiModel: { trainingComputeFlop: 1e26 } },
  'a system out of scope': { name: 'Research', roles: ['provider'], scopeExclusions: ['scientific-research-only'] },
};

describe('GraphQL answers equal REST answers', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
    const body = res.json();
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };

  it.each(Object.entries(PROFILES))('assesses %s exactly as POST /v1/assessments', async (_name, profile) => {
    const rest = await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-11-28&lang=fr&view=full', payload: profile });
    expect(rest.statusCode).toBe(200);
    const data = await graphql(`query($p: ProfileInput!) { assess(profile: $p, asOf: "2026-11-28", lang: fr) { ${ASSESSMENT} } }`, { p: profile });
    expect(withoutNulls(data.assess)).toEqual(rest.json());
  });

  it('builds only what a selection asks for, and asks through fragments too', async () => {
    const rest = (await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-11-28&view=full', payload: CV_SCREENER })).json();
    // Without explanations, checks or questions in the selection, the duties and their dates are still the same.
    const lean = await graphql('query($p: ProfileInput!) { assess(profile: $p, asOf: "2026-11-28") { riskClasses obligations { id role appliesFrom inForce } } }', { p: CV_SCREENER });
    expect(lean.assess).toEqual({
      riskClasses: rest.riskClasses,
      obligations: rest.obligations.map((o: { id: string; role: string; appliesFrom: string; inForce: boolean }) => ({ id: o.id, role: o.role, appliesFrom: o.appliesFrom, inForce: o.inForce })),
    });
    // Parts asked for through a named fragment and an inline fragment are built.
    const viaFragments = await graphql(`query($p: ProfileInput!) { assess(profile: $p, asOf: "2026-11-28") { ...A } }
      fragment A on Assessment { questions { field } ... on Assessment { timeline { date obligations inForce } } obligations { id ... on AssessedObligation { because { rule } evidence { evidence } } } }`, { p: CV_SCREENER });
    expect(viaFragments.assess.questions.map((q: { field: string }) => q.field)).toEqual(rest.questions.map((q: { field: string }) => q.field));
    expect(viaFragments.assess.timeline).toEqual(rest.timeline);
    expect(rest.timeline.length).toBeGreaterThan(0);
    expect(viaFragments.assess.obligations.map((o: { because: { rule: string }[] }) => o.because.map((b) => b.rule)))
      .toEqual(rest.obligations.map((o: { because: { rule: string }[] }) => o.because.map((b) => b.rule)));
    expect(viaFragments.assess.obligations.map((o: { evidence: { evidence: string }[] }) => o.evidence.length))
      .toEqual(rest.obligations.map((o: { evidence: unknown[] }) => o.evidence.length));
    expect(rest.questions.length).toBeGreaterThan(0);
    expect(rest.obligations.some((o: { evidence: unknown[] }) => o.evidence.length > 0)).toBe(true);
  });

  it('lists each explanation step once, as view=compact does', async () => {
    for (const profile of Object.values(PROFILES)) {
      const compact = (await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-11-28&view=compact&lang=de', payload: profile })).json();
      // Only the steps are selected (not the duties' because): the engine still builds them.
      const data = await graphql('query($p: ProfileInput!) { assess(profile: $p, asOf: "2026-11-28", lang: de) { explanations { rule label provisions facts from } } }', { p: profile });
      const expected = Object.entries(compact.explanations as Record<string, object>).map(([rule, e]) => ({ rule, ...e }));
      expect(withoutNulls(data.assess.explanations)).toEqual(expected);
    }
  });

  it('gives the same questions as POST /v1/questionnaire', async () => {
    const rest = await app.inject({ method: 'POST', url: '/v1/questionnaire?asOf=2026-11-28', payload: { roles: ['provider'] } });
    const data = await graphql('{ questionnaire(profile: { roles: ["provider"] }, asOf: "2026-11-28") { field question valueType allowed provisions rules } }');
    expect(withoutNulls(data.questionnaire)).toEqual(rest.json().questions);
  });

  it('filters and pages obligations exactly as GET /v1/obligations', async () => {
    const rest = await app.inject({ method: 'GET', url: '/v1/obligations?role=deployer&riskClass=high-risk&asOf=2026-11-28&offset=2&limit=20' });
    expect(rest.statusCode).toBe(200);
    const data = await graphql(`{ obligations(role: "deployer", riskClass: "high-risk", asOf: "2026-11-28", offset: 2, limit: 20) { total offset limit items { ${OBLIGATION} } } }`);
    const page = withoutNulls(data.obligations) as { items: { related: { id: string }[] }[] };
    const items = page.items.map((ob) => ({ ...ob, related: ob.related.map((r) => r.id) }));
    expect({ ...page, items }).toEqual(rest.json());
  });

  it('shows a technique and an evidence type as GET /v1/techniques/:id and /v1/evidence-types/:id do', async () => {
    const t = (await app.inject({ method: 'GET', url: '/v1/techniques/performance-evaluation?lang=fr' })).json();
    const e = (await app.inject({ method: 'GET', url: '/v1/evidence-types/technical-documentation?lang=fr' })).json();
    const data = await graphql(`{
      technique(id: "performance-evaluation", lang: fr) { id iri label summary automation produces { id } applicableWhen obligations { id label } }
      evidenceType(id: "technical-documentation", lang: fr) { id iri label summary kind producedBy { id } producerRoles obligations { id } }
    }`);
    expect(data.technique).toMatchObject({ id: t.id, iri: t.iri, label: t.label, summary: t.summary, automation: t.automation, applicableWhen: t.applicableWhen });
    expect(data.technique.produces.map((x: { id: string }) => x.id)).toEqual(t.produces);
    expect(data.technique.obligations.map((o: { id: string }) => o.id)).toEqual(t.obligations);
    expect(t.obligations.length).toBeGreaterThan(0);
    expect(data.evidenceType).toMatchObject({ id: e.id, iri: e.iri, label: e.label, summary: e.summary, kind: e.kind });
    expect(data.evidenceType.producerRoles).toEqual(e.producedBy);
    expect(data.evidenceType.producedBy.map((x: { id: string }) => x.id)).toEqual(e.techniques);
    expect(data.evidenceType.obligations.map((o: { id: string }) => o.id)).toEqual(e.obligations);
    expect(e.obligations.length).toBeGreaterThan(0);
    // An evidence type that a technique produces links back to it, in both APIs.
    const report = t.produces[0] as string;
    const r = (await app.inject({ method: 'GET', url: `/v1/evidence-types/${report}` })).json();
    const back = await graphql(`{ evidenceType(id: "${report}") { producedBy { id } producerRoles } }`);
    expect(r.techniques).toContain('performance-evaluation');
    expect(back.evidenceType.producedBy.map((x: { id: string }) => x.id)).toEqual(r.techniques);
    expect(back.evidenceType.producerRoles).toEqual(r.producedBy);
  });

  it('shows a provision as GET /v1/provisions/:ref does', async () => {
    const rest = (await app.inject({ method: 'GET', url: '/v1/provisions/26?lang=de' })).json();
    const data = await graphql('{ provision(ref: "26", lang: de) { iri ref kind number title article eurLex parent { iri } children { iri } obligations { id label } } }');
    const p = data.provision;
    expect({ ...p, parent: p.parent?.iri, children: p.children.map((c: { iri: string }) => c.iri), obligations: p.obligations }).toMatchObject({
      iri: rest.iri, ref: rest.ref, kind: rest.kind, title: rest.title, parent: rest.parent, children: rest.children,
      obligations: rest.obligations.map((o: { id: string; label: string }) => ({ id: o.id, label: o.label })),
    });
  });
});
