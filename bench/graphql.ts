/**
 * GraphQL throughput over HTTP, against a baseline measured in the same run: a trivial `{ __typename }` on a bare
 * fastify + yoga app (same route code as regkg's). Then, on the full regkg app (helmet, CORS, metrics, request
 * ids): the same trivial query; `assess` with a compact selection (300 profiles, then a stream of 100,000 that never
 * repeat) and with the checks a configurator reads; `assess` with questions and facts (never kept: they are the
 * profile's own); an obligations page; the compact `assess` and the page again on an app that keeps no answer
 * (REGKG_GRAPHQL_KEPT_ANSWERS=0, ADR 0009); and, for reference, POST /v1/assessments (REST) with the same profiles.
 * The servers run in a child process; autocannon (10 connections) in this one. About 30 s on 2 cores.
 * Run: npx tsx bench/graphql.ts
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

const post = (query: string, variables?: Record<string, unknown>): Request => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ query, variables }),
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
  const pages = ['provider', 'deployer', 'importer', 'distributor', 'gpai-model-provider'].map((role) => post(OBLIGATIONS, { role }));
  // A stream of profiles that never repeat within the run (another seed): answers kept by outcome, not by profile.
  const STREAM = 100_000;
  const stream = makeProfiles(STREAM, 4242).map((p) => JSON.stringify({ query: ASSESS_COMPACT, variables: { p } }));
  let next = 0;
  const streamed = [{ ...post(ASSESS_COMPACT), setupRequest: (r: Request): Request => ({ ...r, body: stream[next++ % STREAM]! }) }];

  // Every request must answer data without errors, or the figures mean nothing (REST failures count as non-2xx).
  for (const [url, reqs] of [[ports.app, [...trivial, ...rich, ...checks, ...compact, ...pages]], [ports.bare, trivial]] as const) {
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
    ['assess compact (300), no kept answers', ports.plain, compact, false],
    ['obligations page, no kept answers', ports.plain, pages, false],
    ['REST POST /v1/assessments, same profiles', ports.app, rest, false],
  ];
  const rows: { name: string; rps: number; p50: number; p99: number; kb: number; bad: number; target: boolean }[] = [];
  for (const [name, url, requests, target] of scenarios) {
    await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, requests });
    const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests });
    rows.push({ name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, kb: r.throughput.average / r.requests.average / 1024, bad: r.non2xx + r.errors, target });
  }
  child.kill();

  const base = rows[0]!.rps;
  console.log(`\n${'scenario'.padEnd(52)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'KiB/resp'.padStart(9)} ${'vs baseline'.padStart(12)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(52)} ${Math.round(r.rps).toString().padStart(8)} ${r.p50.toFixed(0).padStart(7)} ${r.p99.toFixed(0).padStart(7)} ${r.kb.toFixed(1).padStart(9)} ${`${Math.round((r.rps / base) * 100)} %`.padStart(12)}${r.bad ? `  (${r.bad} failed)` : ''}`);
  }
  const counted = rows.filter((r) => r.target);
  const worst = counted.reduce((m, r) => Math.min(m, r.rps / base), Infinity);
  const lowest = counted.find((r) => r.rps / base === worst)!;
  console.log(`\ntarget: assess and obligations >= 70 % of the baseline: ${worst >= 0.7 ? 'met' : 'NOT met'} (lowest ${Math.round(worst * 100)} %: ${lowest.name})`);
  console.log(`the full app's own ceiling (trivial query): ${Math.round((rows[1]!.rps / base) * 100)} % of the baseline`);
}

if (process.argv.includes('--serve')) await serve();
else await main();
