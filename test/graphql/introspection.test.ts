import { describe, expect, it } from 'vitest';
import { gql, testYoga } from './client.js';

describe('GraphQL introspection', () => {
  it('is on by default', async () => {
    const r = await gql<{ __type: { name: string } }>(testYoga(), '{ __type(name: "Assessment") { name } }');
    expect(r.data!.__type.name).toBe('Assessment');
  });

  it('is refused when REGKG_GRAPHQL_INTROSPECTION=false, while queries still run', async () => {
    const yoga = testYoga({ REGKG_GRAPHQL_INTROSPECTION: false });
    const r = await gql(yoga, '{ __schema { types { name } } }');
    expect(r.data).toBeUndefined();
    expect(r.errors![0]!.message).toMatch(/introspection has been disabled/);
    expect((await gql(yoga, '{ lawVersions { id } __typename }')).errors).toBeUndefined();
  });

  it('serves no GraphiQL when introspection is off', async () => {
    const res = await testYoga({ REGKG_GRAPHQL_INTROSPECTION: false }).fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });
});

describe('GraphQL with introspection off', () => {
  it('does not suggest field names in validation errors', async () => {
    const on = await gql(testYoga(), '{ obligatio(id: "aia-art26-1") { id } }');
    expect(on.errors![0]!.message).toMatch(/Did you mean/);
    const off = await gql(testYoga({ REGKG_GRAPHQL_INTROSPECTION: false }), '{ obligatio(id: "aia-art26-1") { id } }');
    expect(off.errors![0]!.message).not.toMatch(/Did you mean/);
  });
});
