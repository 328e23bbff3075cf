import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';

describe('security headers', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it.each([
    ['GET', '/v1/risk-classes'],
    ['POST', '/v1/assessments?view=summary'],
    ['GET', '/no-such-page'],
    ['GET', '/healthz'],
  ])('are set on %s %s, successes and problems alike', async (method, url) => {
    const res = await app.inject({ method: method as 'GET' | 'POST', url, ...(method === 'POST' ? { payload: { name: 'x', roles: ['deployer'] } } : {}) });
    const csp = String(res.headers['content-security-policy']).split(';').sort();
    expect(csp).toEqual([
      "base-uri 'self'", "connect-src 'self'", "default-src 'self'", "font-src 'self' https: data:", "form-action 'self'", "frame-ancestors 'self'",
      "img-src 'self' data:", "object-src 'none'", "script-src 'self' 'unsafe-inline'", "script-src-attr 'none'", "style-src 'self' 'unsafe-inline'",
      'upgrade-insecure-requests',
    ]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-embedder-policy']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
