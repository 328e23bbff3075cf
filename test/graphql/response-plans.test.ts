import { describe, expect, it } from 'vitest';
import { getNamedType, type GraphQLObjectType } from '../../src/graphql/graphql-js.js';
import { regkgSchema } from '../../src/graphql/schema.js';
import { MAX_KEY_CHARS } from '../../src/graphql/response-plans.js';
import type { RegkgYoga } from '../../src/graphql/yoga.js';
import { makeProfiles } from '../../bench/profiles.js';
import { loadCases } from '../conformance/case-schema.js';
import { sharedCore } from '../support/core.js';
import { testYoga } from './client.js';
import { testApp } from '../support/app.js';
import { OUTCOME_SELECTION, selectAll } from './select-all.js';

const core = sharedCore();
const LIMITS = { REGKG_GRAPHQL_MAX_COST: 1_000_000, REGKG_GRAPHQL_MAX_DEPTH: 20 };

const ASSESS = `query A($p: ProfileInput!, $asOf: Date, $lang: Lang) { assess(profile: $p, asOf: $asOf, lang: $lang) { ${OUTCOME_SELECTION} } }`;

interface Answer {
  status: number;
  type: string | null;
  body: string;
}

/** The two answers, or where they first differ (an assessment is long). */
function same(got: Answer, want: Answer, what: string): void {
  if (got.body !== want.body) {
    let i = 0;
    while (got.body[i] === want.body[i]) i++;
    expect.fail(`${what}: differs at ${i}: ${got.body.slice(Math.max(0, i - 300), i + 100)} <> ${want.body.slice(Math.max(0, i - 300), i + 100)}`);
  }
  expect(got).toEqual(want);
}

