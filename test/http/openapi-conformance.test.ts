import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Ajv2020Module from 'ajv/dist/2020.js';

const Ajv2020 = Ajv2020Module as unknown as typeof Ajv2020Module.default;
import { testApp } from '../support/app.js';

interface Call {
  method: 'GET' | 'POST';
  url: string;
  payload?: unknown;
}

const cv = { name: 'CV screener', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'] };

/** One or more calls per route, good and bad, whose answers must match the published OpenAPI document. */
const CALLS: Call[] = [
  { method: 'POST', url: '/v1/assessments?asOf=2026-11-28', payload: cv },
  { method: 'POST', url: '/v1/assessments?asOf=2026-11-28&view=full', payload: cv },
  { method: 'POST', url: '/v1/assessments?asOf=2026-11-28&view=compact', payload: cv },
  { method: 'POST', url: '/v1/assessments?asOf=2026-11-28&view=summary', payload: cv },
  { method: 'POST', url: '/v1/assessments?asOf=2026-06-01', payload: { name: 'gpai', roles: ['provider'], gpaiModel: { trainingComputeFlop: 3e25 } } },
  { method: 'POST', url: '/v1/assessments', payload: { ...cv, roles: ['king'] } },
  { method: 'POST', url: '/v1/assessments', payload: { roles: [] } },
  { method: 'POST', url: '/v1/questionnaire', payload: { roles: ['provider'] } },
  { method: 'GET', url: '/v1/obligations?role=deployer&limit=3' },
  { method: 'GET', url: '/v1/obligations?role=nobody' },
  { method: 'GET', url: '/v1/obligations/aia-art26-7?lang=de' },
  { method: 'GET', url: '/v1/obligations/aia-art999' },
  { method: 'GET', url: '/v1/provisions/26(7)' },
  { method: 'GET', url: '/v1/provisions/art_999' },
  { method: 'GET', url: '/v1/risk-classes?lang=fr' },
  { method: 'GET', url: '/v1/vocabulary' },
  { method: 'GET', url: '/v1/law-versions' },
  { method: 'GET', url: '/v1/timeline' },
  { method: 'GET', url: '/v1/techniques?lang=de' },
  { method: 'GET', url: '/v1/techniques/performance-evaluation' },
  { method: 'GET', url: '/v1/techniques/no-such-technique' },
  { method: 'GET', url: '/v1/techniques/Not%20An%20Id' },
  { method: 'GET', url: '/v1/evidence-types' },
  { method: 'GET', url: '/v1/evidence-types/technical-documentation?lang=fr' },
  { method: 'GET', url: '/v1/evidence-types/no-such-evidence' },
];

function matchPath(paths: Record<string, unknown>, url: string): string | undefined {
  const path = url.split('?')[0]!;
  return Object.keys(paths).find((tpl) => new RegExp(`^${tpl.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
}

describe('OpenAPI conformance', () => {
  let app: FastifyInstance;
  let doc: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  beforeAll(async () => {
    app = await testApp();
    doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(() => app.close());

  it('documents every REST route with a response schema for its success status', () => {
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const ok = op.responses['200'] ?? op.responses['201'];
        if (!ok?.content) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing.filter((m) => !m.includes('/schemas/') && !m.includes('profile-context') && !m.includes('/plans') && !m.includes('/evidence-checklist'))).toEqual([]);
  });

  for (const call of CALLS) {
    it(`${call.method} ${call.url} answers as documented`, async () => {
      const res = await app.inject({ method: call.method, url: call.url, ...(call.payload ? { payload: call.payload as object } : {}) });
      const tpl = matchPath(doc.paths, call.url);
      expect(tpl, 'path documented').toBeDefined();
      const op = doc.paths[tpl!]![call.method.toLowerCase()]!;
      const response = op.responses[String(res.statusCode)];
      expect(response, `status ${res.statusCode} documented`).toBeDefined();
      const content = response!.content ?? {};
      const schema = (content['application/json'] ?? Object.values(content)[0])?.schema;
      expect(schema, 'schema documented').toBeDefined();
      const validate = ajv.compile(schema!);
      const ok = validate(res.json());
      expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
      expect(ok).toBe(true);
    });
  }
});
