/**
 * Startup time and memory of the server process, as production starts it (`npm start` and the Docker image: the
 * build, then `node --enable-source-maps dist/server.js`, ADR 0010), beside the sources run through tsx
 * (`npx tsx src/server.ts` with a cold and a warm tsx cache, and `node --import tsx src/server.ts`, `npm run dev`).
 * - time from spawn to the first 200 on GET /readyz (target < 2 s): median over 5 starts, with
 *   * a cold tsx cache: tsx transpiles every TypeScript file on its first start and caches the result under
 *     os.tmpdir(); each cold start gets a fresh, empty TMPDIR (the shared cache of other users is left alone),
 *   * a warm tsx cache: the same TMPDIR again, as on every start after the first on one machine;
 *   * `node --import tsx src/server.ts` (warm), which skips npm's npx and the tsx CLI's extra process;
 *   * the compiled server, the reported series (the build's own time is printed apart);
 *   the server's own log line 'regkg ready' gives buildApp + listen inside the process (startupMs).
 * - resident memory of the compiled server (VmRSS in /proc/<pid>/status of the node process that runs it): at ready,
 *   once settled (the SPARQL worker pool loads its own stores after the server listens), then after a bounded load (autocannon on loopback, 50 connections: POST /v1/assessments over 500 profiles,
 *   GET /v1/obligations, GET /healthz) (target < 300 MB); VmHWM is the peak. Then a GraphQL load (compact assess,
 *   an obligations page), reported apart: GraphQL's libraries load on first use.
 * Each server gets a fresh REGKG_DATA_DIR (an empty register) so no run touches ./data.
 * Writes bench/results/startup-<date>.json. About 1-2 minutes on 2 cores.
 * Run: npx tsx bench/startup.ts [--runs 5] [--cold 3] [--load 10]
 */
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { ROOT, SERVER_CMD, buildServer, cpuMs, descendants, freePort, machine, serverPid, spawnServer, statusMiB, stopGroup, waitFor200 } from './http.js';
import { makeProfiles } from './profiles.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 5);
const COLD = arg('cold', 3);
const LOAD_S = arg('load', 10);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Start {
  readyMs: number;
  /** buildApp + listen, as the server logs it. */
  inProcessMs?: number;
  rssIdleMiB?: number;
  rssAtReadyMiB?: number;
  /** How long after ready the process kept working (SPARQL workers loading) before it settled. */
  settledMs: number;
  /** CPU time (user + system) used up to ready by the server process, and by the whole chain (npx, tsx CLI, server, esbuild). */
  serverCpuMs: number;
  chainCpuMs: number;
}

let loadBefore: number[] = [];
const tmpRoot = mkdtempSync(join(os.tmpdir(), 'regkg-startup-'));
const live = new Set<ChildProcess>();
const deadline = setTimeout(() => {
  console.error('bench/startup.ts: deadline passed, stopping');
  for (const c of live) if (c.pid) try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ }
  process.exit(3);
}, (RUNS * 2 + COLD + 2) * 60_000 + LOAD_S * 3000);
deadline.unref();

/**
 * Starts one server, waits for /readyz, and returns it still running. Its log (LOG_LEVEL=info, the default: two lines
 * per request) goes to a pipe this process reads, or, with `logFile`, straight to a file. Under load this process is
 * busy driving autocannon and reads the pipe late, and the server's logger then holds the lines it cannot write in
 * memory: the memory phase logs to a file, as a server's log collector would take the lines.
 */
