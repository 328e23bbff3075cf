import { describe, expect, it } from 'vitest';
import { getIntrospectionQuery, parse } from '../../src/graphql/graphql-js.js';
import { costOf } from '../../src/graphql/cost-limit.js';
import { depthsOf } from '../../src/graphql/depth-limit.js';
import { fragmentsOf, operationOf } from '../../src/graphql/document.js';
import { regkgSchema } from '../../src/graphql/schema.js';
import { gql, testYoga } from './client.js';

const depth = (q: string) => {
  const doc = parse(q);
  return depthsOf(operationOf(doc)!.selectionSet, fragmentsOf(doc));
};
const cost = (q: string, vars: Record<string, unknown> = {}) => costOf(regkgSchema(), parse(q), undefined, vars);

describe('query depth', () => {
  it('counts field nesting through fragments', () => {
    expect(depth('{ a }').depth).toBe(1);
    expect(depth('{ a { b { c } } }').depth).toBe(3);
    expect(depth('{ a { ...F } } fragment F on T { b { c } }').depth).toBe(3);
    expect(depth('{ a { ... on T { b } } }').depth).toBe(2);
  });

  it('measures introspection apart', () => {
    expect(depth('{ __schema { types { name } } a }')).toEqual({ depth: 1, introspection: 3 });
  });

  it('refuses a query nested deeper than REGKG_GRAPHQL_MAX_DEPTH with REGKG_ERR_GRAPHQL_LIMIT', async () => {
    const yoga = testYoga({ REGKG_GRAPHQL_MAX_DEPTH: 4 });
    const ok = await gql(yoga, '{ obligation(id: "aia-art26-1") { related { related { id } } } }');
    expect(ok.errors).toBeUndefined();
    const r = await gql(yoga, '{ obligation(id: "aia-art26-1") { related { related { related { id } } } } }');
    expect(r.data).toBeUndefined();
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'REGKG_ERR_GRAPHQL_LIMIT', status: 400 });
    expect(r.errors![0]!.message).toMatch(/5 deep; the maximum is 4/);
  });

  it('still lets GraphiQL introspect under a low depth limit, but not a deeper hand-made introspection', async () => {
    const yoga = testYoga({ REGKG_GRAPHQL_MAX_DEPTH: 3, REGKG_GRAPHQL_MAX_COST: 50 });
    const std = await gql(yoga, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(std.errors).toBeUndefined();
    const nest = (n: number): string => (n === 0 ? 'name' : `fields { type { ${nest(n - 1)} } }`);
    const deep = await gql(yoga, `{ __type(name: "Obligation") { ${nest(10)} } }`);
    expect(deep.errors![0]!.extensions!.code).toBe('REGKG_ERR_GRAPHQL_LIMIT');
  });
});

describe('query cost', () => {
  it('counts 1 per field and the page size for the items of a page', () => {
    expect(cost('{ lawVersions { id label } }').cost).toBe(1 + 5 * 2);
    expect(cost('{ obligations(limit: 7) { total items { id label } } }').cost).toBe(1 + 1 + 1 + 7 * 2);
    expect(cost('{ obligations { items { id } } }').cost).toBe(1 + 1 + 50 * 1);
    expect(cost('query($n: Int) { obligations(limit: $n) { items { id } } }', { n: 200 }).cost).toBe(2 + 200);
    expect(cost('{ obligations(limit: 2) { items { legalBasis { article } } } }').cost).toBe(2 + 2 * (1 + 5 * 1));
  });

  it('counts a fragment once per use and __typename as free', () => {
    expect(cost('{ a: obligation(id: "x") { ...F } b: obligation(id: "y") { ...F __typename } } fragment F on Obligation { id label }').cost).toBe(2 * 3);
  });

  it('refuses an operation over REGKG_GRAPHQL_MAX_COST with REGKG_ERR_GRAPHQL_LIMIT, also when limit is a variable', async () => {
    const yoga = testYoga({ REGKG_GRAPHQL_MAX_COST: 500 });
    const q = 'query($n: Int) { obligations(limit: $n) { items { id label summary deontic bearers } } }';
    expect((await gql(yoga, q, { n: 20 })).errors).toBeUndefined();
    const r = await gql(yoga, q, { n: 200 });
    expect(r.data).toBeUndefined();
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'REGKG_ERR_GRAPHQL_LIMIT', status: 400 });
    expect(r.errors![0]!.message).toMatch(/estimated cost 1002 exceeds the maximum of 500/);
  });

  it('counts aliases: asking for the same thing many times costs as much', async () => {
    const yoga = testYoga({ REGKG_GRAPHQL_MAX_COST: 100 });
    const many = Array.from({ length: 30 }, (_, i) => `a${i}: lawVersions { id }`).join(' ');
    expect((await gql(yoga, `{ ${many} }`)).errors![0]!.extensions!.code).toBe('REGKG_ERR_GRAPHQL_LIMIT');
    // The cost of a document is worked out once (it does not depend on variables here): asked again, still refused.
    expect((await gql(yoga, `{ ${many} }`)).errors![0]!.extensions!.code).toBe('REGKG_ERR_GRAPHQL_LIMIT');
    expect((await gql(yoga, '{ lawVersions { id } }')).errors).toBeUndefined();
  });
});
