/**
 * GraphQL throughput over HTTP, against a baseline measured in the same run: a trivial `{ __typename }` on a bare
 * fastify + yoga app (same route code as regkg's). Then, on the full regkg app (helmet, CORS, metrics, request
 * ids): the same trivial query; `assess` with a compact selection (300 profiles, then a stream of 100,000 that never
 * repeat) and with the checks a configurator reads; `assess` with questions and facts (never kept: they are the
 * profile's own); an obligations page; the compact `assess` and the page again with an `extensions` member, which
 * the route's direct path leaves to yoga (ADR 0011), and on an app that keeps no answer (REGKG_GRAPHQL_KEPT_ANSWERS=0,
 * ADR 0009); and, for reference, POST /v1/assessments (REST) with the same profiles.
 * The servers run in a child process; autocannon (10 connections) in this one. About 45 s a round on 2 cores.
 * Run: npx tsx bench/graphql.ts [--rounds N]
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ServerContext } from '../src/graphql/context.js';
import { makeProfiles } from './profiles.js';

interface Histogram {
  average: number;
  p50: number;
  p99: number;
}
interface Result {
  requests: Histogram & { total: number };
  latency: Histogram;
  throughput: Histogram;
  non2xx: number;
  errors: number;
}
interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; requests: (Request & { setupRequest?: (r: Request) => Request })[] }) => Promise<Result>;
type Ports = { bare: string; app: string; plain: string };

const DURATION_S = 1.3;
const WARMUP_S = 0.4;
const CONNECTIONS = 10;
/** --rounds N: the whole list N times (default 1). */
const ROUNDS_AT = process.argv.indexOf('--rounds');
const ROUNDS = ROUNDS_AT >= 0 ? Math.max(1, Math.floor(Number(process.argv[ROUNDS_AT + 1])) || 1) : 1;

async function serve(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const { createYoga, createSchema } = await import('graphql-yoga');
  const { mountYoga } = await import('../src/graphql/fastify-route.js');
  const { buildApp } = await import('../src/app.js');
  const { testConfig } = await import('../src/config/config.js');

  const bare = Fastify();
  const yoga = createYoga<ServerContext>({ schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }), logging: false, graphiql: false, landingPage: false, cors: false });
  mountYoga(bare, yoga, '/graphql');
  const app = await buildApp({ config: testConfig({ REGKG_RATE_LIMIT_MAX: 0 }) });
  const plain = await buildApp({ config: testConfig({ REGKG_RATE_LIMIT_MAX: 0, REGKG_GRAPHQL_KEPT_ANSWERS: 0 }) });
  const ports: Ports = {
    bare: await bare.listen({ port: 0, host: '127.0.0.1' }),
    app: await app.listen({ port: 0, host: '127.0.0.1' }),
    plain: await plain.listen({ port: 0, host: '127.0.0.1' }),
  };
  process.send!(ports);
}

const ASSESS_RICH = `query Assess($p: ProfileInput!) {
  assess(profile: $p, asOf: "2026-11-28") {
    inScope riskClasses
    obligations { id label role appliesFrom inForce legalBasis { article paragraph point annex eurLex } because { rule label provisions facts } }
    questions { field question }
    timeline { date obligations }
    warnings { message }
  }
}`;
const ASSESS_CHECKS = `query Assess($p: ProfileInput!) {
  assess(profile: $p, asOf: "2026-11-28") {
    inScope riskClasses
    obligations { id label role appliesFrom legalBasis { article paragraph eurLex } because { rule } checks { technique automation produces } evidence { evidence } }
    explanations { rule label provisions }
    warnings { message }
  }
}`;
const ASSESS_COMPACT = `query Assess($p: ProfileInput!) {
  assess(profile: $p, asOf: "2026-11-28") { riskClasses obligations { id appliesFrom legalBasis { article paragraph } } }
}`;
const OBLIGATIONS = `query Page($role: String) {
  obligations(role: $role, limit: 20) { total items { id label deontic bearers riskClasses legalBasis { article paragraph eurLex } dates { lawVersion date } } }
}`;

const post = (query: string, variables?: Record<string, unknown>, extensions?: Record<string, unknown>): Request => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ query, variables, extensions }),
});

