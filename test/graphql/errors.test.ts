import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.js';
import { sharedCore } from '../support/core.js';
import { CV_SCREENER, gql, memoryLogger, testYoga } from './client.js';

const yoga = testYoga();
const ASSESS = 'query($p: ProfileInput!, $asOf: Date) { assess(profile: $p, asOf: $asOf) { riskClasses } }';

describe('GraphQL errors', () => {
  it('rejects an unknown id in a profile with REGKG_ERR_UNKNOWN_ID, the field and the allowed values', async () => {
    const r = await gql(yoga, ASSESS, { p: { ...CV_SCREENER, annexIIIUseCases: ['annex-iii-99z'] } });
    expect(r.data).toBeNull();
    expect(r.errors).toHaveLength(1);
    const ext = r.errors![0]!.extensions!;
    expect(ext).toMatchObject({ code: 'REGKG_ERR_UNKNOWN_ID', status: 400, field: 'annexIIIUseCases.0' });
    expect(ext.allowed).toContain('annex-iii-4a');
    expect(r.errors![0]!.path).toEqual(['assess']);
  });

  it('rejects an unknown role filter exactly as REST does', async () => {
    const r = await gql(yoga, '{ obligations(role: "deployr") { total } }');
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'REGKG_ERR_UNKNOWN_ID', field: 'role' });
    expect(r.errors![0]!.extensions!.allowed).toContain('deployer');
  });

  it('rejects a page size REST would reject', async () => {
    const r = await gql(yoga, '{ obligations(limit: 501) { total } }');
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'REGKG_ERR_VALIDATION', field: 'limit' });
  });

  it('reports a missing name as a validation error of the profile contract', async () => {
    const r = await gql(yoga, ASSESS, { p: { roles: ['deployer'] } });
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'REGKG_ERR_VALIDATION', field: 'name' });
  });

  it('treats explicit nulls in a profile as absent', async () => {
    const r = await gql<{ assess: { riskClasses: string[] } }>(yoga, ASSESS, { p: { ...CV_SCREENER, description: null, gpaiModel: null, sector: null } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.assess.riskClasses).toEqual(['high-risk']);
  });

  it('rejects a malformed date literal with REGKG_ERR_BAD_DATE', async () => {
    const r = await gql(yoga, '{ obligations(asOf: "2026-02-30x") { total } }');
    expect(r.data).toBeUndefined();
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'REGKG_ERR_BAD_DATE', status: 400 });
  });

  it('rejects a malformed date variable with REGKG_ERR_BAD_DATE and names the variable', async () => {
    const r = await gql(yoga, ASSESS, { p: CV_SCREENER, asOf: '28/11/2026' });
    expect(r.errors![0]!.message).toContain('$asOf');
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'REGKG_ERR_BAD_DATE', status: 400 });
  });

  it('says where a malformed date inside a profile variable is', async () => {
    const r = await gql(yoga, ASSESS, { p: { ...CV_SCREENER, placedOnMarketBefore: '2025-13-01' } });
    expect(r.errors![0]!.message).toContain('placedOnMarketBefore');
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'REGKG_ERR_BAD_DATE' });
  });

  it('answers 400 under the GraphQL-over-HTTP media type when the request cannot run', async () => {
    const r = await gql(yoga, ASSESS, { p: CV_SCREENER, asOf: 'tomorrow' }, { accept: 'application/graphql-response+json' });
    expect(r.status).toBe(400);
  });

  it('masks an unexpected error as REGKG_ERR_INTERNAL and logs it with its cause', async () => {
    const log = memoryLogger();
    const broken: Core = { ...sharedCore(), assess: () => { throw new Error('secret detail'); } };
    const r = await gql(testYoga({}, broken, log), ASSESS, { p: CV_SCREENER });
    expect(r.errors![0]!.message).not.toContain('secret');
    expect(r.errors![0]!.extensions).toEqual({ code: 'REGKG_ERR_INTERNAL', status: 500 });
    const logged = log.entries.filter((e) => e.level === 'error');
    expect(logged).toHaveLength(1);
    expect(JSON.stringify((logged[0]!.args[0] as { err: Error }).err.message)).toContain('secret detail');
  });

  it('does not log expected errors as errors', async () => {
    const log = memoryLogger();
    await gql(testYoga({}, sharedCore(), log), ASSESS, { p: { ...CV_SCREENER, roles: ['x'] } });
    expect(log.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});
