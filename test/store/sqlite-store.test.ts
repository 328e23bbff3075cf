import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { SystemRegister } from '../../src/store/system-register.js';
import { sharedCore } from '../support/core.js';
import { ctx, describeStoreContract, PROFILES } from './store-contract.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'regkg-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const open: SqliteStore[] = [];

describeStoreContract(
  'SQLite (file)',
  async () => {
    const s = new SqliteStore({ file: path.join(dir, `contract-${++n}.sqlite`) });
    open.push(s);
    return s;
  },
  async () => {
    for (const s of open) await s.close();
  },
);

describeStoreContract('SQLite (:memory:)', async () => new SqliteStore({ file: ':memory:' }));

describe('SQLite register file', () => {
  it('runs in WAL mode with synchronous=FULL', async () => {
    const s = new SqliteStore({ file: path.join(dir, 'pragmas.sqlite') });
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2);
    await s.close();
  });

  it('keeps what was written across a reopen', async () => {
    const file = path.join(dir, 'reopen.sqlite');
    const s1 = new SqliteStore({ file });
    const r = await new SystemRegister(sharedCore(), s1).create({ profile: PROFILES.cvScreener }, ctx());
    await s1.close();
    const s2 = new SqliteStore({ file });
    expect(await s2.getSystem(r.system.id)).toMatchObject({ etag: r.system.etag, name: 'CV screener' });
    expect(await s2.counts()).toEqual({ systems: 1, assessments: 1, evidence: 0, audit: 1 });
    await s2.close();
  });

  it('refuses a file written by another schema version', async () => {
    const file = path.join(dir, 'future.sqlite');
    const s = new SqliteStore({ file });
    s.db.pragma('user_version = 99');
    await s.close();
    expect(() => new SqliteStore({ file })).toThrowError(/schema version 99/);
  });

  it('stores assessment documents gzipped', async () => {
    const s = new SqliteStore({ file: path.join(dir, 'gzip.sqlite') });
    const r = await new SystemRegister(sharedCore(), s).create({ profile: PROFILES.cvProvider }, ctx());
    const row = s.db.prepare('SELECT length(body) AS n FROM assessments').get() as { n: number };
    expect(row.n).toBeLessThan(JSON.stringify(r.assessment.assessment).length / 4);
    expect((await s.getAssessment(r.assessment.id))?.assessment).toEqual(r.assessment.assessment);
    await s.close();
  });

  it('answers STORE_UNAVAILABLE when the file cannot be opened', () => {
    expect(() => new SqliteStore({ file: path.join(dir, 'no-such-dir-file', '\0bad') })).toThrowError(/register store is unavailable/);
  });
});
