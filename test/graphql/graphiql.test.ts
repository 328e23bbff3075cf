import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';

describe('GraphiQL', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('is served on GET /graphql to a browser (Accept: text/html), self-contained, with a CSP that lets it load', async () => {
    const res = await app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<title>regkg GraphQL</title>');
    expect(res.body).toContain('CvScreeningDeployer');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('https:');
    // No CDN: the page must work on a closed network, so it loads nothing from another origin.
    expect(res.body).not.toMatch(/<script[^>]+src="https?:/);
  });

  it('keeps the strict site-wide CSP on GraphQL answers', async () => {
    const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } });
    expect(res.json()).toEqual({ data: { __typename: 'Query' } });
    expect(String(res.headers['content-security-policy'])).not.toContain("'unsafe-eval'");
  });

  it('accepts an application/graphql body', async () => {
    const res = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/graphql' }, payload: '{ __typename }' });
    expect(res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses other methods as the REST API does', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/graphql' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toContain('POST');
  });
});
