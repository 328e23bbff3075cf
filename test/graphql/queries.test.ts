import { describe, expect, it } from 'vitest';
import { CV_SCREENER, gql, testYoga } from './client.js';

const yoga = testYoga();

/** One query per root field, each asking for a representative selection. */
const QUERIES: Record<string, string> = {
  obligations: `{ obligations(role: "deployer", riskClass: "high-risk", limit: 3) { total offset limit items { id iri label summary labels { en fr de } bearers deontic
    legalBasis { iri article paragraph eurLex provision { ref } } appliesWhen { id label } riskClasses dates { lawVersion date earliest byCondition { condition date } }
    relatedAnnexes related { id } checks { technique label automation produces } evidence { evidence label producedBy } authoritative status } } }`,
  obligation: `{ obligation(id: "aia-art26-1") { id label bearers legalBasis { article paragraph } checks { technique } evidence { evidence } } }`,
  provision: `{ provision(ref: "26(7)") { iri ref kind number title article paragraph eurLex parent { ref } children { ref } obligations { id } } }`,
  riskClasses: `{ riskClasses { id iri label definition provisions { iri article } } }`,
  vocabulary: `{ vocabulary { knowledgeVersion fields { path valueType required scheme question provisions } schemes { id label concepts { id scheme label } } collections { id members } } }`,
  conceptSchemes: `{ conceptSchemes { id iri label profileField question concepts { id iri scheme label definition derivedOnly provisions { iri } } } }`,
  lawVersions: `{ lawVersions { id iri label inForceFrom verificationStatus milestones { date label provisions } } }`,
  timeline: `{ timeline { date lawVersion label provisions } }`,
  techniques: `{ techniques { id iri label summary labels { en } properties modalities systemKinds automation parameters { name valueType comment derivedFrom defaultValue } provisions { iri } produces { id } applicableWhen } }`,
  technique: `{ technique(id: "adversarial-evasion-test") { id label produces { id label producedBy { id } } } }`,
  evidenceTypes: `{ evidenceTypes { id iri label summary kind producedBy { id } provisions { iri } } }`,
  evidenceType: `{ evidenceType(id: "report-adversarial-evasion-test") { id label kind } }`,
  assess: `query($p: ProfileInput!) { assess(profile: $p, asOf: "2026-11-28") { inScope riskClasses obligations { id role appliesFrom inForce because { rule provisions } checks { technique parameters } } questions { field } timeline { date obligations inForce } lawVersion { id } asOf knowledgeVersion warnings { message } notApplicable { regime } outOfScopeReasons { rule } } }`,
  questionnaire: `{ questionnaire(profile: { roles: ["provider"] }) { field question valueType allowed provisions rules } }`,
  plan: `{ plan(profile: { name: "cv", roles: ["provider"], annexIIIUseCases: ["annex-iii-4a"] }) { suites { id checks { technique } } } }`,
  oscalPlan: `{ oscalPlan(profile: { name: "cv", roles: ["provider"], annexIIIUseCases: ["annex-iii-4a"] }) }`,
};

describe('GraphQL queries', () => {
  it.each(Object.entries(QUERIES))('answers %s with data and no errors', async (field, query) => {
    const r = await gql(yoga, query, { p: CV_SCREENER });
    expect(r.errors).toBeUndefined();
    expect(r.status).toBe(200);
    const value = r.data?.[field];
    expect(value).toBeTruthy();
    if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
  });

  it('covers every root field of the schema', async () => {
    const r = await gql<{ __schema: { queryType: { fields: { name: string }[] } } }>(yoga, '{ __schema { queryType { fields { name } } } }');
    // The register's queries (systems, system) need a key and are covered by test/http/register-graphql.test.ts.
    expect(r.data!.__schema.queryType.fields.map((f) => f.name).sort()).toEqual([...Object.keys(QUERIES), 'system', 'systems'].sort());
  });

  it('answers null for an obligation or provision that does not exist', async () => {
    const r = await gql(yoga, '{ obligation(id: "aia-art999-1") { id } provision(ref: "999") { ref } technique(id: "nope") { id } }');
    expect(r.data).toEqual({ obligation: null, provision: null, technique: null });
  });

  it('answers in the language asked for, else in the Accept-Language, also in nested fields', async () => {
    const q = '{ fr: obligation(id: "aia-art26-1", lang: fr) { label legalBasis { provision { title } } } neg: obligation(id: "aia-art26-1") { label } }';
    const r = await gql<{ fr: { label: string }; neg: { label: string } }>(yoga, q, undefined, { 'accept-language': 'de-DE,de;q=0.9' });
    const en = await gql<{ obligation: { label: string } }>(yoga, '{ obligation(id: "aia-art26-1") { label } }');
    expect(r.data!.fr.label).not.toBe(en.data!.obligation.label);
    expect(r.data!.neg.label).not.toBe(en.data!.obligation.label);
    expect(r.data!.neg.label).not.toBe(r.data!.fr.label);
  });

  it('filters obligations like REST: by article, deontic and search text', async () => {
    const r = await gql<{ obligations: { total: number; items: { id: string; deontic: string }[] } }>(yoga, '{ obligations(article: "26", deontic: "Duty", q: "instructions") { total items { id deontic } } }');
    expect(r.data!.obligations.total).toBeGreaterThan(0);
    for (const ob of r.data!.obligations.items) {
      expect(ob.id).toMatch(/^aia-art26-/);
      expect(ob.deontic).toBe('Duty');
    }
  });

  it('accepts GET queries', async () => {
    const res = await yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent('{ lawVersions { id } }')}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { lawVersions: unknown[] } }).data.lawVersions.length).toBeGreaterThan(0);
  });
});
