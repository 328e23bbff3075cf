import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';
import { loadExamples } from '../../src/sparql/examples.js';

const examples = loadExamples();
let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

async function run(query: string): Promise<Record<string, { value: string }>[]> {
  const res = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query' }, payload: query });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results.bindings;
}

describe('the example queries for authorities', () => {
  it('are all there, each with a title and a description', () => {
    expect(examples.map((e) => e.id)).toEqual(expect.arrayContaining(['deployer-obligations-on-date', 'duties-on-article-26', 'rules-citing-annex-iii-5b']));
    for (const e of examples) {
      expect(e.title).not.toBe(`${e.id}.rq`);
      expect(e.description.length).toBeGreaterThan(20);
    }
  });

  it.each(examples.map((e) => [e.id, e.query]))('%s returns rows', async (_id, query) => {
    expect((await run(query)).length).toBeGreaterThan(0);
  });

  it('lists Art 26(7) among the deployer duties applying on 1 September 2026', async () => {
    const rows = await run(examples.find((e) => e.id === 'deployer-obligations-on-date')!.query);
    expect(rows.map((r) => r.obligation!.value)).toContain('https://w3id.org/regkg/obligation/aia-art26-7');
    expect(rows.every((r) => r.appliesFrom!.value <= '2026-09-01')).toBe(true);
    expect(new Set(rows.map((r) => r.lawVersion!.value))).toEqual(new Set(['https://w3id.org/regkg/law-version/aia-2026']));
  });

  it('lists the obligations of a role for a risk class exactly as the plain one-pattern formulation does', async () => {
    const example = examples.find((e) => e.id === 'obligations-by-role-and-risk-class')!.query;
    // The same question without the example's grouping: one basic graph pattern after the conditions' subquery.
    const plain = example.replace(/\?obligation regkg:appliesWhen[\s\S]*?\n\}\nORDER BY/, [
      '?obligation regkg:appliesWhen ?condition ; regkg:bearer ?role ; a regkg:Obligation ; regkg:legalBasis ?legalBasis ; rdfs:label ?label .',
      'FILTER (LANGMATCHES(LANG(?label), "en"))',
      '}',
      'ORDER BY',
    ].join('\n'));
    expect(plain).not.toBe(example);
    const rows = await run(example);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.map((r) => r.obligation!.value)).toContain('https://w3id.org/regkg/obligation/aia-art9-1');
    expect(rows).toEqual(await run(plain));
  });

  it('finds only duties whose legal basis lies inside Article 26', async () => {
    const rows = await run(examples.find((e) => e.id === 'duties-on-article-26')!.query);
    expect(rows.every((r) => /\/art_26(\/|$)/.test(r.legalBasis!.value))).toBe(true);
  });

  it('finds the rule that cites Annex III 5(b) directly', async () => {
    const rows = await run(examples.find((e) => e.id === 'rules-citing-annex-iii-5b')!.query);
    const direct = rows.filter((r) => r.how!.value === 'cites the point');
    expect(direct.map((r) => r.cited!.value)).toContain('https://w3id.org/regkg/eli/reg/2024/1689/anx_III/pnt_5/pnt_b');
  });
});
