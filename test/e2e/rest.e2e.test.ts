import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config/config.js';
import { sharedCore } from '../support/core.js';

describe('REST over a real port', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = await buildApp({ config: testConfig({ REGKG_RATE_LIMIT_MAX: 5, REGKG_RATE_LIMIT_WINDOW_MS: 60_000 }), core: sharedCore() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(() => app.close());

  it('assesses over HTTP with request ids and security headers, then rate-limits the client with a problem', async () => {
    const res = await fetch(`${base}/v1/assessments?asOf=2026-11-28`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'e2e-1' },
      body: JSON.stringify({ name: 'bot', roles: ['provider'], transparencyTriggers: ['interacts-with-natural-persons'] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('e2e-1');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await res.json()) as { riskClasses: string[] }).riskClasses).toEqual(['transparency']);
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) last = await fetch(`${base}/v1/law-versions`);
    expect(last!.status).toBe(429);
    expect(last!.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await last!.json()) as { code: string }).code).toBe('REGKG_ERR_RATE_LIMITED');
  });
});
