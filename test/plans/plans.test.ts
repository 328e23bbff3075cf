import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PlanSchema } from '../../src/domain/test-plan.js';
import { REPO_ROOT } from '../../src/graph/source-files.js';
import { loadCases } from '../conformance/case-schema.js';
import { testApp } from '../support/app.js';

const cv = { name: 'CV screener', roles: ['provider', 'deployer'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'], offeredLanguages: ['fr', 'de', 'lb'] };
const chatbot = { name: 'Helpdesk bot', roles: ['provider'], transparencyTriggers: ['interacts-with-natural-persons', 'generates-synthetic-content'], offeredLanguages: ['en', 'lb'] };

/** The Python that has compliance-trestle (NIST OSCAL models): .ci/run installs it in .venv-oscal. */
const PYTHON = [process.env.REGKG_OSCAL_PYTHON, join(REPO_ROOT, '.venv-oscal/bin/python')].find((p) => p && existsSync(p));

function validateOscal(docs: unknown[]): string[] {
  const r = spawnSync(PYTHON!, [join(REPO_ROOT, 'test/plans/validate_oscal.py')], { input: docs.map((d) => JSON.stringify(d)).join('\n'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim().split('\n');
}

describe('test plans and evidence checklists', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

  it('groups the checks for a CV screener into suites, with parameters, evidence, obligations and deadlines', async () => {
    const res = await post('/v1/plans?asOf=2026-11-28', cv);
    expect(res.statusCode).toBe(200);
    const plan = PlanSchema.parse(res.json());
    expect(plan.riskClasses).toEqual(['high-risk']);
    const checks = plan.suites.flatMap((s) => s.checks);
    expect(checks.length).toBeGreaterThan(5);
    const bias = checks.find((c) => c.parameters.protectedAttributes);
    expect(bias?.parameters.protectedAttributes).toEqual(expect.arrayContaining(['sex', 'age']));
    for (const c of checks) {
      expect(c.obligations.length).toBeGreaterThan(0);
      expect(c.dueBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(plan.evidence.map((e) => e.evidence).length).toBeGreaterThan(5);
    expect(checks.some((c) => c.technique.includes('hallucination'))).toBe(false);
  });

  it('adds hallucination analysis and language parity over the offered languages only for a generative system', async () => {
    const plan = PlanSchema.parse((await post('/v1/plans?asOf=2026-11-28', chatbot)).json());
    const checks = plan.suites.flatMap((s) => s.checks);
    const langChecks = checks.filter((c) => Array.isArray(c.parameters.languages));
    expect(langChecks.length).toBeGreaterThan(0);
    for (const c of langChecks) expect(c.parameters.languages).toEqual(['en', 'lb']);
  });

  it('returns the same bytes for the same profile', async () => {
    const a = await post('/v1/plans?asOf=2026-11-28', cv);
    const b = await post('/v1/plans?asOf=2026-11-28', { ...cv });
    expect(a.body).toBe(b.body);
    const o1 = await post('/v1/plans?asOf=2026-11-28&format=oscal', cv);
    const o2 = await post('/v1/plans?asOf=2026-11-28&format=oscal', cv);
    expect(o1.body).toBe(o2.body);
  });

  it('exports an OSCAL assessment plan whose controls are the applicable obligations', async () => {
    const res = await post('/v1/plans?asOf=2026-11-28&format=oscal', cv);
    expect(res.headers['content-type']).toMatch(/application\/oscal\+json/);
    const ap = res.json()['assessment-plan'];
    expect(ap.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ap.metadata['oscal-version']).toBe('1.1.2');
    const controls = ap['reviewed-controls']['control-selections'][0]['include-controls'].map((c: { 'control-id': string }) => c['control-id']);
    expect(controls).toContain('aia-art9-1');
    expect(ap.tasks.length).toBe(ap['local-definitions'].activities.length);
  });

  it.runIf(PYTHON)('produces OSCAL that NIST-schema-generated models accept, for every conformance profile', async () => {
    const profiles = loadCases().filter((c) => !c.expect.error).map((c) => ({ profile: c.profile, asOf: c.asOf ?? '2026-11-28' }));
    const docs: unknown[] = [];
    for (const { profile, asOf } of profiles) {
      const res = await post(`/v1/plans?asOf=${asOf}&format=oscal`, profile);
      expect(res.statusCode).toBe(200);
      docs.push(res.json());
    }
    const results = validateOscal(docs);
    expect(results.filter((r) => r !== 'ok').slice(0, 3)).toEqual([]);
    expect(results).toHaveLength(docs.length);
  });

  it.runIf(PYTHON)('has an OSCAL validator that rejects a broken document', () => {
    expect(validateOscal([{ 'assessment-plan': { uuid: 'not-a-uuid', metadata: {} } }])[0]).toMatch(/^error/);
  });

  it('exports the evidence checklist as CSV and JSON', async () => {
    const csv = await post('/v1/evidence-checklist?asOf=2026-11-28&format=csv', cv);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('evidence,label,produced_by,due_by,obligations,provisions,status');
    expect(lines.length).toBeGreaterThan(5);
    const json = (await post('/v1/evidence-checklist?asOf=2026-11-28', cv)).json();
    expect(json.items.length).toBe(lines.length - 1);
    expect(json.items[0].provisions[0]).toMatch(/^https:\/\/w3id.org\/regkg\/eli\//);
  });

  it('publishes the plan, assessment and profile JSON Schemas', async () => {
    for (const name of ['plan.json', 'assessment.json', 'profile.json']) {
      const res = await app.inject({ method: 'GET', url: `/v1/schemas/${name}` });
      expect(res.statusCode).toBe(200);
      expect(res.json().$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
    expect((await app.inject({ method: 'GET', url: '/v1/schemas/nope.json' })).statusCode).toBe(404);
  });
});
