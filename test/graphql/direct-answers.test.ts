import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, FastifyRequest, InjectOptions } from 'fastify';
import { parse } from '../../src/graphql/graphql-js.js';
import { DirectAnswers } from '../../src/graphql/direct-answers.js';
import type { KeptAnswer } from '../../src/graphql/response-plans.js';
import { makeProfiles } from '../../bench/profiles.js';
import { loadCases } from '../conformance/case-schema.js';
import { testApp } from '../support/app.js';
import { OUTCOME_SELECTION } from './select-all.js';

const ASSESS = `query A($p: ProfileInput!, $asOf: Date, $lang: Lang) { assess(profile: $p, asOf: $asOf, lang: $lang) { ${OUTCOME_SELECTION} } }`;
const PAGE = 'query Page($role: String, $limit: Int) { obligations(role: $role, limit: $limit) { total items { id label deontic bearers legalBasis { article paragraph eurLex } } } }';
/** Two operations in one document: the operation name is part of the request's shape. */
const TWO_OPS = 'query Classes { riskClasses { id label } } query Versions { lawVersions { id label } }';

/** Headers that differ from one response to the next whoever writes them. */
const PER_RESPONSE = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: Buffer;
}

async function send(app: FastifyInstance, opts: InjectOptions): Promise<Answer> {
  const res = await app.inject(opts);
  const headers = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !PER_RESPONSE.has(k)));
  return { status: res.statusCode, headers, body: res.rawPayload };
}

function post(body: unknown, headers: Record<string, string> = {}): InjectOptions {
  return { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) };
}

