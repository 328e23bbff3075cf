import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';

const profile = { name: 'CV screener', roles: ['provider'], annexIIIUseCases: ['annex-iii-4a'] };

describe('GraphQL test plans', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const gql = async (query: string, variables: unknown) => (await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } })).json();

  it('returns the same plan as REST, and its OSCAL form', async () => {
    const rest = (await app.inject({ method: 'POST', url: '/v1/plans?asOf=2026-11-28', payload: profile })).json();
    const r = await gql(
      'query($p: ProfileInput!) { plan(profile: $p, asOf: "2026-11-28") { riskClasses suites { id checks { technique parameters dueBy obligations { id } } } evidence { evidence dueBy } } oscalPlan(profile: $p, asOf: "2026-11-28") }',
      { p: profile },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.plan.riskClasses).toEqual(rest.riskClasses);
    expect(r.data.plan.suites.map((s: { id: string }) => s.id)).toEqual(rest.suites.map((s: { id: string }) => s.id));
    expect(r.data.plan.evidence.length).toBe(rest.evidence.length);
    expect(r.data.oscalPlan['assessment-plan'].metadata['oscal-version']).toBe('1.1.2');
  });
});