async function main(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: process.execArgv, stdio: 'inherit' });
  const ports = await new Promise<Ports>((resolve) => child.once('message', (m) => resolve(m as Ports)));

  const trivial = [post('{ __typename }')];
  const profiles = makeProfiles(300, 7);
  const rich = profiles.map((p) => post(ASSESS_RICH, { p }));
  const checks = profiles.map((p) => post(ASSESS_CHECKS, { p }));
  const compact = profiles.map((p) => post(ASSESS_COMPACT, { p }));
  const rest = profiles.map((p): Request => ({ method: 'POST', path: '/v1/assessments?asOf=2026-11-28', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p) }));
  const roles = ['provider', 'deployer', 'importer', 'distributor', 'gpai-model-provider'];
  const pages = roles.map((role) => post(OBLIGATIONS, { role }));
  // The same requests with an `extensions` member: the route's direct path leaves them to yoga (ADR 0011), which
  // still sends kept answers (ADR 0009).
  const compactViaYoga = profiles.map((p) => post(ASSESS_COMPACT, { p }, {}));
  const pagesViaYoga = roles.map((role) => post(OBLIGATIONS, { role }, {}));
  // A stream of profiles that never repeat within the run (another seed): answers kept by outcome, not by profile.
  const STREAM = 100_000;
  const stream = makeProfiles(STREAM, 4242).map((p) => JSON.stringify({ query: ASSESS_COMPACT, variables: { p } }));
  let next = 0;
  const streamed = [{ ...post(ASSESS_COMPACT), setupRequest: (r: Request): Request => ({ ...r, body: stream[next++ % STREAM]! }) }];

  // Every request must answer data without errors, or the figures mean nothing (REST failures count as non-2xx).
  for (const [url, reqs] of [[ports.app, [...trivial, ...rich, ...checks, ...compact, ...pages, ...compactViaYoga.slice(0, 5), ...pagesViaYoga]], [ports.bare, trivial]] as const) {
    for (const r of reqs) {
      const res = await fetch(`${url}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
      const body = (await res.json()) as { errors?: unknown[] };
      if (res.status !== 200 || body.errors) throw new Error(`${r.body.slice(0, 200)} -> ${res.status} ${JSON.stringify(body.errors)}`);
    }
  }

  // [name, url, requests, counts for the 70 % target]
  const scenarios: [string, string, Request[], boolean][] = [
    ['baseline: { __typename }, bare fastify + yoga', ports.bare, trivial, false],
    ['{ __typename }, full regkg app', ports.app, trivial, false],
    [`assess compact, ${profiles.length} varied profiles`, ports.app, compact, true],
    [`assess compact, ${STREAM.toLocaleString('en')} profiles, none repeated`, ports.app, streamed, true],
    ['assess with checks and explanations (300)', ports.app, checks, true],
    ['obligations page (20 items, 5 roles)', ports.app, pages, true],
    ['assess with facts and questions (300, never kept)', ports.app, rich, false],
    ['assess compact (300), kept answers through yoga', ports.app, compactViaYoga, false],
    ['obligations page, kept answers through yoga', ports.app, pagesViaYoga, false],
    ['assess compact (300), no kept answers', ports.plain, compact, false],
    ['obligations page, no kept answers', ports.plain, pages, false],
    ['REST POST /v1/assessments, same profiles', ports.app, rest, false],
  ];
  // Each round measures the baseline first and last, and every scenario in between: a scenario's share is its
  // throughput over the mean of its round's two baseline runs. With --rounds N the medians are reported, and the range.
  type Row = { name: string; rps: number; p50: number; p99: number; kb: number; bad: number; target: boolean; share: number };
  const measure = async (url: string, requests: Request[]) => {
    await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, requests });
    return autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests });
  };
  const rounds: Row[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [, bareUrl, bareReqs] = scenarios[0]!;
    const first = await measure(bareUrl, bareReqs);
    const results = [first];
    for (const [, url, requests] of scenarios.slice(1)) results.push(await measure(url, requests));
    const last = await measure(bareUrl, bareReqs);
    const base = (first.requests.average + last.requests.average) / 2;
    rounds.push(
      scenarios.map(([name, , , target], i) => {
        const r = i === 0 ? { ...first, requests: { ...first.requests, average: base } } : results[i]!;
        return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, kb: r.throughput.average / r.requests.average / 1024, bad: r.non2xx + r.errors, target, share: r.requests.average / base };
      }),
    );
    if (ROUNDS > 1) console.log(`round ${round + 1}: baseline ${Math.round(first.requests.average)} then ${Math.round(last.requests.average)} req/s`);
  }
  child.kill();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const pct = (x: number) => `${Math.round(x * 100)}`;
  console.log(`\n${'scenario'.padEnd(52)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'KiB/resp'.padStart(9)} ${'vs baseline'.padStart(12)}${ROUNDS > 1 ? '  range' : ''}`);
  const rows = scenarios.map(([name, , , target], i) => {
    const of = rounds.map((r) => r[i]!);
    const row = { name, target, share: median(of.map((r) => r.share)), min: Math.min(...of.map((r) => r.share)), max: Math.max(...of.map((r) => r.share)), bad: of.reduce((n, r) => n + r.bad, 0) };
    console.log(
      `${name.padEnd(52)} ${Math.round(median(of.map((r) => r.rps))).toString().padStart(8)} ${median(of.map((r) => r.p50)).toFixed(0).padStart(7)} ${median(of.map((r) => r.p99)).toFixed(0).padStart(7)} ${median(of.map((r) => r.kb)).toFixed(1).padStart(9)} ${`${pct(row.share)} %`.padStart(12)}${ROUNDS > 1 ? `  ${pct(row.min)}-${pct(row.max)} %` : ''}${row.bad ? `  (${row.bad} failed)` : ''}`,
    );
    return row;
  });
  const counted = rows.filter((r) => r.target);
  const lowest = counted.reduce((m, r) => (r.share < m.share ? r : m));
  console.log(`\ntarget: assess and obligations >= 70 % of the baseline: ${lowest.share >= 0.7 ? 'met' : 'NOT met'} (lowest median ${pct(lowest.share)} %: ${lowest.name}; lowest single round ${pct(Math.min(...counted.map((r) => r.min)))} %)`);
  console.log(`the full app's own ceiling (trivial query): ${pct(rows[1]!.share)} % of the baseline`);
  if (rows.some((r) => r.bad)) process.exitCode = 1;
}

if (process.argv.includes('--serve')) await serve();
else await main();
