/**
 * System register throughput on SQLite (embedded) and on Neo4j (the real test server), through the SystemRegister
 * service (validation + assessment + store), against a baseline measured in the same run: the assessment alone.
 *   writes   create N systems (sequential, and 8 concurrent for Neo4j)
 *   reads    get one system + its latest assessment; a filtered list page; the evidence list
 *   bulk     POST /v1/systems/reassess: unchanged (same date: fingerprints match, nothing written) and
 *            changed (a later date: duties come into force, a new assessment per changed system)
 * Run: npx tsx bench/register.ts [--n 2000] [--neo4j-n 500] [--no-neo4j]
 * Writes bench/results/register-<date>.json; the figures go into docs/scaling.md.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../src/core.js';
import type { RegisterStore } from '../src/store/register-store.js';
import { Neo4jStore } from '../src/store/neo4j-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { SystemRegister } from '../src/store/system-register.js';
import { startNeo4j } from '../test/neo4j/server.js';
import { makeProfiles } from './profiles.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '2000' }, 'neo4j-n': { type: 'string', default: '500' }, 'no-neo4j': { type: 'boolean', default: false } } });
const core = createCore();
const ASOF = '2026-01-01';
const LATER = '2027-01-01';
const ctx = { actor: 'bench' };

interface Figures {
  store: string;
  systems: number;
  createPerSec: number;
  createConcurrentPerSec?: number;
  getPerSec: number;
  listPerSec: number;
  evidencePerSec: number;
  bulkUnchangedPerSec: number;
  bulkChangedPerSec: number;
  bulkChanged: number;
  bytesPerSystem?: number;
}

const rate = (n: number, ms: number): number => Math.round((n * 1000) / ms);

async function timed(n: number, fn: (i: number) => Promise<unknown>, concurrency = 1): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i);
    }),
  );
  return rate(n, performance.now() - t0);
}

async function measure(label: string, store: RegisterStore, n: number, opts: { concurrent?: boolean; file?: string } = {}): Promise<Figures> {
  const register = new SystemRegister(core, store);
  const profiles = makeProfiles(n, 7);
  const ids: string[] = [];
  const createPerSec = await timed(n, async (i) => ids.push((await register.create({ profile: profiles[i], asOf: ASOF }, ctx)).system.id));
  let createConcurrentPerSec: number | undefined;
  if (opts.concurrent) {
    const more = makeProfiles(n, 8);
    createConcurrentPerSec = await timed(n, async (i) => ids.push((await register.create({ profile: more[i], asOf: ASOF }, ctx)).system.id), 8);
  }
  const reads = Math.min(ids.length, 3000);
  const pick = (i: number): string => ids[(i * 7919) % ids.length]!;
  const getPerSec = await timed(reads, (i) => register.get(pick(i)), opts.concurrent ? 8 : 1);
  const listPerSec = await timed(300, (i) => register.list({ riskClass: i % 2 ? 'high-risk' : 'minimal' }, { offset: (i * 50) % 500, limit: 50 }), opts.concurrent ? 8 : 1);
  const evidencePerSec = await timed(Math.min(reads, 1000), (i) => register.evidence(pick(i)), opts.concurrent ? 8 : 1);
  const total = ids.length;
  const unchanged = await register.reassessAll({ asOf: ASOF }, ctx);
  const changed = await register.reassessAll({ asOf: LATER }, ctx);
  const bytesPerSystem = opts.file ? Math.round(fileBytes(opts.file) / total) : undefined;
  const f: Figures = {
    store: label,
    systems: total,
    createPerSec,
    ...(createConcurrentPerSec !== undefined ? { createConcurrentPerSec } : {}),
    getPerSec,
    listPerSec,
    evidencePerSec,
    bulkUnchangedPerSec: unchanged.systemsPerSecond,
    bulkChangedPerSec: changed.systemsPerSecond,
    bulkChanged: changed.changed,
    ...(bytesPerSystem !== undefined ? { bytesPerSystem } : {}),
  };
  console.log(JSON.stringify(f));
  return f;
}

function fileBytes(file: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal']) {
    try {
      bytes += statSync(file + suffix).size;
    } catch {
      // no WAL file
    }
  }
  return bytes;
}

const n = Number(values.n);
const profiles = makeProfiles(n, 7).map((p) => core.validateProfile(p));
const t0 = performance.now();
for (const p of profiles) JSON.stringify(core.assessor.assess(p, { asOf: ASOF }));
const baseline = rate(n, performance.now() - t0);
console.log(`knowledge ${core.k.version}; baseline (assess + JSON.stringify, no store): ${baseline}/s`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'regkg-bench-'));
const results: Figures[] = [];
try {
  const file = path.join(dir, 'register.sqlite');
  const sqlite = new SqliteStore({ file });
  results.push(await measure('sqlite (file, WAL, synchronous=FULL)', sqlite, n, { file }));
  await sqlite.close();
  results.push(await measure('sqlite (:memory:)', new SqliteStore({ file: ':memory:' }), n));

  if (!values['no-neo4j']) {
    const server = await startNeo4j();
    const store = new Neo4jStore({ uri: server.uri, user: server.user, password: server.password, maxRetryMs: 30_000, connectionTimeoutMs: 5_000 });
    try {
      await store.init();
      results.push(await measure('neo4j 5 (test server, same machine)', store, Number(values['neo4j-n']), { concurrent: true }));
    } finally {
      await store.close();
      await server.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const out = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, knowledgeVersion: core.k.version, baselineAssessPerSec: baseline, results };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const target = new URL(`./results/register-${out.date.slice(0, 10)}.json`, import.meta.url);
writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
console.log(`\n| store | systems | create/s | create/s (8 concurrent) | get/s | list page/s | evidence list/s | bulk unchanged/s | bulk changed/s | bytes/system |`);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.store} | ${r.systems} | ${r.createPerSec} | ${r.createConcurrentPerSec ?? ''} | ${r.getPerSec} | ${r.listPerSec} | ${r.evidencePerSec} | ${r.bulkUnchangedPerSec} | ${r.bulkChangedPerSec} (${r.bulkChanged} changed) | ${r.bytesPerSystem ?? ''} |`);
}
process.exit(0);
