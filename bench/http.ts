/**
 * HTTP throughput and latency of the real server process, against a baseline measured in the same run: a Fastify
 * hello-world (`GET /` -> {hello:'world'}) in its own child process. regkg runs as production runs it:
 * `node --enable-source-maps dist/server.js` after the build (what `npm start` and the Docker image run) in a separate process (PORT=<free>,
 * LOG_LEVEL=warn, REGKG_RATE_LIMIT_MAX=0).
 * autocannon drives each from this process, loopback only, 50 connections, a short warm-up then ~10 s each:
 *   hello-world, GET /healthz, POST /v1/assessments?asOf=2026-11-28 over 500 distinct profiles from makeProfiles()
 *   (a setupRequest rotates through them, so consecutive requests carry different profiles), the same over a stream
 *   of 100,000 profiles from another seed (none repeats within a scenario), and
 *   GET /v1/obligations?role=deployer&limit=20; and a second baseline, the I/O floor for these reply sizes: the same
 *   hello-world process replaying the 500 assessment replies (precomputed strings, ~70 KiB each) on GET /replay.
 * Beside req/s and latency it reads each server's CPU time (/proc/<pid>/stat) per request, a ratio that other load
 * on the machine disturbs far less than req/s.
 * Targets: assessments >= 20 % of hello-world req/s, assessments p99 < 25 ms at 50 connections.
 * Prints a table and writes bench/results/http-<date>.json. About 75 s per round on 2 cores.
 * Run: npx tsx bench/http.ts [--duration 10] [--warmup 2] [--connections 50] [--rounds 1] [--only assessments-summary,healthz]
 *      [--assess-threads 1]
 * (--rounds N repeats the whole scenario list N times, interleaved, and reports the median of each scenario.)
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeProfiles } from './profiles.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------- helpers (also used by bench/startup.ts)

/** A free TCP port on loopback (asks the kernel, then releases it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The server as `npm start` and the image run it once built (ADR 0010); `buildServer()` compiles dist/ first. */
export const SERVER_CMD = [process.execPath, '--max-semi-space-size=8', '--enable-source-maps', 'dist/server.js'];

/** Compiles src/ to dist/ as `npm start` does before it serves. */
export function buildServer(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
}

/** Spawns the server (by default as `npm start` does, from dist/: call buildServer() first) in its own process group. */
export function spawnServer(port: number, env: Record<string, string> = {}, cmd: string[] = SERVER_CMD, stdout: 'pipe' | number = 'pipe'): ChildProcess {
  const clean: NodeJS.ProcessEnv = {};
  // The config rejects unknown REGKG_ settings: pass the environment without any the caller may have set.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('REGKG_')) clean[k] = v;
  return spawn(cmd[0]!, cmd.slice(1), {
    cwd: ROOT,
    env: { ...clean, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REGKG_RATE_LIMIT_MAX: '0', ...env },
    detached: true,
    stdio: ['ignore', stdout, 'inherit'],
  });
}

/** Stops a process group this bench started (by its leader's id), then waits for the leader to exit. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const t = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 5000);
  await exited;
  clearTimeout(t);
}

/** Polls `url` until it answers 200 (returns ms waited) or the deadline passes (throws). */
export async function waitFor200(url: string, timeoutMs = 60_000, everyMs = 20): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.status === 200) return performance.now() - t0;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - t0 > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Every process below `pid` (children, grandchildren...), from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** A field of /proc/<pid>/status in MiB (VmRSS, VmHWM), or undefined. */
export function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The server process itself: the last `node` process of the chain npx -> (sh) -> tsx cli -> node server.ts. */
export function serverPid(leader: number): number {
  const chain = [leader, ...descendants(leader)];
  const withCmd = chain.map((pid) => {
    try {
      return { pid, cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ') };
    } catch {
      return { pid, cmd: '' };
    }
  });
  // npx and the tsx CLI name src/server.ts too; the server is the deepest node process that does (its own child is esbuild).
  const named = withCmd.filter((p) => /src\/server\.ts|dist\/server\.js/.test(p.cmd));
  const deepest = named.find((p) => !descendants(p.pid).some((d) => named.some((n) => n.pid === d)));
  return (deepest ?? withCmd[withCmd.length - 1]!).pid;
}

let clkTck = 0;
/** CPU time (user + system, all threads) a process has used so far, in ms, from /proc/<pid>/stat; NaN if gone. */
export function cpuMs(pid: number): number {
  if (!clkTck) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / clkTck; // fields 14 and 15: utime, stime
  } catch {
    return NaN;
  }
}