async function ask(yoga: RegkgYoga, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

const plansOf = (yoga: RegkgYoga) => yoga.keptAnswers;

const profiles = [...makeProfiles(400, 11), ...loadCases().filter((c) => !c.expect.error).map((c) => c.profile)];

describe('kept GraphQL answers (ADR 0009)', () => {
  it('selects every assessment field but facts, questions and check parameters in the equivalence test below', () => {
    expect(OUTCOME_SELECTION).toContain('because { rule label provisions from }');
    expect(OUTCOME_SELECTION).toContain('timeline');
    expect(OUTCOME_SELECTION).toContain('checks {');
    expect(OUTCOME_SELECTION).not.toMatch(/\bfacts\b|\bquestions\b|\bparameters\b/);
  });

  it('answers assess byte for byte as execution does, for the bench mix and every conformance case, on three dates, in three languages', async () => {
    const kept = testYoga({ ...LIMITS, REGKG_GRAPHQL_KEPT_ANSWERS: 100_000 });
    const plain = testYoga({ ...LIMITS, REGKG_GRAPHQL_KEPT_ANSWERS: 0 });
    let compared = 0;
    for (const [i, p] of profiles.entries()) {
      for (const asOf of ['2026-11-28', '2027-12-02', '2028-08-02']) {
        // The language from the argument or from Accept-Language, in turn.
        const lang = (['en', 'fr', 'de'] as const)[(i + asOf.length) % 3]!;
        const [vars, headers] = i % 2 ? [{ p, asOf, lang }, {}] : [{ p, asOf }, { 'accept-language': `${lang};q=0.9` }];
        const want = await ask(plain, ASSESS, vars, headers);
        expect(want.status).toBe(200);
        same(await ask(kept, ASSESS, vars, headers), want, `${JSON.stringify(p)} ${asOf} ${lang}`);
        compared++;
      }
    }
    const stats = plansOf(kept);
    // Outcomes repeat: answers to other profiles were sent again, and every one of them was compared with execution.
    // (These answers are 40-100 KiB each, so the 8 Mi-character budget holds a hundred or so at a time.)
    expect(compared).toBeGreaterThan(1000);
    expect(stats.reused).toBeGreaterThan(50);
    expect(stats.kept + stats.reused).toBe(compared);
    expect(plansOf(plain)).toMatchObject({ kept: 0, reused: 0 });
  }, 120_000);

  it('never keeps a selection with facts or questions: two profiles with the same outcome differ there', async () => {
    const kept = testYoga({ ...LIMITS, REGKG_GRAPHQL_KEPT_ANSWERS: 100 });
    const a = { name: 'a', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'] };
    const b = { name: 'b', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4b'], profilesNaturalPersons: false };
    expect(core.outcomeKey(a, { lang: 'en' })).toBe(core.outcomeKey(b, { lang: 'en' }));
    const facts = 'query F($p: ProfileInput!) { assess(profile: $p) { obligations { id because { rule facts } } } }';
    const questions = 'query Q($p: ProfileInput!) { assess(profile: $p) { riskClasses questions { field } } }';
    for (const q of [facts, questions]) {
      const [ra, rb] = [await ask(kept, q, { p: a }), await ask(kept, q, { p: b })];
      expect(ra.body).not.toBe(rb.body);
    }
    // Through a fragment too.
    const viaFragment = 'query G($p: ProfileInput!) { assess(profile: $p) { ...O } } fragment O on Assessment { obligations { because { ...B } } } fragment B on Because { facts }';
    expect((await ask(kept, viaFragment, { p: a })).body).not.toBe((await ask(kept, viaFragment, { p: b })).body);
    expect(plansOf(kept)).toMatchObject({ kept: 0, reused: 0 });
    // Without them, the two share one kept answer.
    const outcome = 'query O($p: ProfileInput!) { assess(profile: $p) { riskClasses obligations { id because { rule } } } }';
    expect((await ask(kept, outcome, { p: a })).body).toBe((await ask(kept, outcome, { p: b })).body);
    expect(plansOf(kept)).toMatchObject({ kept: 1, reused: 1 });
  });

  it('refuses what execution refuses, with the same answer, and keeps nothing for it', async () => {
    const kept = testYoga({ REGKG_GRAPHQL_KEPT_ANSWERS: 100 });
    const plain = testYoga({ REGKG_GRAPHQL_KEPT_ANSWERS: 0 });
    const q = 'query A($p: ProfileInput!, $asOf: Date, $lang: Lang) { assess(profile: $p, asOf: $asOf, lang: $lang) { riskClasses } }';
    const good = { name: 'x', roles: ['provider'] };
    const bad: Record<string, unknown>[] = [
      // The core reads JSON-LD keys in a profile; GraphQL's ProfileInput has no such field.
      { p: { ...good, '@context': { x: 1 } } },
      { p: { ...good, roles: ['no-such-role'] } },
      { p: { ...good, roles: null } },
      { p: { ...good, unknownField: true } },
      { p: { ...good, placedOnMarketBefore: '2026-02-30' } },
      { p: good, asOf: '2026-13-01' },
      { p: good, asOf: '2027-02-29' },
      { p: good, lang: 'es' },
      {},
    ];
    for (const vars of bad) {
      for (let round = 0; round < 2; round++) {
        const want = await ask(plain, q, vars);
        expect(want.body, JSON.stringify(vars)).toContain('"errors"');
        expect(await ask(kept, q, vars), JSON.stringify(vars)).toEqual(want);
      }
    }
    // GraphQL's own coercion: one string where a list is expected is a list of one, for both.
    const one = { p: { ...good, roles: 'provider' } };
    expect(await ask(kept, q, one)).toEqual(await ask(plain, q, one));
    expect(await ask(kept, q, one)).toEqual(await ask(plain, q, one));
    expect(plansOf(kept)).toMatchObject({ kept: 1, reused: 1 });
  });

  it('answers knowledge lookups as execution does, in each language, from the argument or Accept-Language, and keeps no error', async () => {
    const kept = testYoga({ ...LIMITS, REGKG_GRAPHQL_KEPT_ANSWERS: 100 });
    const plain = testYoga({ ...LIMITS, REGKG_GRAPHQL_KEPT_ANSWERS: 0 });
    const query = regkgSchema().getQueryType()!;
    const lookups: [string, Record<string, unknown>][] = [
      [`query P($role: String, $limit: Int) { obligations(role: $role, limit: $limit) { total items { ${selectAll(getNamedType(query.getFields().obligation!.type) as GraphQLObjectType, {})} } } }`, { role: 'deployer', limit: 5 }],
      ['query P($role: String) { obligations(role: $role, limit: 3) { total items { id label } } }', { role: 'provider' }],
      ['query O($id: String!) { obligation(id: $id) { id label summary related { id label } checks { technique label } } }', { id: 'aia-art26-1' }],
      ['{ provision(ref: "26(7)") { title obligations { id label } } riskClasses { id label } }', {}],
      ['{ vocabulary { schemes { id label concepts { id label } } } lawVersions { id label milestones { date label } } timeline { date label } }', {}],
      ['{ techniques { id label obligations { id } } evidenceTypes(lang: de) { id label producedBy { id } } }', {}],
    ];
    for (const [q, vars] of lookups) {
      for (const headers of [{}, { 'accept-language': 'fr-FR,fr;q=0.9' }, { 'accept-language': 'de' }, {}] as Record<string, string>[]) {
        const want = await ask(plain, q, vars, headers);
        expect(want.body).not.toContain('"errors"');
        expect(await ask(kept, q, vars, headers), q).toEqual(want);
      }
    }
    // Three languages (en twice) per lookup: kept once each, reused for the second en.
    expect(plansOf(kept)).toMatchObject({ kept: lookups.length * 3, reused: lookups.length });
    const wrong = 'query P($role: String) { obligations(role: $role) { total } }';
    for (let round = 0; round < 2; round++) expect(await ask(kept, wrong, { role: 'nobody' })).toEqual(await ask(plain, wrong, { role: 'nobody' }));
    expect(plansOf(kept).kept).toBe(lookups.length * 3);
  });

  it('keeps nothing for an operation that mixes a lookup with assess, or a mutation', async () => {
    const kept = testYoga({ REGKG_GRAPHQL_KEPT_ANSWERS: 100 });
    const mixed = 'query M($p: ProfileInput!) { riskClasses { id } assess(profile: $p) { riskClasses } }';
    for (let i = 0; i < 2; i++) expect((await ask(kept, mixed, { p: { roles: ['provider'] } })).status).toBe(200);
    expect(plansOf(kept)).toMatchObject({ kept: 0, reused: 0 });
  });

  it('is bounded by REGKG_GRAPHQL_KEPT_ANSWERS: the oldest answer goes first, and answers stay the same', async () => {
    const kept = testYoga({ REGKG_GRAPHQL_KEPT_ANSWERS: 3 });
    const plain = testYoga({ REGKG_GRAPHQL_KEPT_ANSWERS: 0 });
    const q = 'query O($id: String!) { obligation(id: $id) { id label } }';
    const ids = [...core.k.obligations.keys()].slice(0, 8);
    for (const id of [...ids, ...ids]) expect(await ask(kept, q, { id })).toEqual(await ask(plain, q, { id }));
    const stats = plansOf(kept);
    expect(stats.size()).toBe(3);
    expect(stats).toMatchObject({ kept: 16, reused: 0 });
  });

  it('keeps no answer whose key is long: variables sent beside a lookup count in the memory budget', async () => {
    const kept = testYoga({ REGKG_GRAPHQL_KEPT_ANSWERS: 100 });
    const q = '{ riskClasses { id } }';
    // GraphQL ignores variables the operation does not declare; they still make the key.
    const junk = { junk: 'x'.repeat(MAX_KEY_CHARS) };
    for (let i = 0; i < 2; i++) expect((await ask(kept, q, junk)).status).toBe(200);
    expect(plansOf(kept)).toMatchObject({ kept: 0, reused: 0 });
    for (let i = 0; i < 2; i++) await ask(kept, q, {});
    expect(plansOf(kept)).toMatchObject({ kept: 1, reused: 1 });
  });

  it('sends a kept answer over HTTP as the same bytes, length and type as the first one, in French too', async () => {
    const app = await testApp({ REGKG_GRAPHQL_KEPT_ANSWERS: 100 });
    const plain = await testApp({ REGKG_GRAPHQL_KEPT_ANSWERS: 0 });
    try {
      const q = 'query A($p: ProfileInput!) { assess(profile: $p, asOf: "2026-11-28") { riskClasses obligations { id label because { label } } } }';
      const post = (a: typeof app, p: unknown, lang: string) =>
        a.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', 'accept-language': lang }, payload: JSON.stringify({ query: q, variables: { p } }) });
      const a = { name: 'a', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'] };
      // The same outcome as a (see above): its answer is a's kept one.
      const b = { name: 'b', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4b'], profilesNaturalPersons: false };
      for (const lang of ['fr', 'de', 'en']) {
        const want = await post(plain, a, lang);
        expect(want.body).toMatch(lang === 'en' ? /high-risk/ : /[éäöü]/);
        expect((await post(plain, b, lang)).body).toBe(want.body);
        for (const got of [await post(app, a, lang), await post(app, a, lang), await post(app, b, lang)]) {
          expect(got.body).toBe(want.body);
          expect(got.rawPayload.equals(want.rawPayload)).toBe(true);
          expect(got.headers['content-type']).toBe(want.headers['content-type']);
          expect(got.headers['content-length']).toBe(String(Buffer.byteLength(want.body)));
        }
      }
    } finally {
      await app.close();
      await plain.close();
    }
  });
});