async function start(tmpdir: string, cmd?: string[], logFile?: string): Promise<{ child: ChildProcess; port: number; pid: number; s: Start }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpRoot, 'data-'));
  const t0 = performance.now();
  const child = spawnServer(port, { TMPDIR: tmpdir, LOG_LEVEL: 'info', REGKG_DATA_DIR: dataDir }, cmd, logFile ? openSync(logFile, 'w') : 'pipe');
  live.add(child);
  let inProcessMs: number | undefined;
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.includes('regkg ready')) {
        try {
          inProcessMs = (JSON.parse(line) as { startupMs: number }).startupMs;
        } catch {
          /* not JSON */
        }
      }
    }
  });
  const early = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready`))));
  await Promise.race([waitFor200(`http://127.0.0.1:${port}/readyz`, 60_000, 10), early]);
  const readyMs = performance.now() - t0;
  const pid = serverPid(child.pid!);
  const serverCpuMs = cpuMs(pid);
  const chainCpuMs = [child.pid!, ...descendants(child.pid!)].reduce((n, p) => n + (cpuMs(p) || 0), 0);
  const rssAtReadyMiB = statusMiB(pid, 'VmRSS');
  // Work goes on after the first 200: the SPARQL worker pool loads its stores once the server listens. Idle RSS is
  // read once the process has settled (under 10 ms of CPU in 250 ms, at most 5 s after ready).
  let settledMs = 0;
  for (let last = cpuMs(pid); settledMs < 5000; ) {
    await new Promise((r) => setTimeout(r, 250));
    settledMs += 250;
    const now = cpuMs(pid);
    if (now - last < 10) break;
    last = now;
  }
  return { child, port, pid, s: { readyMs, inProcessMs, rssAtReadyMiB, rssIdleMiB: statusMiB(pid, 'VmRSS'), settledMs, serverCpuMs, chainCpuMs } };
}

async function series(label: string, n: number, tmpdir: () => string, cmd?: string[]): Promise<Start[]> {
  const out: Start[] = [];
  for (let i = 0; i < n; i++) {
    const { child, s } = await start(tmpdir(), cmd);
    await stopGroup(child);
    live.delete(child);
    out.push(s);
    console.log(`  ${label} #${i + 1}: ready ${Math.round(s.readyMs)} ms after spawn (buildApp + listen ${s.inProcessMs ?? '?'} ms; CPU used: server ${Math.round(s.serverCpuMs)} ms, whole chain ${Math.round(s.chainCpuMs)} ms), RSS ${s.rssAtReadyMiB?.toFixed(0)} MiB at ready, ${s.rssIdleMiB?.toFixed(0)} MiB settled ${s.settledMs} ms later`);
  }
  return out;
}

