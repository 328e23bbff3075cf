import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';

describe('web UI assets', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = await testApp({ REGKG_STORE: 'memory' });
    const page = await app.inject({ url: '/' });
    base = /src="(\/app\/v-[\w-]+\/)js\/main\.js"/.exec(page.body)![1]!;
  });
  afterAll(() => app.close());

  it('serves the page at / naming a content-versioned asset prefix, revalidated on every load', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.body).not.toContain('{{ASSET_BASE}}');
    expect(res.body).toContain(`${base}css/app.css`);
  });

  it('answers 304 when the page has not changed', async () => {
    const first = await app.inject({ url: '/' });
    const again = await app.inject({ url: '/', headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves modules, styles and translations with their media types, cached for good under the version', async () => {
    const cases: [string, string][] = [['js/main.js', 'text/javascript; charset=utf-8'], ['css/app.css', 'text/css; charset=utf-8'], ['i18n/fr.json', 'application/json; charset=utf-8'], ['icon.svg', 'image/svg+xml']];
    for (const [path, type] of cases) {
      const res = await app.inject({ url: `${base}${path}` });
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('serves unversioned or stale-versioned asset paths without long caching', async () => {
    for (const url of ['/app/js/main.js', '/app/v-stale/js/main.js']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('answers 404 problems for anything outside the asset set', async () => {
    for (const url of ['/app/js/nope.js', '/app/../package.json', '/app/%2e%2e/src/app.ts', '/app/index.html', `${base}../../package.json`]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('leaves the API and the other routes alone', async () => {
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/risk-classes' })).headers['content-type']).toMatch(/json/);
  });
});