/** The kept answers' counters from /metrics: stored, sent again by yoga, sent directly. */
async function counters(app: FastifyInstance): Promise<Record<'stored' | 'yoga' | 'direct', number>> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const read = (path: string) => Number(new RegExp(`^regkg_graphql_kept_answers_total\\{path="${path}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { stored: read('stored'), yoga: read('yoga'), direct: read('direct') };
}

/** Equal status, headers (but the per-response ones) and bytes; on a difference, where the bodies part. */
function same(got: Answer, want: Answer, what: string): void {
  if (!got.body.equals(want.body)) {
    const [a, b] = [got.body.toString(), want.body.toString()];
    let i = 0;
    while (a[i] === b[i]) i++;
    expect.fail(`${what}: differs at ${i}: ${a.slice(Math.max(0, i - 200), i + 80)} <> ${b.slice(Math.max(0, i - 200), i + 80)}`);
  }
  expect(got.status, what).toBe(want.status);
  expect(got.headers, what).toEqual(want.headers);
}

const ACCEPTS = [undefined, 'application/json', 'application/graphql-response+json', '*/*', 'application/graphql-response+json, application/json;q=0.9'];
const LANGS = [undefined, 'fr-FR,fr;q=0.9', 'de', 'en-GB'];

describe('kept answers sent by the route directly (ADR 0011)', () => {
  let app: FastifyInstance;
  let plain: FastifyInstance;
  beforeAll(async () => {
    app = await testApp({ REGKG_GRAPHQL_KEPT_ANSWERS: 100_000, REGKG_GRAPHQL_MAX_COST: 1_000_000, REGKG_GRAPHQL_MAX_DEPTH: 20 });
    plain = await testApp({ REGKG_GRAPHQL_KEPT_ANSWERS: 0, REGKG_GRAPHQL_MAX_COST: 1_000_000, REGKG_GRAPHQL_MAX_DEPTH: 20 });
  });
  afterAll(async () => {
    await app.close();
    await plain.close();
  });

  it('answers as yoga does, status, headers and bytes, for assess and lookups in every Accept and language, and sends repeats directly', async () => {
    const profiles = [...makeProfiles(150, 23), ...loadCases().filter((c) => !c.expect.error).map((c) => c.profile)];
    const requests: [string, InjectOptions][] = [];
    for (const [i, p] of profiles.entries()) {
      const accept = ACCEPTS[i % ACCEPTS.length];
      const lang = LANGS[(i >> 1) % LANGS.length];
      const headers: Record<string, string> = { ...(accept && { accept }), ...(lang && { 'accept-language': lang }) };
      const vars = i % 3 === 0 ? { p, asOf: '2028-08-02', lang: 'de' } : { p, asOf: '2026-11-28' };
      requests.push([`${JSON.stringify(p)} ${JSON.stringify(headers)}`, post({ query: ASSESS, variables: vars }, headers)]);
    }
    for (const [i, role] of ['provider', 'deployer', 'importer', 'distributor', 'authorised-representative'].entries()) {
      const headers: Record<string, string> = { accept: ACCEPTS[i % ACCEPTS.length] ?? 'application/json', 'accept-language': LANGS[i % LANGS.length] ?? 'en' };
      requests.push([`page ${role}`, post({ query: PAGE, variables: { role, limit: 10 } }, headers)]);
      requests.push([`two ops ${i}`, post({ query: TWO_OPS, operationName: i % 2 ? 'Classes' : 'Versions' }, headers)]);
    }
    const before = await counters(app);
    // Each request twice in a row: the second finds its shape learnt and its answer kept (answers of this selection
    // are 40-100 KiB: the 8 Mi-character budget holds about a hundred, so an older answer may be gone by then).
    for (const [what, opts] of requests) {
      const want = await send(plain, opts);
      expect(want.status, what).toBe(200);
      same(await send(app, opts), want, what);
      same(await send(app, opts), want, `again: ${what}`);
    }
    const after = await counters(app);
    const used = { stored: after.stored - before.stored, yoga: after.yoga - before.yoga, direct: after.direct - before.direct };
    // Every answer was kept or sent again, and every second request went straight from the route; earlier profiles
    // with the same outcome sent some first ones directly too.
    expect(used.stored + used.yoga + used.direct).toBe(requests.length * 2);
    expect(used.direct).toBeGreaterThanOrEqual(requests.length);
  }, 120_000);

  it('leaves to yoga every request of a shape it has not answered, and every refusal, with the same answer as execution', async () => {
    const q = 'query R($p: ProfileInput!) { assess(profile: $p, asOf: "2026-11-28") { riskClasses obligations { id } } }';
    const p = { name: 'x', roles: ['provider'], annexIIIUseCases: ['annex-iii-4a'] };
    const learnt = post({ query: q, variables: { p } }, { accept: 'application/json' });
    await send(app, learnt);
    const start = await counters(app);
    same(await send(app, learnt), await send(plain, learnt), 'learnt');
    expect((await counters(app)).direct).toBe(start.direct + 1);

    const others: [string, InjectOptions][] = [
      ['extensions', post({ query: q, variables: { p }, extensions: {} }, { accept: 'application/json' })],
      ['an unexpected parameter', post({ query: q, variables: { p }, extra: 1 }, { accept: 'application/json' })],
      ['another Accept', post({ query: q, variables: { p } }, { accept: 'application/graphql-response+json' })],
      ['an Accept yoga refuses', post({ query: q, variables: { p } }, { accept: 'text/plain' })],
      ['an operation name', post({ query: q, variables: { p }, operationName: 'R' }, { accept: 'application/json' })],
      ['a wrong operation name', post({ query: q, variables: { p }, operationName: 'S' }, { accept: 'application/json' })],
      ['a charset', { ...post({ query: q, variables: { p } }, { accept: 'application/json' }), headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' } }],
      ['variables as a list', post({ query: q, variables: [p] }, { accept: 'application/json' })],
      ['variables as a string', post({ query: q, variables: JSON.stringify({ p }) }, { accept: 'application/json' })],
      ['a batch', post([{ query: q, variables: { p } }], { accept: 'application/json' })],
      ['an unknown role', post({ query: q, variables: { p: { ...p, roles: ['no-such-role'] } } }, { accept: 'application/json' })],
      ['an unknown field', post({ query: q, variables: { p: { ...p, colour: 'red' } } }, { accept: 'application/json' })],
      ['no profile', post({ query: q, variables: {} }, { accept: 'application/json' })],
      ['no variables', post({ query: q }, { accept: 'application/json' })],
      ['an impossible date', post({ query: q, variables: { p: { ...p, placedOnMarketBefore: '2027-02-29' } } }, { accept: 'application/json' })],
      ['GET', { method: 'GET', url: `/graphql?query=${encodeURIComponent(q)}&variables=${encodeURIComponent(JSON.stringify({ p }))}`, headers: { accept: 'application/json' } }],
      ['application/graphql', { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/graphql', accept: 'application/json' }, payload: q }],
    ];
    for (const [what, opts] of others) {
      const mid = await counters(app);
      same(await send(app, opts), await send(plain, opts), what);
      expect((await counters(app)).direct, what).toBe(mid.direct);
    }
    // The learnt shape is still answered directly; so are the shapes yoga has answered with a kept answer since.
    for (const opts of [learnt, others[2]![1], others[4]![1], others[6]![1]]) {
      const mid = await counters(app);
      same(await send(app, opts), await send(plain, opts), JSON.stringify(opts.headers));
      expect((await counters(app)).direct).toBe(mid.direct + 1);
    }
  });

  it('sends the same bytes and headers over a real port', async () => {
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const body = JSON.stringify({ query: ASSESS, variables: { p: { name: 'cv', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'] }, asOf: '2027-12-02' } });
    const answers: { headers: [string, string][]; body: Buffer }[] = [];
    const start = await counters(app);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'fr' }, body });
      expect(res.status).toBe(200);
      answers.push({ headers: [...res.headers].filter(([k]) => !PER_RESPONSE.has(k)), body: Buffer.from(await res.arrayBuffer()) });
    }
    expect(answers[0]!.body.toString()).toContain('haut risque');
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
    expect((await counters(app)).direct).toBeGreaterThanOrEqual(start.direct + 1);
  });
});

describe('DirectAnswers bounds', () => {
  const kept: KeptAnswer = { text: '{"data":{}}', bytes: Buffer.from('{"data":{}}') };
  const request = (query: string): FastifyRequest => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: { query } }) as unknown as FastifyRequest;
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'content-length': '11' });
  const learn = (d: DirectAnswers, query: string) => d.learn(request(query), headers, { answer: kept, doc: parse(query) });

  it('remembers at most maxQueries query texts, the oldest going first, and never a long one', () => {
    const d = new DirectAnswers(() => kept, { maxQueries: 2, maxChars: 400 });
    for (const q of ['{ a }', '{ b }', '{ c }']) learn(d, q);
    expect(d.size()).toBe(2);
    expect(d.answer(request('{ a }'))).toBeUndefined();
    expect(d.answer(request('{ c }'))).toEqual({ bytes: kept.bytes, headers: [['content-type', 'application/json; charset=utf-8']] });
    learn(d, `{ ${'x'.repeat(100)} }`);
    expect(d.answer(request(`{ ${'x'.repeat(100)} }`))).toBeUndefined();
  });

  it('keeps within maxChars of query text', () => {
    const d = new DirectAnswers(() => kept, { maxQueries: 100, maxChars: 100 });
    for (let i = 0; i < 10; i++) learn(d, `{ f${i} ${'y'.repeat(15)} }`);
    expect(d.size()).toBeLessThanOrEqual(4);
    expect(d.answer(request(`{ f9 ${'y'.repeat(15)} }`))).toBeDefined();
  });

  it('answers nothing when the plugin keeps no answer under the key', () => {
    const d = new DirectAnswers(() => undefined);
    learn(d, '{ a }');
    expect(d.answer(request('{ a }'))).toBeUndefined();
  });
});
