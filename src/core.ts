import type oxigraph from 'oxigraph';
import type { z } from 'zod';
import { loadKnowledge, type Knowledge } from './graph/knowledge.js';
import { buildEmbeddedStore } from './graph/embedded-store.js';
import type { Lang } from './graph/graph-view.js';
import { Assessor, type AssessmentParts } from './domain/assess.js';
import { Catalogue } from './domain/catalogue.js';
import { buildProfileSchema, profileCheck } from './domain/profile.js';
import { parseWith } from './domain/validate.js';
import { RegkgError } from './errors.js';
import { IsoDate } from './rules/rule-schema.js';
import type { Assessment, Question } from './domain/assessment-types.js';
import { TechniqueIndex } from './domain/technique-index.js';
import { SUMMARY_SKIPS, summaryOf } from './domain/assessment-summary.js';
import { compactAssessmentJson } from './domain/assessment-compact.js';
import { RefsWriter } from './domain/assessment-refs.js';
import { assessmentJson } from './domain/shared-json.js';

/** The ways of writing an assessment (ADR 0006, 0007): `refs` is the default. */
export const ASSESSMENT_VIEWS = ['refs', 'full', 'compact', 'summary'] as const;
export type AssessmentView = (typeof ASSESSMENT_VIEWS)[number];

/**
 * The core every adapter (REST, GraphQL, SPARQL, CLI) shares: one knowledge version, its embedded store,
 * the assessment engine and the catalogue. Nothing here knows about HTTP.
 */
export interface Core {
  k: Knowledge;
  /** The knowledge graph in an embedded oxigraph store, built on first use. */
  readonly store: oxigraph.Store;
  assessor: Assessor;
  catalogue: Catalogue;
  techniques: TechniqueIndex;
  profileSchema: z.ZodObject;
  validateProfile(input: unknown): Record<string, unknown>;
  /** `skip`: parts the caller will not send, left empty (see AssessOptions). */
  assess(input: unknown, opts?: { asOf?: string; lang?: Lang; skip?: AssessmentParts }): Assessment;
  /** The assessment as JSON text in one of its views (ADR 0006): full (the v1 contract), compact or summary. */
  assessJson(input: unknown, opts: { asOf?: string; lang?: Lang; view: AssessmentView }): string;
  /** assessJson as UTF-8 bytes (what the HTTP layer sends). */
  assessBytes(input: unknown, opts: { asOf?: string; lang?: Lang; view: AssessmentView }): Buffer;
  questionnaire(input: unknown, opts?: { asOf?: string; lang?: Lang }): { questions: Question[]; assessment: Assessment };
  /**
   * The key of the rules' outcome for a profile (ADR 0008): two profiles with the same key get the same assessment
   * except for the facts its steps quote and the questions. Refuses what `assess` refuses, with the same error.
   */
  outcomeKey(input: unknown, opts: { asOf?: string; lang: Lang }): string;
}

/** Today as YYYY-MM-DD (UTC): the default `asOf`. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function checkDate(value: string | undefined, field: string): string {
  if (value === undefined) return today();
  if (!IsoDate.safeParse(value).success) throw new RegkgError('BAD_DATE', { value, field }, { field });
  return value;
}

export function createCore(k: Knowledge = loadKnowledge()): Core {
  const techniques = new TechniqueIndex(k);
  const assessor = new Assessor(k, techniques);
  const profileSchema = buildProfileSchema(k);
  const partialSchema = profileSchema.partial();
  const refs = new RefsWriter(assessor);
  // Assessments only read the profile: one that passes the fast check is used as given (see profileCheck); the
  // register and everything that stores a profile keep zod's normalised copy (validateProfile).
  const check = profileCheck(profileSchema);
  const forAssessment = (input: unknown): Record<string, unknown> => (check(input) ? input : (parseWith(profileSchema, input) as Record<string, unknown>));
  // The main thread's oxigraph store serves exports (JSON-LD, RDF/XML), the CLI and validation; SPARQL queries run
  // in worker threads with their own stores. Built on first use: a server that never exports saves ~30-60 MiB.
  let store: oxigraph.Store | undefined;
  const core: Core = {
    k,
    get store() {
      return (store ??= buildEmbeddedStore(k));
    },
    assessor,
    catalogue: new Catalogue(k),
    techniques,
    profileSchema,
    validateProfile: (input) => parseWith(profileSchema, input) as Record<string, unknown>,
    assess(input, opts = {}) {
      const asOf = checkDate(opts.asOf, 'asOf');
      const profile = forAssessment(input);
      return assessor.assess(profile, { asOf, lang: opts.lang, skip: opts.skip });
    },
    assessJson(input, { view, ...opts }) {
      if (view === 'summary') return JSON.stringify(summaryOf(core.assess(input, { ...opts, skip: SUMMARY_SKIPS })));
      if (view === 'refs') {
        const asOf = checkDate(opts.asOf, 'asOf');
        return refs.write(forAssessment(input), asOf, opts.lang);
      }
      const a = core.assess(input, opts);
      return view === 'compact' ? compactAssessmentJson(a) : assessmentJson(a);
    },
    assessBytes(input, opts) {
      if (opts.view === 'refs') {
        const asOf = checkDate(opts.asOf, 'asOf');
        return refs.writeBytes(forAssessment(input), asOf, opts.lang);
      }
      return Buffer.from(core.assessJson(input, opts));
    },
    outcomeKey(input, opts) {
      const asOf = checkDate(opts.asOf, 'asOf');
      return refs.keyOf(forAssessment(input), asOf, opts.lang);
    },
    questionnaire(input, opts = {}) {
      const asOf = checkDate(opts.asOf, 'asOf');
      const profile = parseWith(partialSchema, input ?? {}) as Record<string, unknown>;
      const assessment = assessor.assess(profile, { asOf, lang: opts.lang, withAllowedValues: true });
      return { questions: assessment.questions, assessment };
    },
  };
  return core;
}
