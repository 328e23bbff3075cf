import { createSchema, createYoga } from 'graphql-yoga';
import { describe, it, expect, beforeAll } from 'vitest';
import { registerResolvers, registerTypeDefs, type RegisterGraphqlContext } from '../../src/graphql/register.js';
import { DateScalar, JsonScalar } from '../../src/graphql/scalars.js';
import { RegisterAuth } from '../../src/http/auth.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { SystemRegister } from '../../src/store/system-register.js';
import { PROFILES } from '../store/store-contract.js';
import { sharedCore } from '../support/core.js';
import { API_KEYS, KEYS } from './register-support.js';

/** A stand-in for the main schema: explicit `schema { query }`, the Date and JSON scalars, one query field. */
const BASE = `schema { query: Query }\nscalar Date\nscalar JSON\ntype Query { ping: String }`;

let yoga: ReturnType<typeof createYoga<RegisterGraphqlContext>>;

beforeAll(() => {
  const register = new SystemRegister(sharedCore(), new SqliteStore({ file: ':memory:' }));
  const registerAuth = new RegisterAuth({ REGKG_STORE: 'embedded', REGKG_API_KEYS: API_KEYS });
  const schema = createSchema<RegisterGraphqlContext>({
    typeDefs: [BASE, registerTypeDefs],
    resolvers: [{ Date: DateScalar, JSON: JsonScalar, Query: { ping: () => 'pong' } }, registerResolvers],
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  yoga = createYoga<RegisterGraphqlContext>({ schema, context: { systemRegister: register, registerAuth }, maskedErrors: false, logging: false });
});

interface GqlResult {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads arbitrary response shapes
  data?: Record<string, any>;
  errors?: { message: string; path?: string[] }[];
}

async function gql(query: string, variables: Record<string, unknown> = {}, key?: string): Promise<GqlResult> {
  const res = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult;
}

const CREATE = `mutation($profile: JSON!, $asOf: Date) {
  createSystem(profile: $profile, asOf: $asOf) { id etag evidenceEtag version riskClasses createdBy assessment }
}`;

describe('register GraphQL (registerTypeDefs + registerResolvers merged into a schema)', () => {
  it('merges into a schema with an explicit query root and adds the mutations', async () => {
    expect((await gql('{ ping }')).data).toEqual({ ping: 'pong' });
    const intro = await gql('{ __schema { mutationType { fields { name } } } }');
    expect(intro.data?.__schema.mutationType.fields.map((f: { name: string }) => f.name).sort()).toEqual([
      'createSystem',
      'deleteSystem',
      'reassessSystem',
      'setEvidence',
      'updateSystem',
    ]);
  });

  it('creates, reads, lists, updates and deletes a system', async () => {
    const created = (await gql(CREATE, { profile: PROFILES.cvScreener, asOf: '2026-01-01' }, KEYS.editor)).data!.createSystem;
    expect(created).toMatchObject({ version: 1, riskClasses: ['high-risk'], createdBy: 'bob' });
    expect(created.assessment.obligations.length).toBeGreaterThan(0);

    const one = await gql('query($id: ID!) { system(id: $id) { name history { seq reason } evidence { total open items { id status } } } }', { id: created.id }, KEYS.reader);
    expect(one.data?.system).toMatchObject({ name: 'CV screener', history: [{ seq: 1, reason: 'create' }] });
    expect(one.data?.system.evidence.total).toBe(one.data?.system.evidence.open);

    const list = await gql('{ systems(riskClass: "high-risk") { total items { id } } }', {}, KEYS.reader);
    expect(list.data?.systems.items.map((s: { id: string }) => s.id)).toContain(created.id);

    const upd = await gql(
      'mutation($id: ID!, $etag: String!, $p: JSON!) { updateSystem(id: $id, etag: $etag, profile: $p) { version etag name } }',
      { id: created.id, etag: created.etag, p: PROFILES.chatbot },
      KEYS.editor,
    );
    expect(upd.data?.updateSystem).toMatchObject({ version: 2, name: 'Support chatbot' });

    const stale = await gql('mutation($id: ID!, $etag: String!) { deleteSystem(id: $id, etag: $etag) { deleted } }', { id: created.id, etag: created.etag }, KEYS.editor);
    expect(stale.errors?.[0]?.message).toMatch(/changed since it was read/);
    const del = await gql('mutation($id: ID!, $etag: String!) { deleteSystem(id: $id, etag: $etag) { deleted } }', { id: created.id, etag: upd.data?.updateSystem.etag }, KEYS.editor);
    expect(del.data?.deleteSystem).toEqual({ deleted: true });
    expect((await gql('query($id: ID!) { system(id: $id) { id } }', { id: created.id }, KEYS.reader)).data?.system).toBeNull();
  });

  it('re-assesses and sets evidence', async () => {
    const created = (await gql(CREATE, { profile: PROFILES.cvScreener, asOf: '2026-01-01' }, KEYS.editor)).data!.createSystem;
    const re = await gql('mutation($id: ID!) { reassessSystem(id: $id, asOf: "2027-01-01") { changed diff system { asOf } } }', { id: created.id }, KEYS.editor);
    expect(re.data?.reassessSystem).toMatchObject({ changed: true, system: { asOf: '2027-01-01' } });
    expect(re.data?.reassessSystem.diff.duties.nowInForce.length).toBeGreaterThan(0);

    const ev = (await gql('query($id: ID!) { system(id: $id) { evidenceEtag evidence { items { id } } } }', { id: created.id }, KEYS.reader)).data!.system;
    const set = await gql(
      'mutation($id: ID!, $etag: String!, $item: ID!) { setEvidence(id: $id, etag: $etag, evidenceId: $item, status: provided, link: "https://dms.example/1") { evidenceEtag items { id status open link } } }',
      { id: created.id, etag: ev.evidenceEtag, item: ev.evidence.items[0].id },
      KEYS.editor,
    );
    expect(set.data?.setEvidence.items).toEqual([{ id: ev.evidence.items[0].id, status: 'provided', open: false, link: 'https://dms.example/1' }]);
    const noLink = await gql(
      'mutation($id: ID!, $etag: String!, $item: ID!) { setEvidence(id: $id, etag: $etag, evidenceId: $item, status: accepted) { evidenceEtag } }',
      { id: created.id, etag: set.data?.setEvidence.evidenceEtag, item: ev.evidence.items[0].id },
      KEYS.editor,
    );
    expect(noLink.errors?.[0]?.message).toMatch(/link or a sha256/);
  });

  it('applies the same roles as REST: reader to read, editor to write', async () => {
    expect((await gql('{ systems { total } }')).errors?.[0]?.message).toMatch(/API key/);
    expect((await gql(CREATE, { profile: PROFILES.spamFilter }, KEYS.reader)).errors?.[0]?.message).toMatch(/editor role/);
    expect((await gql('{ systems { total } }', {}, KEYS.reader)).data?.systems.total).toBeGreaterThanOrEqual(0);
  });

  it('validates filters and profiles with the REST schemas', async () => {
    expect((await gql('{ systems(role: "pilot") { total } }', {}, KEYS.reader)).errors?.[0]?.message).toMatch(/Unknown value .* at role/);
    expect((await gql(CREATE, { profile: { name: 'x', roles: ['pilot'] } }, KEYS.editor)).errors?.[0]?.message).toMatch(/profile\.roles/);
  });
});
