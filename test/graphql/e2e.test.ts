import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ClientError, GraphQLClient, gql } from 'graphql-request';
import { testApp } from '../support/app.js';
import { CV_SCREENER } from './client.js';

const ASSESS = gql`
  query Assess($profile: ProfileInput!, $asOf: Date) {
    assess(profile: $profile, asOf: $asOf) {
      riskClasses
      lawVersion { id }
      obligations { id role appliesFrom legalBasis { article paragraph } because { rule } }
    }
  }
`;

interface AssessData {
  assess: { riskClasses: string[]; lawVersion: { id: string }; obligations: { id: string; role: string; appliesFrom: string }[] };
}

describe('GraphQL over a real port with a GraphQL client (graphql-request)', () => {
  let app: FastifyInstance;
  let client: GraphQLClient;
  beforeAll(async () => {
    app = await testApp();
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    client = new GraphQLClient(`${address}/graphql`);
  });
  afterAll(() => app.close());

  it('assesses a CV-screening deployer as high-risk with Art 26 duties', async () => {
    const data = await client.request<AssessData>(ASSESS, { profile: CV_SCREENER, asOf: '2026-11-28' });
    expect(data.assess.riskClasses).toEqual(['high-risk']);
    expect(data.assess.lawVersion.id).toBe('aia-2026');
    const art26 = data.assess.obligations.filter((o) => o.id.startsWith('aia-art26'));
    expect(art26.length).toBeGreaterThan(3);
    expect(art26.every((o) => o.role === 'deployer')).toBe(true);
  });

  it('surfaces an unknown id as a ClientError carrying the code and the allowed values', async () => {
    const err = await client.request(ASSESS, { profile: { ...CV_SCREENER, roles: ['deployr'] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    const first = (err as ClientError).response.errors![0]!;
    expect(first.extensions).toMatchObject({ code: 'REGKG_ERR_UNKNOWN_ID', field: 'roles.0' });
    expect(first.extensions!.allowed).toContain('deployer');
  });

  it('sends GET queries too, with the request id and CORS headers of the REST API', async () => {
    const getClient = new GraphQLClient(`${app.listeningOrigin}/graphql`, { method: 'GET', headers: { origin: 'https://example.org' } });
    const res = await getClient.rawRequest<{ lawVersions: unknown[] }>('{ lawVersions { id inForceFrom } }');
    expect(res.data.lawVersions.length).toBeGreaterThan(0);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
  });
});
