import { describe, it, expect, beforeEach, afterAll } from 'vitest';
import { RegkgError } from '../../src/errors.js';
import type { Commit, RegisterStore } from '../../src/store/register-store.js';
import { SystemRegister, type WriteContext } from '../../src/store/system-register.js';
import { sharedCore } from '../support/core.js';

/** Profiles used across the register tests. */
export const PROFILES = {
  cvScreener: { name: 'CV screener', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'], sector: 'employment', placedOnEUMarket: true },
  cvProvider: { name: 'CV ranking model', roles: ['provider'], annexIIIUseCases: ['annex-iii-4a'], sector: 'employment' },
  chatbot: { name: 'Support chatbot', roles: ['provider'], transparencyTriggers: ['artistic-or-satirical-work'], sector: 'finance' },
  spamFilter: { name: 'Spam filter', roles: ['deployer'] },
} as const;

export const ctx = (actor = 'tester', extra: Partial<WriteContext> = {}): WriteContext => ({ actor, requestId: 'req-test', ...extra });

async function expectError(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(RegkgError);
  await p.catch((e: RegkgError) => expect(e.code).toBe(code));
}

/**
 * The behaviour every RegisterStore must have, run through the SystemRegister service over real assessments.
 * `fresh()` returns an empty store (the same instance may be reused after wiping it).
 */
export function describeStoreContract(name: string, fresh: () => Promise<RegisterStore>, teardown: () => Promise<void> = async () => {}): void {
  describe(`${name} register store`, () => {
    let store: RegisterStore;
    let register: SystemRegister;

    beforeEach(async () => {
      store = await fresh();
      register = new SystemRegister(sharedCore(), store);
    });
    afterAll(teardown);

    it('stores a system with its profile, first assessment, requirements and audit entry', async () => {
      const r = await register.create({ profile: PROFILES.cvScreener, asOf: '2026-01-01' }, ctx('alice'));
      expect(r.replayed).toBe(false);
      const got = await store.getSystem(r.system.id);
      expect(got).toMatchObject({ name: 'CV screener', version: 1, revision: 1, createdBy: 'alice', etag: r.system.etag });
      expect(got?.summary.riskClasses).toEqual(['high-risk']);
      const a = await store.getAssessment(got!.latestAssessmentId);
      expect(a).toMatchObject({ seq: 1, reason: 'create', profileVersion: 1, asOf: '2026-01-01' });
      expect(a?.assessment.obligations.length).toBeGreaterThan(0);
      expect((await store.listRequirements(r.system.id)).length).toBeGreaterThan(0);
      const audit = await store.listAudit({ systemId: r.system.id }, { offset: 0, limit: 10 });
      expect(audit.items).toMatchObject([{ action: 'system.create', actor: 'alice', afterEtag: r.system.etag, requestId: 'req-test' }]);
      expect(await store.counts()).toEqual({ systems: 1, assessments: 1, evidence: 0, audit: 1 });
    });

    it('keeps every profile version and assessment when a profile is replaced', async () => {
      const r = await register.create({ profile: PROFILES.cvScreener, asOf: '2026-01-01' }, ctx());
      const u = await register.update(r.system.id, r.system.etag, { profile: { ...PROFILES.cvScreener, annexIIIUseCases: [] }, asOf: '2026-01-01' }, ctx('bob'));
      expect(u.system).toMatchObject({ version: 2, revision: 2, updatedBy: 'bob', createdBy: 'tester' });
      expect(u.system.etag).not.toBe(r.system.etag);
      expect(u.system.summary.riskClasses).not.toContain('high-risk');
      expect((await store.listProfileVersions(r.system.id)).map((v) => v.version)).toEqual([1, 2]);
      expect((await store.listAssessments(r.system.id)).map((a) => [a.seq, a.reason, a.profileVersion])).toEqual([
        [1, 'create', 1],
        [2, 'update', 2],
      ]);
    });

    it('refuses a write against a stale ETag and writes nothing', async () => {
      const r = await register.create({ profile: PROFILES.spamFilter }, ctx());
      await register.update(r.system.id, r.system.etag, { profile: PROFILES.chatbot }, ctx());
      const before = await store.counts();
      await expectError(register.update(r.system.id, r.system.etag, { profile: PROFILES.cvScreener }, ctx()), 'PRECONDITION_FAILED');
      await expectError(register.update(r.system.id, undefined, { profile: PROFILES.cvScreener }, ctx()), 'PRECONDITION_REQUIRED');
      expect(await store.counts()).toEqual(before);
    });

    it('lets exactly one of two concurrent updates with the same ETag win', async () => {
      const r = await register.create({ profile: PROFILES.spamFilter }, ctx());
      const results = await Promise.allSettled([
        register.update(r.system.id, r.system.etag, { profile: PROFILES.chatbot }, ctx('a')),
        register.update(r.system.id, r.system.etag, { profile: PROFILES.cvScreener }, ctx('b')),
      ]);
      expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((x) => x.status === 'rejected') as PromiseRejectedResult;
      expect((lost.reason as RegkgError).code).toBe('PRECONDITION_FAILED');
      expect((await store.getSystem(r.system.id))?.version).toBe(2);
    });

    it('stores every one of many concurrent creates', async () => {
      const made = await Promise.all(Array.from({ length: 12 }, (_, i) => register.create({ profile: { ...PROFILES.spamFilter, name: `Filter ${i}` } }, ctx())));
      expect(new Set(made.map((m) => m.system.id)).size).toBe(12);
      expect((await store.counts()).systems).toBe(12);
      const page = await store.listSystems({}, { offset: 0, limit: 100 });
      expect(page.items.map((s) => s.id)).toEqual([...made.map((m) => m.system.id)].sort());
    });

    it('replays a retried write with the same idempotency key instead of writing twice', async () => {
      const first = await register.create({ profile: PROFILES.chatbot }, ctx('alice', { idempotencyKey: 'k-1' }));
      const again = await register.create({ profile: PROFILES.chatbot }, ctx('alice', { idempotencyKey: 'k-1' }));
      expect(again.replayed).toBe(true);
      expect(again.system.id).toBe(first.system.id);
      expect((await store.counts()).systems).toBe(1);
      await expectError(register.create({ profile: PROFILES.spamFilter }, ctx('alice', { idempotencyKey: 'k-1' })), 'VALIDATION');
      // Keys are scoped to the actor.
      const other = await register.create({ profile: PROFILES.chatbot }, ctx('bob', { idempotencyKey: 'k-1' }));
      expect(other.system.id).not.toBe(first.system.id);
    });

    it('replays a retried update (derived key: same ETag, same body) instead of answering 412', async () => {
      const r = await register.create({ profile: PROFILES.spamFilter }, ctx());
      const u1 = await register.update(r.system.id, r.system.etag, { profile: PROFILES.chatbot }, ctx());
      const u2 = await register.update(r.system.id, r.system.etag, { profile: PROFILES.chatbot }, ctx());
      expect(u2.replayed).toBe(true);
      expect(u2.system.etag).toBe(u1.system.etag);
      expect((await store.listProfileVersions(r.system.id)).length).toBe(2);
    });

    it('filters by risk class, role, Annex III use case and sector', async () => {
      const cv = await register.create({ profile: PROFILES.cvScreener, asOf: '2026-01-01' }, ctx());
      const bot = await register.create({ profile: PROFILES.chatbot, asOf: '2026-01-01' }, ctx());
      await register.create({ profile: PROFILES.spamFilter, asOf: '2026-01-01' }, ctx());
      const ids = async (f: Parameters<RegisterStore['listSystems']>[0]) => (await store.listSystems(f, { offset: 0, limit: 50 })).items.map((s) => s.id);
      expect(await ids({ riskClass: 'high-risk' })).toEqual([cv.system.id]);
      expect(await ids({ role: 'provider' })).toEqual([bot.system.id]);
      expect(await ids({ annexIII: 'annex-iii-4a' })).toEqual([cv.system.id]);
      expect(await ids({ sector: 'finance' })).toEqual([bot.system.id]);
      expect(await ids({ role: 'deployer', sector: 'employment' })).toEqual([cv.system.id]);
      const page = await store.listSystems({}, { offset: 1, limit: 1 });
      expect(page).toMatchObject({ total: 3 });
      expect(page.items).toHaveLength(1);
    });

    it('finds systems with evidence still missing before a deadline, and stops once it is provided', async () => {
      const cv = await register.create({ profile: PROFILES.cvScreener, asOf: '2026-01-01' }, ctx());
      const reqs = await store.listRequirements(cv.system.id);
      const latest = [...reqs].sort((a, b) => (a.appliesFrom < b.appliesFrom ? 1 : -1))[0]!.appliesFrom;
      const after = `${Number(latest.slice(0, 4)) + 1}${latest.slice(4)}`;
      const open = async (d: string) => (await store.listSystems({ openDeadlineBefore: d }, { offset: 0, limit: 10 })).items.map((s) => s.id);
      expect(await open(after)).toEqual([cv.system.id]);
      expect(await open('2024-01-01')).toEqual([]);
      let etag = cv.system.evidenceEtag;
      const types = [...new Set(reqs.map((r) => r.evidenceId))];
      for (const t of types) {
        const r = await register.setEvidence(cv.system.id, t, etag, { status: 'provided', sha256: 'a'.repeat(64) }, ctx());
        etag = r.list.evidenceEtag;
      }
      expect(await open(after)).toEqual([]);
      const evidence = await store.listEvidence(cv.system.id);
      expect(evidence).toHaveLength(reqs.length);
      expect(evidence.every((e) => e.status === 'provided' && e.sha256 === 'a'.repeat(64))).toBe(true);
      // Rejected evidence leaves the item open again.
      const one = reqs[0]!;
      await register.setEvidence(cv.system.id, `${one.obligationId}.${one.evidenceId}`, etag, { status: 'rejected', note: 'unsigned' }, ctx());
      expect(await open(after)).toEqual([cv.system.id]);
    });

    it('hides a soft-deleted system but keeps it for the audit', async () => {
      const r = await register.create({ profile: PROFILES.spamFilter }, ctx());
      await register.remove(r.system.id, r.system.etag, ctx('carol'));
      expect(await store.getSystem(r.system.id)).toBeUndefined();
      expect(await store.getSystem(r.system.id, { includeDeleted: true })).toMatchObject({ deletedBy: 'carol' });
      expect((await store.listSystems({}, { offset: 0, limit: 10 })).total).toBe(0);
      expect(await store.systemsAfter(undefined, 10)).toEqual([]);
      const audit = await store.listAudit({}, { offset: 0, limit: 10 });
      expect(audit.items.map((e) => e.action)).toEqual(['system.delete', 'system.create']);
      expect((await store.listAudit({ actor: 'carol' }, { offset: 0, limit: 10 })).total).toBe(1);
    });

    it('commits a batch in one transaction, skipping a commit whose plan refuses', async () => {
      const a = await register.create({ profile: PROFILES.spamFilter }, ctx());
      const b = await register.create({ profile: PROFILES.chatbot }, ctx());
      const before = await store.counts();
      const rename = (id: string, refuse: boolean) => ({
        systemId: id,
        idempotencyKey: `batch-${id}`,
        requestHash: 'h',
        plan: (current: Parameters<Commit['plan']>[0]) => {
          if (refuse || !current) throw new RegkgError('PRECONDITION_FAILED', { detail: 'refused' });
          const system = { ...current, name: 'renamed', revision: current.revision + 1 };
          return { system, audit: { id: `audit-${id}`, at: new Date().toISOString(), actor: 'batch', action: 'system.update' as const, systemId: id } };
        },
      });
      const out = await store.commitMany([rename(a.system.id, false), rename(b.system.id, true)]);
      expect(out[0]).toMatchObject({ replayed: false, result: { systemId: a.system.id } });
      expect(out[1]).toBeInstanceOf(RegkgError);
      expect((await store.getSystem(a.system.id))?.name).toBe('renamed');
      expect((await store.getSystem(b.system.id))?.name).toBe('Support chatbot');
      expect((await store.counts()).audit).toBe(before.audit + 1);
    });

    it('iterates live systems by keyset', async () => {
      const made = await Promise.all([1, 2, 3, 4, 5].map((i) => register.create({ profile: { ...PROFILES.spamFilter, name: `S${i}` } }, ctx())));
      const sorted = made.map((m) => m.system.id).sort();
      const first = await store.systemsAfter(undefined, 2);
      const second = await store.systemsAfter(first[1]!.id, 10);
      expect([...first, ...second].map((s) => s.id)).toEqual(sorted);
    });
  });
}
