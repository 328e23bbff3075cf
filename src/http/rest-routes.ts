import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RegkgError } from '../errors.js';
import { parseWith } from '../domain/validate.js';
import { AssessmentSchema, QuestionSchema } from '../domain/assessment-schema.js';
import { jsonSchema } from './json-schema.js';
import { negotiateLang } from './language.js';
import { parsedOnce } from './parsed-once.js';
import { AssessQuery, AssessmentQuery, EvidenceIdParam, IdParam, LangQuery, RefParam, TechniqueIdParam, obligationQuery } from './rest-schemas.js';
import { AssessmentSummarySchema } from '../domain/assessment-summary.js';
import { views } from './views.js';
import { requireJson } from './require-json.js';
import { EvidenceTypeListSchema, EvidenceTypeViewSchema, LawVersionsSchema, ObligationDetailSchema, ObligationPageSchema, ProvisionSchema, SchemeSchema, TechniqueListSchema, TechniqueViewSchema, TimelineSchema, VocabularySchema } from './view-schemas.js';
import { RefsAssessmentSchema } from '../domain/assessment-refs.js';
import { CompactAssessmentSchema } from '../domain/assessment-compact.js';
import { profileContext } from '../domain/profile-context.js';
import { AssessPool } from './assess-pool.js';
import type { Lang } from '../graph/graph-view.js';

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

const pools = new WeakMap<object, AssessPool>();
/** The assessment threads of an app (tests and benches look at them). Keyed by the app's config, shared by its plugins. */
export function assessPool(app: FastifyInstance): AssessPool | undefined {
  return pools.get(app.config);
}

/** The REST API: each handler validates with zod, calls the core once, and returns its answer. */
export async function restRoutes(app: FastifyInstance): Promise<void> {
  const core = app.core;
  const ObligationQuery = obligationQuery(core);
  const pool = new AssessPool(core, {
    size: app.config.REGKG_ASSESS_THREADS,
    idleMs: app.config.REGKG_ASSESS_THREAD_IDLE_MS,
    onEvent: (e) => (e.type === 'crash' ? app.log.warn(e, 'assessment thread crashed') : app.log.debug(e, `assessment thread ${e.type}`)),
  });
  pools.set(app.config, pool);
  app.addHook('onClose', async () => pool.close());

  // Most callers send the same few query strings: each is parsed once (an error is never kept, so it is always
  // reported in full).
  const assessmentQuery = parsedOnce(AssessmentQuery);

  app.post('/assessments', {
    schema: {
      tags: ['assessment'],
      summary: 'Assess a described AI system',
      description: 'Risk classes, the duties that apply to whom from when, and why, for a system profile. `asOf` (default today) selects the law version in force. The default view (`refs`) gives each duty the ids of the rules that made it apply, of the checks to run and of the evidence to keep; each rule step (its facts and provisions) is written once in `explanations`, and catalogue texts are left to the catalogue routes (`/v1/obligations/{id}`, `/v1/techniques/{id}`, `/v1/evidence-types/{id}`). `view=full` inlines everything (contract v1 of issue 3); `view=compact` writes each step, check and evidence type once with its text; `view=summary` returns only classes, duty ids, roles and dates.',
      querystring: jsonSchema(AssessmentQuery, 'input'),
      body: jsonSchema(core.profileSchema, 'input'),
      response: { 200: { anyOf: [jsonSchema(RefsAssessmentSchema), jsonSchema(AssessmentSchema), jsonSchema(CompactAssessmentSchema), jsonSchema(AssessmentSummarySchema)] }, ...errors },
    },
  }, async (req, reply) => {
    requireJson(req, { jsonLd: true });
    const q = assessmentQuery(req.url, req.query);
    const bytes = await pool.assessBytes({ input: req.body, asOf: q.asOf, lang: negotiateLang(req, q.lang), view: q.view });
    // Sent as a Buffer: encoded once, not measured and then encoded again (a string reply cost the full view 15 %
    // more server CPU); the refs view comes as bytes, most of them encoded once per rules' outcome.
    return reply.type('application/json; charset=utf-8').send(bytes);
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

  // The technique and evidence catalogue: what the ids in an assessment's `checks` and `evidence` stand for.
  catalogueRoutes(app, {
    path: '/techniques',
    summary: ['Techniques (checks) that demonstrate duties', 'One technique'],
    schemas: [TechniqueListSchema, TechniqueViewSchema, TechniqueIdParam],
    ids: () => [...core.techniques.techniques.keys()],
    view: (id, lang) => views.technique(core, id, lang),
  });
  catalogueRoutes(app, {
    path: '/evidence-types',
    summary: ['Evidence types that document compliance', 'One evidence type'],
    schemas: [EvidenceTypeListSchema, EvidenceTypeViewSchema, EvidenceIdParam],
    ids: () => [...core.techniques.evidence.keys()],
    view: (id, lang) => views.evidenceType(core, id, lang),
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

/** A catalogue as two routes: the whole list (sorted by id) and one entry by id (404 problem when unknown). */
function catalogueRoutes<T>(app: FastifyInstance, c: {
  path: string;
  summary: [list: string, one: string];
  schemas: [list: z.ZodType, one: z.ZodType, idParam: z.ZodType<{ id: string }>];
  ids: () => string[];
  view: (id: string, lang: Lang) => T | undefined;
}): void {
  const [ListSchema, OneSchema, IdSchema] = c.schemas;
  app.get(c.path, {
    schema: { tags: ['knowledge'], summary: c.summary[0], querystring: jsonSchema(LangQuery, 'input'), response: { 200: jsonSchema(ListSchema), ...errors } },
  }, async (req) => {
    const lang = negotiateLang(req, parseWith(LangQuery, req.query).lang);
    const items = c.ids().sort().map((id) => c.view(id, lang)!);
    return { items, total: items.length };
  });
  app.get(`${c.path}/:id`, {
    schema: { tags: ['knowledge'], summary: c.summary[1], params: jsonSchema(IdSchema, 'input'), querystring: jsonSchema(LangQuery, 'input'), response: { 200: jsonSchema(OneSchema), ...errors } },
  }, async (req) => {
    const { id } = parseWith(IdSchema, req.params) as { id: string };
    const view = c.view(id, negotiateLang(req, parseWith(LangQuery, req.query).lang));
    if (!view) throw new RegkgError('NOT_FOUND', { path: req.url });
    return view;
  });
}
