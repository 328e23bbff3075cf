import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RegkgError } from '../errors.js';
import { parseWith } from '../domain/validate.js';
import { AssessmentSchema } from '../domain/assessment-schema.js';
import { PlanSchema, buildPlan, checklistCsv, planToOscal } from '../domain/test-plan.js';
import { IsoDate } from '../rules/rule-schema.js';
import { jsonSchema } from './json-schema.js';
import { requireJson } from './require-json.js';
import { negotiateLang } from './language.js';
import { Lang } from './rest-schemas.js';

const PlanQuery = z.strictObject({ asOf: IsoDate.optional(), lang: Lang.optional(), format: z.enum(['json', 'oscal']).default('json') });
const ChecklistQuery = z.strictObject({ asOf: IsoDate.optional(), lang: Lang.optional(), format: z.enum(['json', 'csv']).default('json') });

/** Test plans and evidence checklists for a profile: the assessment, regrouped for a sandbox configurator. */
export async function planRoutes(app: FastifyInstance): Promise<void> {
  const core = app.core;

  app.post('/plans', {
    schema: {
      tags: ['assessment'],
      summary: 'Configurator-ready test plan for a profile',
      description: 'The checks to run grouped into suites, with parameters, the evidence each produces, the obligations served and their deadlines. `format=oscal` returns an OSCAL 1.1 assessment plan (JSON).',
      querystring: jsonSchema(PlanQuery, 'input'),
      body: jsonSchema(core.profileSchema, 'input'),
      response: { 200: { description: 'Plan (JSON, schema at /v1/schemas/plan.json) or OSCAL assessment plan' } },
    },
  }, async (req, reply) => {
    requireJson(req, { jsonLd: true });
    const q = parseWith(PlanQuery, req.query);
    const lang = negotiateLang(req, q.lang);
    const a = core.assess(req.body, { asOf: q.asOf, lang });
    const plan = buildPlan(a, String((req.body as { name: string }).name), core.techniques, lang);
    if (q.format === 'oscal') {
      reply.type('application/oscal+json; charset=utf-8');
      return planToOscal(plan);
    }
    return plan;
  });

  app.post('/evidence-checklist', {
    schema: {
      tags: ['assessment'],
      summary: 'Evidence checklist for a profile (CSV or JSON)',
      description: 'Every evidence item the obligations require: who produces it, by when, on which provisions it rests.',
      querystring: jsonSchema(ChecklistQuery, 'input'),
      body: jsonSchema(core.profileSchema, 'input'),
    },
  }, async (req, reply) => {
    requireJson(req, { jsonLd: true });
    const q = parseWith(ChecklistQuery, req.query);
    const lang = negotiateLang(req, q.lang);
    const a = core.assess(req.body, { asOf: q.asOf, lang });
    const plan = buildPlan(a, String((req.body as { name: string }).name), core.techniques, lang);
    if (q.format === 'csv') {
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="evidence-checklist.csv"');
      return checklistCsv(plan);
    }
    return { system: plan.system, asOf: plan.asOf, knowledgeVersion: plan.knowledgeVersion, items: plan.evidence };
  });

  const schemas: Record<string, () => Record<string, unknown>> = {
    'plan.json': () => jsonSchema(PlanSchema),
    'assessment.json': () => jsonSchema(AssessmentSchema),
    'profile.json': () => jsonSchema(core.profileSchema, 'input'),
  };
  app.get('/schemas/:name', { schema: { tags: ['knowledge'], summary: 'JSON Schemas of the profile, assessment and plan (generated from zod)' } }, async (req, reply) => {
    const { name } = req.params as { name: string };
    const make = schemas[name];
    if (!make) throw new RegkgError('NOT_FOUND', { path: req.url });
    reply.type('application/schema+json');
    return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `https://w3id.org/regkg/schemas/${name}`, ...make() };
  });
}
