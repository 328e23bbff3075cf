import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../src/graph/source-files.js';

/**
 * `npm start` and the image run the compiled server (ADR 0010): scripts/build.mjs compiles src/ to dist/, and
 * `node dist/server.js` must serve everything the sources do, reading the same files from the repository.
 */
describe('the compiled server (npm start)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regkg-build-'));
  let child: ChildProcessWithoutNullStreams | undefined;
  let url = '';
  const logLines: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT });
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', REGKG_DATA_DIR: dir, REGKG_RATE_LIMIT_MAX: '0' };
    child = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], { cwd: REPO_ROOT, env });
    const stderr: string[] = [];
    child.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dist/server.js did not start: ${stderr.join('')}`)), 60_000);
      child!.once('exit', (code) => reject(new Error(`dist/server.js exited with ${code}: ${stderr.join('')}`)));
      createInterface({ input: child!.stdout }).on('line', (line) => {
        logLines.push(line);
        // fastify's own log line at LOG_LEVEL=info ("Server listening at http://…").
        const m = /listening at (http:\/\/[^\s"]+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
  }, 90_000);

  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is what npm start runs', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // The build is npm's prestart step; start execs node in place of npm's shell (see the SIGTERM test below).
    expect(pkg.scripts.prestart).toBe('node scripts/build.mjs');
    expect(pkg.scripts.start).toBe('exec node --max-semi-space-size=8 --enable-source-maps dist/server.js');
    // Everything under src/ that is not TypeScript is copied: the SDL, the SPARQL examples, the worker entries.
    for (const f of ['graphql/schema.graphql', 'sparql/query-worker.mjs', 'sparql/examples/duties-on-article-26.rq', 'http/assess-worker-main.js']) {
      expect(existsSync(join(REPO_ROOT, 'dist', f)), f).toBe(true);
    }
  });

  it('answers REST, GraphQL (with a kept answer), SPARQL (in its worker), GraphiQL and the web page', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const profile = { name: 'CV screener', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'] };
    const rest = await fetch(`${url}/v1/assessments?asOf=2026-11-28&view=summary`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(profile) });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { riskClasses: string[] }).riskClasses).toContain('high-risk');

    const query = 'query A($p: ProfileInput!) { assess(profile: $p, asOf: "2026-11-28") { riskClasses obligations { id } } }';
    const answers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { p: profile } }) });
      expect(r.status).toBe(200);
      answers.push(await r.text());
    }
    expect(answers[0]).toContain('aia-art26-1');
    expect(answers[1]).toBe(answers[0]);

    const ask = await fetch(`${url}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, { headers: { accept: 'application/sparql-results+json' } });
    expect(ask.status).toBe(200);
    expect(((await ask.json()) as { boolean: boolean }).boolean).toBe(true);

    const graphiql = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('GraphiQL');
    const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
  }, 60_000);

  it('starts an assessment thread from dist/ (its entry is the compiled module, not the tsx shim)', async () => {
    const { AssessPool } = (await import(join(REPO_ROOT, 'dist/http/assess-pool.js'))) as typeof import('../../src/http/assess-pool.js');
    const { createCore } = (await import(join(REPO_ROOT, 'dist/core.js'))) as typeof import('../../src/core.js');
    const pool = new AssessPool(createCore(), { size: 1, idleMs: 60_000 });
    try {
      await pool.whenReady();
      const bytes = await pool.assessBytes({ input: { name: 'x', roles: ['provider'] }, asOf: '2026-11-28', view: 'summary' });
      expect(JSON.parse(bytes.toString())).toMatchObject({ inScope: true });
      expect(pool.stats.onThread).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('writes one access-log line per request, with its request id, method, URL, status and time', async () => {
    const before = logLines.length;
    const res = await fetch(`${url}/v1/obligations?role=deployer&limit=1`, { headers: { 'x-request-id': 'build-test-1' } });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const entries = logLines.slice(before).flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    const mine = entries.filter((e) => e.reqId === 'build-test-1');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', url: '/v1/obligations?role=deployer&limit=1' }, res: { statusCode: 200 } });
    expect(typeof mine[0]!.responseTime).toBe('number');
  });

  it('npm start builds, serves, and shuts down gracefully when npm gets SIGTERM', async () => {
    const data = mkdtempSync(join(tmpdir(), 'regkg-npm-start-'));
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', REGKG_DATA_DIR: data, REGKG_RATE_LIMIT_MAX: '0' };
    const npm = spawn('npm', ['start', '--silent'], { cwd: REPO_ROOT, env });
    const lines: string[] = [];
    try {
      const started = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not serve: ${lines.join('\n')}`)), 60_000);
        createInterface({ input: npm.stdout }).on('line', (line) => {
          lines.push(line);
          const m = /listening at (http:\/\/[^\s"]+)/.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect((await fetch(`${started}/readyz`)).status).toBe(200);
      const exit = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
      // npm forwards the signal to its child, which is the server itself (exec), not a shell waiting for it.
      npm.kill('SIGTERM');
      await exit;
      await new Promise((r) => setTimeout(r, 300));
      expect(lines.some((l) => l.includes('"msg":"shutting down"') && l.includes('"signal":"SIGTERM"')), lines.slice(-3).join('\n')).toBe(true);
      await expect(fetch(`${started}/readyz`)).rejects.toThrow();
    } finally {
      npm.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    }
  }, 90_000);
});
