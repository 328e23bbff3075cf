/**
 * kill -9 durability of the embedded register: the real server process (src/server.ts) with a SQLite register in a
 * temporary REGKG_DATA_DIR takes concurrent writes, is SIGKILLed in the middle of them, restarted on the same data,
 * and must still have every system whose creation it acknowledged with 201.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it, expect, afterAll } from 'vitest';
import { REPO_ROOT } from '../../src/graph/source-files.js';
import { PROFILES } from './store-contract.js';

const KEY = 'durability-admin-key-0123456789';
const dir = mkdtempSync(path.join(os.tmpdir(), 'regkg-durability-'));
const children = new Set<ChildProcessWithoutNullStreams>();

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `node --import tsx src/server.ts` (one process, so SIGKILL reaches the server itself) and waits for its URL. */
function startServer(): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  Object.assign(env, {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    REGKG_STORE: 'embedded',
    REGKG_DATA_DIR: dir,
    REGKG_API_KEYS: `${KEY}:admin:durability`,
    REGKG_RATE_LIMIT_MAX: '0',
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: REPO_ROOT, env });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const stderr: string[] = [];
  child.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr.join('')}`)), 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr.join('')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

const headers = { 'x-api-key': KEY, 'content-type': 'application/json' };

describe('embedded register durability', () => {
  it('keeps every acknowledged write across kill -9 mid-load', async () => {
    const first = await startServer();
    const acked: string[] = [];
    let failed = 0;
    let stop = false;
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !stop && i < 2_000; i++) {
        try {
          const res = await fetch(`${first.url}/v1/systems`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ profile: { ...PROFILES.cvScreener, name: `durable-${w}-${i}` } }),
          });
          if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
          else failed++;
        } catch {
          failed++; // the connection died with the server
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    const t0 = Date.now();
    while (acked.length < 150 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    await exited(first.child);
    stop = true;
    await load;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThan(0);

    const second = await startServer();
    try {
      const list = (await (await fetch(`${second.url}/v1/systems?limit=1`, { headers })).json()) as { total: number };
      const stored = list.total;
      const missing: string[] = [];
      for (const id of acked) {
        const res = await fetch(`${second.url}/v1/systems/${id}`, { headers });
        if (res.status !== 200) missing.push(id);
        else await res.arrayBuffer();
      }
      console.log(`kill -9 durability: ${acked.length} acknowledged, ${stored} stored, ${failed} failed in flight, ${missing.length} missing`);
      expect(missing).toEqual([]);
      expect(stored).toBeGreaterThanOrEqual(acked.length);
      // At most the requests in flight at the kill were committed without their 201 reaching the client.
      expect(stored - acked.length).toBeLessThanOrEqual(8);
      const audit = (await (await fetch(`${second.url}/v1/audit?limit=1`, { headers })).json()) as { total: number };
      expect(audit.total).toBe(stored);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  }, 240_000);
});
