import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';

const cv = { name: 'CV screener', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'] };

describe('POST /v1/assessments', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('assesses a CV screener used by an employer as high-risk with Art 26 duties', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-11-28&view=full', payload: cv });
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a.riskClasses).toEqual(['high-risk']);
    expect(a.lawVersion.id).toBe('aia-2026');
    const ids = a.obligations.map((o: { id: string }) => o.id);
    expect(ids).toContain('aia-art26-7');
    const art267 = a.obligations.find((o: { id: string }) => o.id === 'aia-art26-7');
    expect(art267.appliesFrom).toBe('2027-12-02');
    expect(art267.inForce).toBe(false);
    expect(art267.legalBasis[0]).toMatchObject({ article: '26', paragraph: '7' });
    expect(art267.because.map((b: { rule: string }) => b.rule)).toContain('deployer-employer');
  });

  it('answers under the published text before the amendment entered into force', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-06-01', payload: cv });
    const a = res.json();
    expect(a.lawVersion).toBe('aia-2024');
    expect(a.obligations.find((o: { id: string }) => o.id === 'aia-art26-7').appliesFrom).toBe('2026-08-02');
  });

  it('gives byte-identical answers for the same input', async () => {
    const one = await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-11-28', payload: cv });
    const two = await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-11-28', payload: { ...cv } });
    expect(one.body).toBe(two.body);
  });

  it('accepts the profile as JSON-LD', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-11-28', headers: { 'content-type': 'application/ld+json' }, payload: JSON.stringify({ '@context': 'https://w3id.org/regkg/v1/profile-context.jsonld', '@type': 'AISystemProfile', ...cv }) });
    expect(res.statusCode).toBe(200);
    expect(res.json().riskClasses).toEqual(['high-risk']);
  });

  it('publishes a JSON-LD context that turns a profile into RDF with concept IRIs', async () => {
    const ctx = (await app.inject({ method: 'GET', url: '/v1/profile-context.jsonld' })).json()['@context'];
    expect(ctx.annexIIIUseCases['@context']['@vocab']).toBe('https://w3id.org/regkg/concept/annex-iii/');
    expect(ctx.annexIProduct['@context'].legislation['@type']).toBe('@vocab');
    expect(ctx.placedOnMarketBefore['@type']).toBe('xsd:date');
    // A JSON-LD processor that no one here wrote reads a profile with it as RDF.
    const jsonld = (await import('jsonld')).default as unknown as { toRDF(doc: unknown, o: { format: string }): Promise<string> };
    const nquads = await jsonld.toRDF({ '@context': ctx, '@id': 'urn:example:cv', ...cv }, { format: 'application/n-quads' });
    expect(nquads).toContain('<urn:example:cv> <https://w3id.org/regkg/profile-field/annexIIIUseCases> <https://w3id.org/regkg/concept/annex-iii/annex-iii-4a>');
    expect(nquads).toContain('<https://w3id.org/regkg/profile-field/roles> <https://w3id.org/regkg/concept/role/deployer>');
  });

  it('answers in French when asked', async () => {
    const en = (await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-11-28&view=full', payload: cv })).json();
    const fr = (await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-11-28&view=full', headers: { 'accept-language': 'fr-FR,fr;q=0.9' }, payload: cv })).json();
    expect(fr.obligations[0].label).not.toBe(en.obligations[0].label);
    // The default view's explanation steps are in the asked language too.
    const frRefs = (await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-11-28', headers: { 'accept-language': 'fr' }, payload: cv })).json();
    expect(frRefs.explanations['hr-annex-iii'].label).toBe(fr.obligations[0].because.find((b: { rule: string }) => b.rule === 'hr-annex-iii').label);
  });

  it('rejects an unknown Annex III id naming the field and the allowed values', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/assessments', payload: { ...cv, annexIIIUseCases: ['annex-iii-9z'] } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = res.json();
    expect(p.code).toBe('REGKG_ERR_UNKNOWN_ID');
    expect(p.field).toBe('annexIIIUseCases.0');
    expect(p.allowed).toContain('annex-iii-4a');
    expect(p.allowed).toHaveLength(25);
  });

  it('rejects a missing name and an unknown field', async () => {
    const r1 = await app.inject({ method: 'POST', url: '/v1/assessments', payload: { roles: ['deployer'] } });
    expect(r1.statusCode).toBe(400);
    expect(r1.json()).toMatchObject({ code: 'REGKG_ERR_VALIDATION', field: 'name' });
    const r2 = await app.inject({ method: 'POST', url: '/v1/assessments', payload: { ...cv, colour: 'blue' } });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().field).toBe('colour');
  });

  it('rejects a malformed date and malformed JSON', async () => {
    const r1 = await app.inject({ method: 'POST', url: '/v1/assessments?asOf=2026-13-45', payload: cv });
    expect(r1.statusCode).toBe(400);
    const r2 = await app.inject({ method: 'POST', url: '/v1/assessments', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().code).toBe('REGKG_ERR_VALIDATION');
  });

  it('rejects days that do not exist, as asOf and in a profile, and accepts 29 February of a leap year', async () => {
    for (const asOf of ['2026-02-30', '2027-02-29', '2026-04-31']) {
      const r = await app.inject({ method: 'POST', url: `/v1/assessments?asOf=${asOf}`, payload: cv });
      expect(r.statusCode, asOf).toBe(400);
      expect(r.json()).toMatchObject({ code: 'REGKG_ERR_VALIDATION', field: 'asOf' });
    }
    const bad = await app.inject({ method: 'POST', url: '/v1/assessments', payload: { ...cv, placedOnMarketBefore: '2026-02-30' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('placedOnMarketBefore');
    for (const url of ['/v1/assessments?asOf=2028-02-29', '/v1/assessments?asOf=2026-11-28']) {
      expect((await app.inject({ method: 'POST', url, payload: { ...cv, placedOnMarketBefore: '2024-02-29' } })).statusCode).toBe(200);
    }
  });

  it('answers 415 for a wrong content type, 413 for a huge body, 405 for a wrong method, 404 elsewhere', async () => {
    const r415 = await app.inject({ method: 'POST', url: '/v1/assessments', headers: { 'content-type': 'text/xml' }, payload: '<x/>' });
    expect(r415.statusCode).toBe(415);
    expect(r415.json().code).toBe('REGKG_ERR_UNSUPPORTED_MEDIA_TYPE');
    const r413 = await app.inject({ method: 'POST', url: '/v1/assessments', payload: { ...cv, description: 'x'.repeat(2 * 1024 * 1024) } });
    expect(r413.statusCode).toBe(413);
    const r405 = await app.inject({ method: 'GET', url: '/v1/assessments' });
    expect(r405.statusCode).toBe(405);
    expect(r405.headers.allow).toContain('POST');
    const r404 = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(r404.statusCode).toBe(404);
    expect(r404.json()).toMatchObject({ code: 'REGKG_ERR_NOT_FOUND', status: 404 });
    for (const r of [r415, r413, r405, r404]) expect(r.body).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('POST /v1/questionnaire', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('asks about the Art 6(3) conditions and profiling for an Annex III system', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/questionnaire?asOf=2026-11-28', payload: { roles: ['provider'], annexIIIUseCases: ['annex-iii-4a'] } });
    expect(res.statusCode).toBe(200);
    const fields = res.json().questions.map((q: { field: string }) => q.field);
    expect(fields).toContain('derogationConditions');
    expect(fields).not.toContain('annexIIIUseCases');
  });

  it('does not ask a question that cannot change the outcome', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/questionnaire', payload: { roles: ['provider'], scopeExclusions: ['military-defence-national-security'] } });
    const fields = res.json().questions.map((q: { field: string }) => q.field);
    expect(fields).not.toContain('annexIIIUseCases');
    expect(fields).not.toContain('transparencyTriggers');
  });
});

describe('POST /v1/assessments views', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  const profiles = [
    cv,
    { name: 'scorer', roles: ['provider', 'deployer'], annexIIIUseCases: ['annex-iii-5b'], deployerContext: ['financial-institution'], profilesNaturalPersons: true },
    { name: 'press', roles: ['product-manufacturer'], annexIProduct: { legislation: 'machinery', safetyComponentOrProduct: true, thirdPartyConformityAssessment: true } },
    { name: 'model', roles: ['provider'], gpaiModel: { trainingComputeFlop: 3e25, openWeights: true }, transparencyTriggers: ['generates-synthetic-content'] },
    { name: 'bot', roles: ['deployer'], transparencyTriggers: ['interacts-with-natural-persons', 'deep-fake'] },
    { name: 'scoring', roles: ['provider'], prohibitedPractices: ['social-scoring'] },
    { name: 'lab', roles: ['provider'], scopeExclusions: ['scientific-research-only'] },
  ];
  const post = async (view: string, payload: object, lang = 'en') => {
    const res = await app.inject({ method: 'POST', url: `/v1/assessments?asOf=2026-11-28&lang=${lang}${view ? `&view=${view}` : ''}`, payload });
    expect(res.statusCode).toBe(200);
    return res;
  };

  it('compact: the full answer, with explanations, checks and evidence written once and referenced by id', async () => {
    let fullBytes = 0;
    let compactBytes = 0;
    for (const p of profiles) {
      for (const lang of ['en', 'de']) {
        const fullRes = await post('full', p, lang);
        const compactRes = await post('compact', p, lang);
        fullBytes += fullRes.body.length;
        compactBytes += compactRes.body.length;
        const full = fullRes.json();
        const c = compactRes.json();
        // Expanding the references gives back the full answer, obligation summaries apart.
        const expanded = {
          ...c,
          obligations: c.obligations.map((o: { because: string[]; checks: string[]; evidence: string[] }) => ({
            ...o,
            because: o.because.map((rule) => ({ rule, ...c.explanations[rule] })),
            checks: o.checks.map((technique) => ({ technique, ...c.checks[technique] })),
            evidence: o.evidence.map((evidence) => ({ evidence, ...c.evidence[evidence] })),
          })),
        };
        delete expanded.explanations;
        delete expanded.checks;
        delete expanded.evidence;
        const withoutSummaries = { ...full, obligations: full.obligations.map(({ summary: _s, ...o }: { summary: string }) => o) };
        expect(JSON.stringify(expanded), `${p.name} ${lang}`).toBe(JSON.stringify(withoutSummaries));
        // Nothing is listed that no duty refers to.
        const used = new Set(c.obligations.flatMap((o: { because: string[] }) => o.because));
        expect(Object.keys(c.explanations).sort()).toEqual([...used].sort());
      }
    }
    expect(compactBytes).toBeLessThan(fullBytes / 2);
  });

  it('summary: the same classes, duties, roles and dates as the full answer', async () => {
    for (const p of profiles) {
      const full = (await post('full', p)).json();
      const s = (await post('summary', p)).json();
      expect(s).toEqual({
        inScope: full.inScope,
        riskClasses: full.riskClasses,
        obligations: full.obligations.map((o: { id: string; role: string; appliesFrom: string; inForce: boolean }) => ({ id: o.id, role: o.role, appliesFrom: o.appliesFrom, inForce: o.inForce })),
        notApplicable: full.notApplicable.map((n: { regime: string }) => n.regime),
        warnings: full.warnings.length,
        lawVersion: full.lawVersion.id,
        asOf: full.asOf,
        knowledgeVersion: full.knowledgeVersion,
      });
    }
  });

  it('refs (the default): the full answer\'s conclusions, each duty naming its rules, checks and evidence by id', async () => {
    let fullBytes = 0;
    let refsBytes = 0;
    for (const p of profiles) {
      for (const lang of ['en', 'fr']) {
        const fullRes = await post('full', p, lang);
        const refsRes = await post('', p, lang);
        expect((await post('refs', p, lang)).body).toBe(refsRes.body);
        fullBytes += fullRes.body.length;
        refsBytes += refsRes.body.length;
        const full = fullRes.json();
        const steps: Record<string, object> = {};
        for (const o of full.obligations) for (const { rule, ...step } of o.because) steps[rule] = step;
        const expected = {
          inScope: full.inScope,
          outOfScopeReasons: full.outOfScopeReasons,
          riskClasses: full.riskClasses,
          obligations: full.obligations.map((o: { id: string; role: string; deontic: string; appliesFrom: string; inForce: boolean; because: { rule: string }[]; checks: { technique: string }[]; evidence: { evidence: string }[] }) => ({
            id: o.id,
            role: o.role,
            deontic: o.deontic,
            appliesFrom: o.appliesFrom,
            inForce: o.inForce,
            because: o.because.map((b) => b.rule),
            checks: o.checks.map((c) => c.technique),
            evidence: o.evidence.map((e) => e.evidence),
          })),
          explanations: Object.fromEntries(Object.keys(steps).sort().map((k) => [k, steps[k]])),
          notApplicable: full.notApplicable,
          questions: full.questions.map((q: { field: string }) => q.field),
          lawVersion: full.lawVersion.id,
          asOf: full.asOf,
          knowledgeVersion: full.knowledgeVersion,
          warnings: full.warnings,
        };
        expect(refsRes.body, `${p.name} ${lang}`).toBe(JSON.stringify(expected));
      }
    }
    expect(refsBytes).toBeLessThan(fullBytes / 4);
  });

  it('refs: every technique and evidence id an answer names resolves in the catalogue routes', async () => {
    const a = (await post('', profiles[1]!)).json();
    const techniques = new Set<string>(a.obligations.flatMap((o: { checks: string[] }) => o.checks));
    const evidence = new Set<string>(a.obligations.flatMap((o: { evidence: string[] }) => o.evidence));
    expect(techniques.size).toBeGreaterThan(5);
    for (const id of techniques) {
      const r = await app.inject({ method: 'GET', url: `/v1/techniques/${id}` });
      expect(r.statusCode, id).toBe(200);
      expect(r.json().id).toBe(id);
    }
    for (const id of evidence) {
      const r = await app.inject({ method: 'GET', url: `/v1/evidence-types/${id}` });
      expect(r.statusCode, id).toBe(200);
      // The catalogue links back: the evidence type lists at least one duty of this answer that requires it.
      const duties = a.obligations.filter((o: { evidence: string[] }) => o.evidence.includes(id)).map((o: { id: string }) => o.id);
      expect(r.json().obligations.some((ob: string) => duties.includes(ob)), id).toBe(true);
    }
  });

  it('is byte-identical for the same input in every view, and refuses an unknown view naming the allowed ones', async () => {
    for (const view of ['refs', 'full', 'compact', 'summary']) expect((await post(view, cv)).body).toBe((await post(view, { ...cv })).body);
    const bad = await app.inject({ method: 'POST', url: '/v1/assessments?view=tiny', payload: cv });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'view', allowed: ['refs', 'full', 'compact', 'summary'] });
  });
});