export function machine(): Record<string, unknown> {
  return { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` };
}

// ---------------------------------------------------------------- the bench

interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
}
interface AcResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  throughput: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (req: AcRequest) => AcRequest;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; timeout?: number; requests: AcRequest[] }) => Promise<AcResult>;

interface Row {
  name: string;
  key: string;
  rps: number;
  p50: number;
  p99: number;
  p97_5: number;
  max: number;
  meanMs: number;
  kibPerResp: number;
  total: number;
  failed: number;
  /** CPU time the server process used per request during the measured run (user + system, µs): robust to load. */
  serverCpuUsPerReq: number;
  /** The same for the load generator (this process). */
  clientCpuUsPerReq: number;
}

/** --only key,key: run just these scenarios (and the hello-world baseline); nothing is written to bench/results. */
const ONLY = process.argv.includes('--only') ? new Set(['hello', ...String(process.argv[process.argv.indexOf('--only') + 1]).split(',')]) : undefined;

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

/** The hello-world baseline: plain Fastify, no plugins, no logger. Runs in its own process (forked with --hello). */
async function serveHello(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  app.get('/', async () => ({ hello: 'world' }));
  // The I/O floor for regkg's reply sizes: the same 500 assessment replies, precomputed, sent as strings in rotation.
  let replies: string[] = ['{}'];
  let next = 0;
  process.on('message', (m) => {
    const { replies: r } = m as { replies?: string[] };
    if (r?.length) {
      replies = r;
      process.send!({ loaded: r.length });
    }
  });
  app.get('/replay', async (_req, reply) => reply.type('application/json; charset=utf-8').send(replies[next++ % replies.length]!));
  // The issue's own yardstick: "a zod-validated route returning 4 KB". It validates the real profile schema (zod,
  // built from the knowledge graph, which is then dropped) and returns a fixed ~4 KB object, stringified per request.
  const { loadKnowledge } = await import('../src/graph/knowledge.js');
  const { buildProfileSchema } = await import('../src/domain/profile.js');
  const profileSchema = buildProfileSchema(loadKnowledge());
  const fourK = { items: Array.from({ length: 40 }, (_, i) => ({ id: `item-${i}`, role: i % 2 ? 'provider' : 'deployer', appliesFrom: '2027-12-02', inForce: false, because: ['scope-in-scope', `rule-${i % 7}`] })) };
  app.post('/zod4k', async (req, reply) => {
    const r = profileSchema.safeParse(req.body);
    if (!r.success) return reply.code(400).send({ error: r.error.issues[0]?.message });
    return fourK;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send!({ port: (app.server.address() as { port: number }).port });
  process.on('disconnect', () => process.exit(0));
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const DURATION = arg('duration', 10);
  const WARMUP = arg('warmup', 2);
  const CONNECTIONS = arg('connections', 50);
  const ROUNDS = Math.max(1, arg('rounds', 1));
  const PROFILES = 500;
  const ASOF = '2026-11-28';
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

  const children: ChildProcess[] = [];
  // Bounded: whatever happens, stop the servers and leave after a hard deadline.
  const deadlineMs = (60 + ROUNDS * 5 * (DURATION + WARMUP + 3)) * 1000 + 60_000;
  const killAll = (): void => {
    for (const c of children) {
      try {
        if (c.pid && c.exitCode === null) process.kill(c === children[0] ? c.pid : -c.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  const deadline = setTimeout(() => {
    console.error(`bench/http.ts: deadline of ${deadlineMs / 1000} s passed, stopping`);
    killAll();
    process.exit(3);
  }, deadlineMs);
  deadline.unref();
  let dataDir = '';
  process.on('exit', () => {
    killAll();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const loadStart = os.loadavg();
  // (a) hello-world, in a child process.
  const hello = fork(fileURLToPath(import.meta.url), ['--hello'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(hello);
  const helloPort = await new Promise<number>((resolve, reject) => {
    hello.once('message', (m) => resolve((m as { port: number }).port));
    hello.once('exit', (code) => reject(new Error(`hello-world server exited (${code})`)));
  });
  // (b) regkg, as production starts it: built, then the compiled server.
  buildServer();
  const port = await freePort();
  const t0 = performance.now();
  // A fresh, empty register (REGKG_DATA_DIR) so the bench never touches ./data.
  dataDir = mkdtempSync(join(os.tmpdir(), 'regkg-http-bench-'));
  // --assess-threads N: the server with REGKG_ASSESS_THREADS=N (default: the server's default, 0).
  const threads: Record<string, string> = process.argv.includes('--assess-threads') ? { REGKG_ASSESS_THREADS: String(arg('assess-threads', 0)) } : {};
  const server = spawnServer(port, { REGKG_DATA_DIR: dataDir, ...threads });
  children.push(server);
  server.stdout!.pipe(process.stdout);
  const early = new Promise<never>((_, reject) => server.once('exit', (code) => reject(new Error(`regkg server exited (${code}) before it was ready`))));
  const base = `http://127.0.0.1:${port}`;
  await Promise.race([waitFor200(`${base}/readyz`), early]);
  const readyMs = performance.now() - t0;
  const pid = serverPid(server.pid!);
  console.log(`hello-world on :${helloPort}; regkg on :${port} (pid ${pid}), ready ${Math.round(readyMs)} ms after spawn`);

  // The varied mix: 500 distinct profiles, each checked to answer 200 with an assessment before any load.
  const bodies = makeProfiles(PROFILES).map((p) => Buffer.from(JSON.stringify(p)));
  if (new Set(bodies.map((b) => b.toString())).size !== PROFILES) throw new Error('profiles are not distinct');
  const assessPath = `/v1/assessments?asOf=${ASOF}`;
  let bytes = 0;
  const replies: string[] = [];
  const riskMix = new Map<string, number>();
  for (const b of bodies) {
    const r = await fetch(base + assessPath, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b });
    const text = await r.text();
    if (r.status !== 200) throw new Error(`POST ${assessPath} ${b.toString().slice(0, 120)} -> ${r.status} ${text.slice(0, 300)}`);
    const a = JSON.parse(text) as { riskClasses: string[]; obligations: unknown[] };
    if (!Array.isArray(a.obligations)) throw new Error('assessment without obligations');
    bytes += text.length;
    replies.push(text);
    const key = a.riskClasses.join('+') || '(none)';
    riskMix.set(key, (riskMix.get(key) ?? 0) + 1);
  }
  console.log(`mix: ${PROFILES} distinct profiles, mean reply ${(bytes / PROFILES / 1024).toFixed(1)} KiB; risk classes: ${[...riskMix].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  // Hand the replies to the hello-world process for the replay baseline.
  await new Promise<void>((resolve) => {
    hello.once('message', () => resolve());
    hello.send({ replies });
  });
  const obligationsPath = '/v1/obligations?role=deployer&limit=20';
  for (const [url, path] of [[`http://127.0.0.1:${helloPort}`, '/'], [base, '/healthz'], [base, obligationsPath]] as const) {
    const r = await fetch(url + path);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`GET ${path} -> ${r.status}`);
  }

  let next = 0;
  /** POST /v1/assessments in one view, each request with the next of the distinct profiles. */
  const assessScenario = (key: string, name: string, path: string, list: Buffer[] = bodies) => ({
    key,
    name,
    url: base,
    requests: (): AcRequest[] => [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: list[0]!,
        setupRequest: (req) => ({ ...req, body: list[next++ % list.length]! }),
      },
    ],
  });
  // A stream of profiles that (nearly) never repeat within a run: 100,000 from another seed, more than a scenario
  // sends. The server keeps a plan per rules' outcome (ADR 0008), never an answer per profile: this scenario shows
  // what that is worth when every profile is new to it.
  const STREAM = 100_000;
  const stream = makeProfiles(STREAM, 4242).map((p) => Buffer.from(JSON.stringify(p)));
  const scenarios: { key: string; name: string; url: string; requests: () => AcRequest[] }[] = [
    { key: 'hello', name: 'baseline: fastify hello-world GET /', url: `http://127.0.0.1:${helloPort}`, requests: () => [{ method: 'GET', path: '/' }] },
    { key: 'replay', name: 'floor: fastify replaying the 500 replies', url: `http://127.0.0.1:${helloPort}`, requests: () => [{ method: 'GET', path: '/replay' }] },
    {
      key: 'zod4k',
      name: 'yardstick: fastify + zod profile, 4 KB reply',
      url: `http://127.0.0.1:${helloPort}`,
      requests: () => [{ method: 'POST', path: '/zod4k', headers: { 'content-type': 'application/json' }, body: bodies[0]!, setupRequest: (req) => ({ ...req, body: bodies[next++ % PROFILES]! }) }],
    },
    { key: 'healthz', name: 'regkg GET /healthz', url: base, requests: () => [{ method: 'GET', path: '/healthz' }] },
    assessScenario('assessments', `regkg POST /v1/assessments (${PROFILES} profiles)`, assessPath),
    assessScenario('assessments-stream', `regkg POST /v1/assessments (${STREAM.toLocaleString('en')} profiles, none repeated)`, assessPath, stream),
    assessScenario('assessments-full', `regkg POST /v1/assessments?view=full (${PROFILES})`, `${assessPath}&view=full`),
    assessScenario('assessments-compact', `regkg POST /v1/assessments?view=compact (${PROFILES})`, `${assessPath}&view=compact`),
    assessScenario('assessments-summary', `regkg POST /v1/assessments?view=summary (${PROFILES})`, `${assessPath}&view=summary`),
    { key: 'obligations', name: 'regkg GET /v1/obligations deployer', url: base, requests: () => [{ method: 'GET', path: obligationsPath }] },
  ];

  const runs = new Map<string, Row[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of scenarios) {
      if (ONLY && !ONLY.has(s.key)) continue;
      await autocannon({ url: s.url, connections: CONNECTIONS, duration: WARMUP, timeout: 10, requests: s.requests() });
      const target = s.key === 'hello' || s.key === 'replay' || s.key === 'zod4k' ? hello.pid! : pid;
      const cpu0 = cpuMs(target);
      const own0 = process.cpuUsage();
      const r = await autocannon({ url: s.url, connections: CONNECTIONS, duration: DURATION, timeout: 10, requests: s.requests() });
      const serverCpu = cpuMs(target) - cpu0;
      const own = process.cpuUsage(own0);
      const row: Row = {
        key: s.key,
        name: s.name,
        rps: r.requests.average,
        p50: r.latency.p50,
        p97_5: r.latency.p97_5,
        p99: r.latency.p99,
        max: r.latency.max,
        meanMs: r.latency.mean,
        kibPerResp: r.throughput.average / Math.max(1, r.requests.average) / 1024,
        total: r.requests.total,
        failed: r.non2xx + r.errors + r.timeouts,
        serverCpuUsPerReq: (serverCpu * 1000) / Math.max(1, r.requests.total),
        clientCpuUsPerReq: (own.user + own.system) / Math.max(1, r.requests.total),
      };
      runs.set(s.key, [...(runs.get(s.key) ?? []), row]);
      process.stdout.write(`  round ${round + 1}/${ROUNDS} ${s.name}: ${Math.round(row.rps)} req/s, p99 ${row.p99} ms, server CPU ${row.serverCpuUsPerReq.toFixed(0)} µs/req${row.failed ? `, ${row.failed} FAILED` : ''}\n`);
    }
  }
  const rssAfterLoadMiB = statusMiB(pid, 'VmRSS');
  const peakRssMiB = statusMiB(pid, 'VmHWM');
  await Promise.all([stopGroup(server), new Promise<void>((resolve) => {
    if (hello.exitCode !== null) return resolve();
    hello.once('exit', () => resolve());
    hello.kill('SIGTERM');
  })]);

  // The median of each scenario over the rounds (the single figure when --rounds 1).
  const rows: Row[] = scenarios.filter((s) => runs.has(s.key)).map((s) => {
    const rs = runs.get(s.key)!;
    const pick = (f: (r: Row) => number): number => median(rs.map(f));
    return { ...rs[0]!, rps: pick((r) => r.rps), p50: pick((r) => r.p50), p97_5: pick((r) => r.p97_5), p99: pick((r) => r.p99), max: Math.max(...rs.map((r) => r.max)), meanMs: pick((r) => r.meanMs), kibPerResp: pick((r) => r.kibPerResp), serverCpuUsPerReq: pick((r) => r.serverCpuUsPerReq), clientCpuUsPerReq: pick((r) => r.clientCpuUsPerReq), total: rs.reduce((n, r) => n + r.total, 0), failed: rs.reduce((n, r) => n + r.failed, 0) };
  });
  const by = (k: string): Row => rows.find((r) => r.key === k)!;
  const helloRps = by('hello').rps;
  const ratio = (k: string): number => by(k).rps / helloRps;
  const helloCpu = by('hello').serverCpuUsPerReq;
  const cpuRatio = (k: string): number => helloCpu / by(k).serverCpuUsPerReq;
  console.log(`\n${'scenario'.padEnd(46)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'KiB/resp'.padStart(9)} ${'vs hello'.padStart(9)} ${'srv CPU µs/req'.padStart(15)} ${'CPU vs hello'.padStart(13)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(46)} ${Math.round(r.rps).toString().padStart(8)} ${r.p50.toFixed(0).padStart(7)} ${r.p99.toFixed(0).padStart(7)} ${r.max.toFixed(0).padStart(7)} ${r.kibPerResp.toFixed(1).padStart(9)} ${`${(ratio(r.key) * 100).toFixed(1)} %`.padStart(9)} ${r.serverCpuUsPerReq.toFixed(0).padStart(15)} ${`${(cpuRatio(r.key) * 100).toFixed(1)} %`.padStart(13)}${r.failed ? `  (${r.failed} failed)` : ''}`);
  }
  console.log(`(req/s "vs hello" is the target's ratio; "CPU vs hello" = hello-world's server CPU per request / this one's, the same ratio measured in CPU time, which other load on the machine disturbs far less)`);
  if (ONLY) {
    if (rows.some((r) => r.failed > 0)) process.exitCode = 1;
    return;
  }
  const a = by('assessments');
  const ratioOk = ratio('assessments') >= 0.2;
  const p99Ok = a.p99 < 25;
  console.log(`\ntargets (${CONNECTIONS} connections): assessments >= 20 % of hello-world: ${ratioOk ? 'met' : 'NOT met'} (${(ratio('assessments') * 100).toFixed(1)} %); p99 < 25 ms: ${p99Ok ? 'met' : 'NOT met'} (${a.p99} ms)`);
  console.log(`regkg server RSS after load ${rssAfterLoadMiB?.toFixed(0)} MiB (peak ${peakRssMiB?.toFixed(0)} MiB); load average before ${loadStart.map((l) => l.toFixed(1)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const date = new Date().toISOString().slice(0, 10);
  const out = join(ROOT, 'bench', 'results', `http-${date}${threads.REGKG_ASSESS_THREADS ? `-assess-threads-${threads.REGKG_ASSESS_THREADS}` : ''}.json`);
  mkdirSync(dirname(out), { recursive: true });
  const result = {
    bench: 'bench/http.ts',
    date: new Date().toISOString(),
    machine: { ...machine(), loadAverageBefore: loadStart, loadAverageAfter: os.loadavg() },
    settings: { connections: CONNECTIONS, durationS: DURATION, warmupS: WARMUP, rounds: ROUNDS, profiles: PROFILES, asOf: ASOF, server: `node --enable-source-maps dist/server.js (LOG_LEVEL=warn, REGKG_RATE_LIMIT_MAX=0${threads.REGKG_ASSESS_THREADS ? `, REGKG_ASSESS_THREADS=${threads.REGKG_ASSESS_THREADS}` : ''})`, baseline: 'fastify hello-world in a child process' },
    server: { readyMsAfterSpawn: Math.round(readyMs), rssAfterLoadMiB, peakRssMiB },
    results: rows.map((r) => ({ ...r, vsHello: ratio(r.key), cpuVsHello: cpuRatio(r.key) })),
    perRound: Object.fromEntries(runs),
    targets: {
      assessmentsVsHello: { target: '>= 0.20', value: ratio('assessments'), met: ratioOk },
      assessmentsP99Ms: { target: '< 25', value: a.p99, met: p99Ok },
    },
  };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
  if (rows.some((r) => r.failed > 0)) process.exitCode = 1;
}

const entry = process.argv[1] ? pathToFileURL(process.argv[1]).href : '';
if (process.argv.includes('--hello')) await serveHello();
else if (import.meta.url === entry) await main();
