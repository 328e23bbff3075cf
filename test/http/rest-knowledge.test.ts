import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';

describe('knowledge lookups', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('filters obligations by role and article, paginated', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/obligations?role=deployer&article=26&limit=5' });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.total).toBeGreaterThanOrEqual(10);
    expect(page.items).toHaveLength(5);
    for (const o of page.items) {
      expect(o.bearers).toContain('deployer');
      expect(o.legalBasis.some((b: { article: string }) => b.article === '26')).toBe(true);
    }
  });

  it('searches labels and summaries in French and German', async () => {
    const fr = (await app.inject({ method: 'GET', url: '/v1/obligations?q=travailleurs&lang=fr' })).json();
    expect(fr.items.map((o: { id: string }) => o.id)).toContain('aia-art26-7');
    const de = (await app.inject({ method: 'GET', url: '/v1/obligations?q=Arbeitnehmer' })).json();
    expect(de.total).toBeGreaterThan(0);
  });

  it('lists only obligations that can apply by a date', async () => {
    const early = (await app.inject({ method: 'GET', url: '/v1/obligations?asOf=2025-03-01&limit=500' })).json();
    const ids = early.items.map((o: { id: string }) => o.id);
    expect(ids).toContain('aia-art5-1-a');
    expect(ids).not.toContain('aia-art26-7');
  });

  it('rejects an unknown role with the allowed values', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/obligations?role=king' });
    expect(res.statusCode).toBe(400);
    expect(res.json().allowed).toContain('deployer');
  });

  it('returns one obligation with dates under both law versions', async () => {
    const o = (await app.inject({ method: 'GET', url: '/v1/obligations/aia-art26-7' })).json();
    expect(o.bearers).toEqual(['deployer']);
    const byVersion = Object.fromEntries(o.dates.map((d: { lawVersion: string; earliest: string }) => [d.lawVersion, d.earliest]));
    expect(byVersion['aia-2024']).toBe('2026-08-02');
    expect(byVersion['aia-2026']).toBe('2027-12-02');
    expect((await app.inject({ method: 'GET', url: '/v1/obligations/aia-art999' })).statusCode).toBe(404);
  });

  it('resolves provisions by several spellings, with their obligations', async () => {
    for (const ref of ['26(7)', 'art_26/par_7']) {
      const p = (await app.inject({ method: 'GET', url: `/v1/provisions/${encodeURIComponent(ref)}` })).json();
      expect(p.iri).toBe('https://w3id.org/regkg/eli/reg/2024/1689/art_26/par_7');
      expect(p.obligations.map((o: { id: string }) => o.id)).toContain('aia-art26-7');
    }
    expect((await app.inject({ method: 'GET', url: '/v1/provisions/annex-iii' })).json().kind).toBe('Annex');
  });

  it('publishes the vocabulary, risk classes, law versions and timeline', async () => {
    const voc = (await app.inject({ method: 'GET', url: '/v1/vocabulary' })).json();
    const annexIII = voc.schemes.find((s: { id: string }) => s.id === 'annex-iii');
    expect(annexIII.concepts).toHaveLength(25);
    const rc = (await app.inject({ method: 'GET', url: '/v1/risk-classes?lang=de' })).json();
    expect(rc.concepts.map((c: { id: string }) => c.id).sort()).toEqual(['gpai', 'gpai-systemic-risk', 'high-risk', 'minimal', 'prohibited', 'transparency']);
    const lv = (await app.inject({ method: 'GET', url: '/v1/law-versions' })).json();
    expect(lv.map((v: { id: string }) => v.id)).toEqual(['aia-2024', 'aia-2026']);
    const tl = (await app.inject({ method: 'GET', url: '/v1/timeline' })).json();
    expect(tl.items.map((i: { date: string }) => i.date)).toContain('2027-12-02');
  });

  it('serves OpenAPI 3.1 and Swagger UI', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/v1/assessments');
    const ui = await app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
  });

  it('serves health, readiness and metrics', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json().status).toBe('ready');
    const m = await app.inject({ method: 'GET', url: '/metrics' });
    expect(m.body).toMatch(/regkg_http_requests_total/);
  });

  it('counts requests and times them per method, route and status', async () => {
    const fresh = await testApp();
    const count = async (labels: string): Promise<number> => {
      const body = (await fresh.inject({ method: 'GET', url: '/metrics' })).body;
      const line = body.split('\n').find((l) => l.startsWith(`regkg_http_requests_total{${labels}}`));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    for (let i = 0; i < 3; i++) await fresh.inject({ method: 'GET', url: '/v1/risk-classes' });
    await fresh.inject({ method: 'GET', url: '/v1/obligations/no-such-duty' });
    await fresh.inject({ method: 'GET', url: '/v1/obligations/aia-art4' });
    expect(await count('method="GET",route="/v1/risk-classes",status="200"')).toBe(3);
    expect(await count('method="GET",route="/v1/obligations/:id",status="404"')).toBe(1);
    expect(await count('method="GET",route="/v1/obligations/:id",status="200"')).toBe(1);
    const body = (await fresh.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toMatch(/regkg_http_request_duration_seconds_count\{method="GET",route="\/v1\/risk-classes"\} 3/);
    await fresh.close();
  });
});

describe('OpenAPI security', () => {
  it('declares the API key and bearer schemes on register routes only', async () => {
    const app = await testApp();
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
    expect(doc.paths['/v1/systems'].post.security).toEqual([{ apiKey: [] }, { bearer: [] }]);
    expect(doc.paths['/v1/obligations'].get.security).toBeUndefined();
    await app.close();
  });
});
