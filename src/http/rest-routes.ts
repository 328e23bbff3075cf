import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RegkgError } from '../errors.js';
import { parseWith } from '../domain/validate.js';
import { AssessmentSchema, QuestionSchema } from '../domain/assessment-schema.js';
import { jsonSchema } from './json-schema.js';
import { negotiateLang } from './language.js';
import { AssessQuery, AssessmentQuery, IdParam, LangQuery, RefParam, obligationQuery } from './rest-schemas.js';
import { AssessmentSummarySchema } from '../domain/assessment-summary.js';
import { views } from './views.js';
import { requireJson } from './require-json.js';
import { LawVersionsSchema, ObligationDetailSchema, ObligationPageSchema, ProvisionSchema, SchemeSchema, TimelineSchema, VocabularySchema } from './view-schemas.js';
import { CompactAssessmentSchema } from '../domain/assessment-compact.js';
import { profileContext } from '../domain/profile-context.js';

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
    instance: { type: 'string' }, code: { type: 'string' }, requestId: { type: 'string' }, field: { type: 'string' },
    allowed: { type: 'array', items: { type: 'string' } },
    errors: { type: 'array', items: { type: 'object' } },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
};
const errors = { 400: problemSchema, 404: problemSchema, 413: problemSchema, 415: problemSchema, 429: problemSchema };

/** The REST API: each handler validates with zod, calls the core once, and returns its answer. */
export async function restRoutes(app: FastifyInstance): Promise<void> {
  const core = app.core;
  const ObligationQuery = obligationQuery(core);

  app.post('/assessments', {
    schema: {
      tags: ['assessment'],
      summary: 'Assess a described AI system',
      description: 'Risk classes, obligations with their legal basis, dates and explanations, for a system profile (contract v1). `asOf` (default today) selects the law version in force. `view=compact` writes each explanation step, check and evidence type once and references them by id from the duties (under half the bytes). `view=summary` returns only classes, duty ids, roles and dates.',
      querystring: jsonSchema(AssessmentQuery, 'input'),
      body: jsonSchema(core.profileSchema, 'input'),
      response: { 200: { anyOf: [jsonSchema(AssessmentSchema), jsonSchema(CompactAssessmentSchema), jsonSchema(AssessmentSummarySchema)] }, ...errors },
    },
  }, async (req, reply) => {
    requireJson(req, { jsonLd: true });
    const q = parseWith(AssessmentQuery, req.query);
    const json = core.assessJson(req.body, { asOf: q.asOf, lang: negotiateLang(req, q.lang), view: q.view });
    // Sent as a Buffer: encoded once, not measured and then encoded again.
    return reply.type('application/json; charset=utf-8').send(Buffer.from(json));
  });

  app.post('/questionnaire', {
    schema: {
      tags: ['assessment'],
      summary: 'Next questions for a partial profile',
      description: 'Fields not yet answered that could still change the outcome, derived from the rules, each with its provisions and allowed answers.',
      querystring: jsonSchema(AssessQuery, 'input'),
      body: jsonSchema(core.profileSchema.partial(), 'input'),
      response: { 200: jsonSchema(z.object({ questions: z.array(QuestionSchema), riskClasses: z.array(z.string()), inScope: z.boolean(), obligationCount: z.number() })), ...errors },
    },
  }, async (req) => {
    requireJson(req, { jsonLd: true });
    const q = parseWith(AssessQuery, req.query);
    const r = core.questionnaire(req.body ?? {}, { asOf: q.asOf, lang: negotiateLang(req, q.lang) });
    return { questions: r.questions, riskClasses: r.assessment.riskClasses, inScope: r.assessment.inScope, obligationCount: r.assessment.obligations.length };
  });

  app.get('/obligations', {
    schema: { tags: ['knowledge'], summary: 'Search and filter obligations', querystring: jsonSchema(ObligationQuery, 'input'), response: { 200: jsonSchema(ObligationPageSchema), ...errors } },
  }, async (req) => {
    const q = parseWith(ObligationQuery, req.query);
    return core.catalogue.list({ ...q, lang: negotiateLang(req, q.lang) });
  });

  app.get('/obligations/:id', {
    schema: { tags: ['knowledge'], summary: 'One obligation', params: jsonSchema(IdParam, 'input'), querystring: jsonSchema(LangQuery, 'input'), response: { 200: jsonSchema(ObligationDetailSchema), ...errors } },
  }, async (req) => {
    const { id } = parseWith(IdParam, req.params);
    const q = parseWith(LangQuery, req.query);
    const lang = negotiateLang(req, q.lang);
    const view = core.catalogue.get(id, lang);
    if (!view) throw new RegkgError('NOT_FOUND', { path: req.url });
    return { ...view, ...views.checksOf(core, id, lang) };
  });

  app.get('/provisions/:ref', {
    schema: { tags: ['knowledge'], summary: 'A provision (article, paragraph, point or annex) with its obligations', description: 'ref: `26`, `26(7)`, `16(a)`, `art_26/par_7`, `annex-iii`, `anx_III/pnt_4`.', params: jsonSchema(RefParam, 'input'), querystring: jsonSchema(LangQuery, 'input'), response: { 200: jsonSchema(ProvisionSchema), ...errors } },
  }, async (req) => {
    const { ref } = parseWith(RefParam, req.params);
    const q = parseWith(LangQuery, req.query);
    const iri = core.catalogue.resolveProvisionRef(decodeURIComponent(ref));
    if (!iri) throw new RegkgError('NOT_FOUND', { path: req.url });
    return views.provision(core, iri, negotiateLang(req, q.lang));
  });

  app.get('/risk-classes', { schema: { tags: ['knowledge'], summary: 'Risk classes', querystring: jsonSchema(LangQuery, 'input'), response: { 200: jsonSchema(SchemeSchema), ...errors } } }, async (req) => {
    const q = parseWith(LangQuery, req.query);
    return views.scheme(core, 'risk-class', negotiateLang(req, q.lang));
  });

  app.get('/vocabulary', { schema: { tags: ['knowledge'], summary: 'Every id usable in a profile, with labels and provisions', querystring: jsonSchema(LangQuery, 'input'), response: { 200: jsonSchema(VocabularySchema), ...errors } } }, async (req) => {
    const q = parseWith(LangQuery, req.query);
    return views.vocabulary(core, negotiateLang(req, q.lang));
  });

  app.get('/law-versions', { schema: { tags: ['knowledge'], summary: 'Law versions and their application milestones', querystring: jsonSchema(LangQuery, 'input'), response: { 200: jsonSchema(LawVersionsSchema), ...errors } } }, async (req) => {
    const q = parseWith(LangQuery, req.query);
    return views.lawVersions(core, negotiateLang(req, q.lang));
  });

  const context = profileContext(core.k);
  app.get('/profile-context.jsonld', { schema: { tags: ['assessment'], summary: 'JSON-LD @context for profiles (send profiles as application/ld+json)' } }, async (_req, reply) => {
    reply.type('application/ld+json');
    return context;
  });

  app.get('/timeline', { schema: { tags: ['knowledge'], summary: 'Application dates of the Act under each law version', querystring: jsonSchema(LangQuery, 'input'), response: { 200: jsonSchema(TimelineSchema), ...errors } } }, async (req) => {
    const q = parseWith(LangQuery, req.query);
    return views.timeline(core, negotiateLang(req, q.lang));
  });
}
