import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../support/app.js';
import { assessPool } from '../../src/http/rest-routes.js';
import { AssessPool } from '../../src/http/assess-pool.js';
import { sharedCore } from '../support/core.js';
import { makeProfiles } from '../../bench/profiles.js';
import type { Core } from '../../src/core.js';

/** Assessments in a thread (REGKG_ASSESS_THREADS) answer exactly as on the event loop, and the thread comes and goes. */
describe('assessment threads', () => {
  let threaded: FastifyInstance;
  let inline: FastifyInstance;
  beforeAll(async () => {
    threaded = await testApp({ REGKG_ASSESS_THREADS: 1, REGKG_ASSESS_THREAD_IDLE_MS: 400 });
    inline = await testApp();
  });
  afterAll(async () => {
    await threaded.close();
    await inline.close();
  });

  const post = (app: FastifyInstance, url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

  it('gives byte-identical answers and problems from the thread, in every view and language', async () => {
    const pool = assessPool(threaded)!;
    expect(assessPool(inline)!.size).toBe(0);
    await pool.whenReady();
    const before = pool.stats.onThread;
    const profiles = makeProfiles(12, 5);
    for (const [i, p] of profiles.entries()) {
      const view = ['refs', 'full', 'compact', 'summary'][i % 4];
      const url = `/v1/assessments?asOf=2026-11-28&view=${view}&lang=${['en', 'fr', 'de'][i % 3]}`;
      const [a, b] = await Promise.all([post(threaded, url, p), post(inline, url, p)]);
      expect(a.statusCode).toBe(200);
      expect(a.body, `${view} ${JSON.stringify(p).slice(0, 80)}`).toBe(b.body);
    }
    // An unknown id: the same problem (the request id and instance aside).
    const bad = { name: 'x', roles: ['deployer'], annexIIIUseCases: ['annex-iii-9z'] };
    const [pa, pb] = await Promise.all([post(threaded, '/v1/assessments', bad), post(inline, '/v1/assessments', bad)]);
    expect(pa.statusCode).toBe(400);
    const strip = (r: { json(): Record<string, unknown> }) => ({ ...r.json(), requestId: undefined });
    expect(strip(pa)).toEqual(strip(pb));
    expect(pa.json()).toMatchObject({ code: 'REGKG_ERR_UNKNOWN_ID', field: 'annexIIIUseCases.0' });
    expect(pool.stats.onThread - before).toBe(profiles.length + 1);
  });

  it('stops the thread once idle, then answers on the event loop', async () => {
    const pool = assessPool(threaded)!;
    await pool.whenReady();
    await new Promise((r) => setTimeout(r, 1200));
    expect(pool.size).toBe(0);
    const onLoop = pool.stats.onLoop;
    const res = await post(threaded, '/v1/assessments?asOf=2026-11-28', { name: 'bot', roles: ['provider'], transparencyTriggers: ['interacts-with-natural-persons'] });
    expect(res.statusCode).toBe(200);
    expect(pool.stats.onLoop).toBe(onLoop + 1);
  });

  it('answers the jobs a thread held when it dies, on the event loop', async () => {
    const pool = assessPool(threaded)!;
    await pool.whenReady();
    const profiles = makeProfiles(30, 9);
    const expected = await Promise.all(profiles.map((p) => post(inline, '/v1/assessments?asOf=2026-11-28', p)));
    const pending = profiles.map((p) => post(threaded, '/v1/assessments?asOf=2026-11-28', p));
    // Kill the thread while it holds jobs (white box: the pool's own worker and its pending jobs).
    const thread = (pool as unknown as { threads: { worker: { terminate(): Promise<number> }; pending: Map<number, unknown> }[] }).threads[0]!;
    await expect.poll(() => thread.pending.size, { interval: 1 }).toBeGreaterThan(0);
    const crashes = pool.stats.crashes;
    await thread.worker.terminate();
    const got = await Promise.all(pending);
    expect(pool.stats.crashes).toBe(crashes + 1);
    expect(got.map((r) => r.statusCode)).toEqual(profiles.map(() => 200));
    expect(got.map((r) => r.body)).toEqual(expected.map((r) => r.body));
  });

  it('never uses a thread whose knowledge is not the server\'s', async () => {
    const core = sharedCore();
    const other = { ...core, k: { ...core.k, version: 'another-knowledge-version' } } as Core;
    const pool = new AssessPool(other, { size: 1, idleMs: 60_000 });
    await expect(pool.whenReady()).rejects.toThrow(/stopped/);
    expect(pool.size).toBe(0);
    await pool.close();
  });
});