async function main(): Promise<void> {
  loadBefore = os.loadavg();
  console.log(`startup of the server (npm start: the build, then node dist/server.js; and the sources through tsx); ${RUNS} runs per series; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const b0 = performance.now();
  buildServer();
  const buildMs = Math.round(performance.now() - b0);
  console.log(`  npm start's build (node scripts/build.mjs): ${buildMs} ms`);
  // Cold: each start with its own empty tsx cache. The last one's cache then serves the warm series.
  let lastCold = '';
  const NPX = ['npx', 'tsx', 'src/server.ts'];
  const cold = await series('npx tsx, cold tsx cache', COLD, () => (lastCold = mkdtempSync(join(tmpRoot, 'tsx-cold-'))), NPX);
  const warmDir = lastCold || mkdtempSync(join(tmpRoot, 'tsx-'));
  const warm = await series('npx tsx, warm tsx cache', RUNS, () => warmDir, NPX);
  const direct = await series('node --import tsx (warm)', RUNS, () => warmDir, [process.execPath, '--import', 'tsx', 'src/server.ts']);
  const compiled = await series('node dist/server.js', RUNS, () => warmDir, SERVER_CMD);

  // Memory after load: one more (warm) start, a bounded load, then /proc/<pid>/status.
  const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Promise<{ requests: { total: number; average: number }; non2xx: number; errors: number }>;
  const { child, port, pid, s } = await start(warmDir, undefined, join(tmpRoot, 'server.log'));
  const url = `http://127.0.0.1:${port}`;
  const bodies = makeProfiles(500).map((p) => Buffer.from(JSON.stringify(p)));
  let next = 0;
  const loads: Record<string, unknown>[] = [];
  for (const [name, requests, seconds] of [
    ['POST /v1/assessments (500 profiles)', [{ method: 'POST', path: '/v1/assessments?asOf=2026-11-28', headers: { 'content-type': 'application/json' }, body: bodies[0], setupRequest: (r: object) => ({ ...r, body: bodies[next++ % bodies.length] }) }], LOAD_S],
    ['GET /v1/obligations?role=deployer&limit=20', [{ method: 'GET', path: '/v1/obligations?role=deployer&limit=20' }], Math.ceil(LOAD_S / 2)],
    ['GET /healthz', [{ method: 'GET', path: '/healthz' }], Math.ceil(LOAD_S / 2)],
  ] as const) {
    const r = await autocannon({ url, connections: 50, duration: seconds, timeout: 10, requests });
    loads.push({ name, seconds, requests: r.requests.total, rps: Math.round(r.requests.average), failed: r.non2xx + r.errors });
    console.log(`  load: ${name} for ${seconds} s: ${r.requests.total} requests${r.non2xx + r.errors ? `, ${r.non2xx + r.errors} failed` : ''}`);
  }
  const rssAfterLoadMiB = statusMiB(pid, 'VmRSS');
  const peakMiB = statusMiB(pid, 'VmHWM');
  // Then GraphQL, which loads yoga and graphql-jit on first use: a compact assess over the same profiles, an
  // obligations page. Reported apart, so the REST figure above stays comparable with earlier runs.
  const gql = (query: string, variables: Record<string, unknown>) => Buffer.from(JSON.stringify({ query, variables }));
  const assessBodies = makeProfiles(500).map((p) => gql('query A($p: ProfileInput!) { assess(profile: $p) { riskClasses obligations { id appliesFrom legalBasis { article paragraph } } } }', { p }));
  const pageBody = gql('{ obligations(role: "deployer", limit: 20) { total items { id label deontic legalBasis { article paragraph eurLex } } } }', {});
  for (const [name, requests] of [
    ['POST /graphql assess, compact (500 profiles)', [{ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: assessBodies[0], setupRequest: (r: object) => ({ ...r, body: assessBodies[next++ % assessBodies.length] }) }]],
    ['POST /graphql obligations page', [{ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: pageBody }]],
  ] as const) {
    const seconds = Math.ceil(LOAD_S / 2);
    const r = await autocannon({ url, connections: 50, duration: seconds, timeout: 10, requests });
    loads.push({ name, seconds, requests: r.requests.total, rps: Math.round(r.requests.average), failed: r.non2xx + r.errors });
    console.log(`  load: ${name} for ${seconds} s: ${r.requests.total} requests${r.non2xx + r.errors ? `, ${r.non2xx + r.errors} failed` : ''}`);
  }
  const rssAfterGraphqlMiB = statusMiB(pid, 'VmRSS');
  const peakWithGraphqlMiB = statusMiB(pid, 'VmHWM');
  await stopGroup(child);
  live.delete(child);

  const row = (label: string, xs: Start[]) => ({
    label,
    runs: xs.length,
    medianReadyMs: Math.round(median(xs.map((x) => x.readyMs))),
    minReadyMs: Math.round(Math.min(...xs.map((x) => x.readyMs))),
    maxReadyMs: Math.round(Math.max(...xs.map((x) => x.readyMs))),
    medianInProcessMs: median(xs.map((x) => x.inProcessMs ?? NaN)),
    medianRssAtReadyMiB: Math.round(median(xs.map((x) => x.rssAtReadyMiB ?? NaN))),
    medianRssIdleMiB: Math.round(median(xs.map((x) => x.rssIdleMiB ?? NaN))),
    medianServerCpuMs: Math.round(median(xs.map((x) => x.serverCpuMs))),
    medianChainCpuMs: Math.round(median(xs.map((x) => x.chainCpuMs))),
    readyMs: xs.map((x) => Math.round(x.readyMs)),
  });
  const rows = [
    row('npx tsx src/server.ts, cold tsx cache (first start on a machine)', cold),
    row('npx tsx src/server.ts, warm tsx cache (every later start)', warm),
    row('node --import tsx src/server.ts, warm cache (npm run dev)', direct),
    row('node --enable-source-maps dist/server.js (npm start after its build, Docker)', compiled),
  ];
  console.log(`\n${'series (ms, spawn to first 200 on /readyz)'.padEnd(66)} ${'median'.padStart(7)} ${'min'.padStart(6)} ${'max'.padStart(6)} ${'in-proc'.padStart(8)} ${'CPU srv'.padStart(8)} ${'CPU all'.padStart(8)} ${'RSS settled'.padStart(12)}`);
  for (const r of rows) console.log(`${r.label.padEnd(66)} ${`${r.medianReadyMs}`.padStart(7)} ${`${r.minReadyMs}`.padStart(6)} ${`${r.maxReadyMs}`.padStart(6)} ${`${r.medianInProcessMs}`.padStart(8)} ${`${r.medianServerCpuMs}`.padStart(8)} ${`${r.medianChainCpuMs}`.padStart(8)} ${`${r.medianRssIdleMiB} MiB`.padStart(12)}`);
  console.log('(in-proc: buildApp + listen as the server logs it; CPU srv / CPU all: CPU time used up to ready by the server process / by npx + tsx CLI + server + esbuild; other load on the machine stretches wall time far more than CPU time)');
  const headline = rows[3]!;
  console.log(`\nreported (npm start): median ${headline.medianReadyMs} ms (target < 2000 ms: ${headline.medianReadyMs < 2000 ? 'met' : 'NOT met'}), after a ${buildMs} ms build; the sources through tsx with a cold cache: median ${rows[0]!.medianReadyMs} ms (${rows[0]!.medianReadyMs < 2000 ? 'met' : 'NOT met'})`);
  console.log(`RSS: at ready ${s.rssAtReadyMiB?.toFixed(0)} MiB, settled ${s.rssIdleMiB?.toFixed(0)} MiB, after load ${rssAfterLoadMiB?.toFixed(0)} MiB, peak ${peakMiB?.toFixed(0)} MiB (target < 300 MB = 286 MiB: ${(peakMiB ?? Infinity) * 2 ** 20 < 300e6 ? 'met' : 'NOT met'})`);
  console.log(`RSS after the GraphQL load too: ${rssAfterGraphqlMiB?.toFixed(0)} MiB, peak ${peakWithGraphqlMiB?.toFixed(0)} MiB (${(peakWithGraphqlMiB ?? Infinity) * 2 ** 20 < 300e6 ? 'under' : 'over'} 300 MB)`);

  const date = new Date().toISOString().slice(0, 10);
  const out = join(ROOT, 'bench', 'results', `startup-${date}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({
    bench: 'bench/startup.ts',
    date: new Date().toISOString(),
    machine: { ...machine(), loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg() },
    startup: rows,
    memory: { rssAtReadyMiB: s.rssAtReadyMiB, rssIdleMiB: s.rssIdleMiB, rssAfterLoadMiB, peakRssMiB: peakMiB, rssAfterGraphqlMiB, peakWithGraphqlMiB, load: loads },
    targets: {
      readyWarmMs: { target: '< 2000', value: headline.medianReadyMs, met: headline.medianReadyMs < 2000 },
      readyColdMs: { target: '< 2000', value: rows[0]!.medianReadyMs, met: rows[0]!.medianReadyMs < 2000 },
      rssAfterLoadBytes: { target: '< 300e6', value: Math.round((rssAfterLoadMiB ?? NaN) * 2 ** 20), peak: Math.round((peakMiB ?? NaN) * 2 ** 20), met: (peakMiB ?? Infinity) * 2 ** 20 < 300e6 },
    },
  }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

try {
  await main();
} finally {
  for (const c of live) await stopGroup(c);
  rmSync(tmpRoot, { recursive: true, force: true });
}
