import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { checkDate, type Core } from '../core.js';
import type { Assessment } from '../domain/assessment-types.js';
import { parseWith } from '../domain/validate.js';
import { RegkgError } from '../errors.js';
import { assessmentFingerprint, diffAssessments, type AssessmentDiff } from './assessment-diff.js';
import { canonicalJson, etagOf, ifMatchMatches, sha256Hex } from './etag.js';
import { evidenceItemId, parseEvidenceItemId, requirementsOf } from './required-evidence.js';
import {
  EVIDENCE_STATUSES,
  SATISFYING_STATUSES,
  type AssessmentHead,
  type AssessmentReason,
  type AssessmentRecord,
  type AuditAction,
  type AuditEntry,
  type AuditFilter,
  type Changes,
  type Commit,
  type CommitOutcome,
  type EvidenceRecord,
  type EvidenceStatus,
  type Page,
  type PageRequest,
  type ProfileVersionRecord,
  type RegisterStore,
  type SystemFilter,
  type SystemRecord,
  type SystemSummary,
} from './register-store.js';

/** Who writes, and how to recognise a retried request. */
export interface WriteContext {
  /** The actor's id as recorded in the audit log (never the API key itself). */
  actor: string;
  requestId?: string;
  /** Client-supplied Idempotency-Key (scoped to the actor). */
  idempotencyKey?: string;
}

export interface SystemInput {
  profile: unknown;
  asOf?: string;
}

export interface SystemState {
  system: SystemRecord;
  assessment: AssessmentRecord;
  /** True when an earlier identical request (same idempotency key) had already done this write. */
  replayed: boolean;
}

export interface ReassessOutcome extends SystemState {
  diff: AssessmentDiff;
}

export interface BulkReassessReport {
  asOf: string;
  knowledgeVersion: string;
  total: number;
  /** Systems whose assessment changed (a new assessment was recorded). */
  changed: number;
  unchanged: number;
  /** Systems written by someone else during the run: left for the next run. */
  conflicts: number;
  failed: number;
  durationMs: number;
  systemsPerSecond: number;
  systems: { id: string; name: string; diff?: AssessmentDiff; error?: { code: string; detail: string } }[];
}

export interface EvidenceItemView {
  id: string;
  obligation: { id: string; label: string; appliesFrom: string; inForce: boolean; roles: string[] };
  evidence: { id: string; label: string; producedBy: string[] };
  status: EvidenceStatus;
  /** Still to be done: missing or rejected. */
  open: boolean;
  link?: string;
  sha256?: string;
  note?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export interface EvidenceList {
  systemId: string;
  evidenceEtag: string;
  assessmentId: string;
  counts: Record<EvidenceStatus, number> & { total: number; open: number };
  items: EvidenceItemView[];
}

export const EvidenceInput = z
  .strictObject({
    status: z.enum(EVIDENCE_STATUSES),
    link: z.string().url().max(2000).optional(),
    sha256: z
      .string()
      .regex(/^[A-Fa-f0-9]{64}$/, 'expected a SHA-256 content hash: 64 hexadecimal digits')
      .transform((v) => v.toLowerCase())
      .optional(),
    note: z.string().max(4000).optional(),
  })
  .refine((v) => !SATISFYING_STATUSES.includes(v.status) || v.link !== undefined || v.sha256 !== undefined, {
    message: 'provided and accepted evidence needs a link or a sha256 content hash',
    path: ['link'],
  });
export type EvidenceInput = z.infer<typeof EvidenceInput>;

/** Time-ordered system id: 9 base-36 digits of milliseconds, then 16 random hex digits. */
export function newSystemId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}

export const SYSTEM_ID = /^[0-9a-z]{9}[0-9a-f]{16}$/;

const MAX_CONFLICT_RETRIES = 3;
/** Systems read, assessed and committed together by a bulk re-assessment. */
const BULK_BATCH = 50;

function summaryOf(profile: Record<string, unknown>, a: Assessment): SystemSummary {
  const list = (v: unknown): string[] => (Array.isArray(v) ? [...new Set(v.map(String))].sort() : []);
  return {
    riskClasses: [...a.riskClasses].sort(),
    roles: list(profile.roles),
    annexIII: list(profile.annexIIIUseCases),
    ...(typeof profile.sector === 'string' ? { sector: profile.sector } : {}),
    inScope: a.inScope,
    obligationCount: a.obligations.length,
    knowledgeVersion: a.knowledgeVersion,
    lawVersion: a.lawVersion.id,
    asOf: a.asOf,
    fingerprint: assessmentFingerprint(a),
  };
}

function notFound(id: string): RegkgError {
  return new RegkgError('NOT_FOUND', { path: `/v1/systems/${id}` });
}

/** A write plan's first check: the system exists and is not deleted. */
function assertLive(current: SystemRecord | undefined, id: string): asserts current is SystemRecord {
  if (!current || current.deletedAt) throw notFound(id);
}

/** A write plan's If-Match check against the system's current ETag. */
function assertMatches(precondition: string, current: SystemRecord): void {
  if (!ifMatchMatches(precondition, current.etag)) throw new RegkgError('PRECONDITION_FAILED', { detail: `ETag is now ${current.etag}` });
}

function requireIfMatch(ifMatch: string | undefined): string {
  if (ifMatch === undefined || ifMatch.trim() === '') throw new RegkgError('PRECONDITION_REQUIRED');
  return ifMatch;
}

/** A CAS failure the register caused itself (no client precondition): safe to recompute and retry. */
class Conflict extends Error {}

/**
 * The system register: validates, assesses and plans every write; the store applies each plan in one transaction.
 * REST handlers and GraphQL resolvers are thin adapters over these methods.
 */
export class SystemRegister {
  private readonly listeners = new Set<(systemId: string) => void>();

  constructor(
    readonly core: Core,
    readonly store: RegisterStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Calls `listener(systemId)` after every committed change of a system's profile, assessment or deletion in this
   * process (e.g. to refresh that system's named graph in a SPARQL store). Returns the unsubscribe function.
   */
  onChange(listener: (systemId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(outcome: CommitOutcome): void {
    if (outcome.replayed) return;
    for (const l of this.listeners) {
      try {
        l(outcome.result.systemId);
      } catch {
        // The write is committed: a listener's failure is its own and must not fail the request.
      }
    }
  }

  private validate(input: SystemInput): { profile: Record<string, unknown>; asOf: string } {
    const profile = parseWith(this.core.profileSchema, input.profile, 'profile') as Record<string, unknown>;
    return { profile, asOf: checkDate(input.asOf, 'asOf') };
  }

  private assess(profile: Record<string, unknown>, asOf: string): Assessment {
    return this.core.assessor.assess(profile, { asOf, lang: 'en' });
  }

  private key(ctx: WriteContext, derived?: string): string {
    if (ctx.idempotencyKey !== undefined) return `client:${ctx.actor}:${ctx.idempotencyKey}`;
    return derived !== undefined ? `derived:${sha256Hex(`${ctx.actor}\u0000${derived}`)}` : `auto:${randomUUID()}`;
  }

  private audit(ctx: WriteContext, at: string, action: AuditAction, systemId: string, before: string | undefined, after: string, detail: object): AuditEntry {
    return {
      id: randomUUID(),
      at,
      actor: ctx.actor,
      action,
      systemId,
      ...(before ? { beforeEtag: before } : {}),
      afterEtag: after,
      ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      detail: JSON.stringify(detail),
    };
  }

  /** The assessment record and system changes shared by create, update and re-assessment. */
  private withAssessment(
    base: SystemRecord | undefined,
    args: { id: string; profile: Record<string, unknown>; version: number; assessment: Assessment; reason: AssessmentReason; at: string; by: string },
  ): { system: SystemRecord; record: AssessmentRecord } {
    const seq = (base?.assessmentSeq ?? 0) + 1;
    const a = args.assessment;
    const record: AssessmentRecord = {
      id: `${args.id}-${seq}`,
      systemId: args.id,
      seq,
      profileVersion: args.version,
      reason: args.reason,
      knowledgeVersion: a.knowledgeVersion,
      lawVersion: a.lawVersion.id,
      asOf: a.asOf,
      createdAt: args.at,
      createdBy: args.by,
      riskClasses: [...a.riskClasses].sort(),
      inScope: a.inScope,
      obligationCount: a.obligations.length,
      assessment: a,
    };
    const revision = (base?.revision ?? 0) + 1;
    const evidenceRevision = (base?.evidenceRevision ?? 0) + 1;
    const system: SystemRecord = {
      id: args.id,
      name: String(args.profile.name),
      profile: args.profile,
      version: args.version,
      revision,
      etag: etagOf(args.id, revision, record.id, sha256Hex(canonicalJson(args.profile))),
      evidenceRevision,
      evidenceEtag: etagOf(args.id, 'evidence', evidenceRevision, record.id),
      summary: summaryOf(args.profile, a),
      latestAssessmentId: record.id,
      assessmentSeq: seq,
      createdAt: base?.createdAt ?? args.at,
      createdBy: base?.createdBy ?? args.by,
      updatedAt: args.at,
      updatedBy: args.by,
    };
    return { system, record };
  }

  async create(input: SystemInput, ctx: WriteContext): Promise<SystemState> {
    const { profile, asOf } = this.validate(input);
    const assessment = this.assess(profile, asOf);
    const now = this.clock();
    const at = now.toISOString();
    const id = newSystemId(now);
    let planned: Changes | undefined;
    const outcome = await this.store.commit({
      systemId: id,
      idempotencyKey: this.key(ctx),
      requestHash: sha256Hex(canonicalJson({ op: 'create', profile, asOf: input.asOf ?? null })),
      plan: (current): Changes => {
        if (current) throw new RegkgError('INTERNAL', { requestId: ctx.requestId ?? id });
        const { system, record } = this.withAssessment(undefined, { id, profile, version: 1, assessment, reason: 'create', at, by: ctx.actor });
        return (planned = {
          system,
          profileVersion: { systemId: id, version: 1, profile, at, by: ctx.actor },
          assessment: record,
          requirements: requirementsOf(assessment),
          audit: this.audit(ctx, at, 'system.create', id, undefined, system.etag, { version: 1, assessment: record.id, riskClasses: system.summary.riskClasses }),
        });
      },
    });
    this.changed(outcome);
    return this.stateAfter(outcome, planned);
  }

  private async state(id: string, replayed = false): Promise<SystemState> {
    const system = await this.store.getSystem(id);
    if (!system) throw notFound(id);
    const assessment = await this.store.getAssessment(system.latestAssessmentId);
    if (!assessment) throw new RegkgError('INTERNAL', { requestId: id });
    return { system, assessment, replayed };
  }

  /** The state a commit produced: what its plan wrote, or (a replay) what the store has now. */
  private async stateAfter(outcome: { replayed: boolean; result: { systemId: string } }, planned: Changes | undefined): Promise<SystemState> {
    if (!outcome.replayed && planned?.assessment) return { system: planned.system, assessment: planned.assessment, replayed: false };
    return this.state(outcome.result.systemId, outcome.replayed);
  }

  async get(id: string): Promise<SystemState> {
    return this.state(id);
  }

  list(filter: SystemFilter, page: PageRequest): Promise<Page<SystemRecord>> {
    return this.store.listSystems(filter, page);
  }

  async update(id: string, ifMatch: string | undefined, input: SystemInput, ctx: WriteContext): Promise<SystemState> {
    const precondition = requireIfMatch(ifMatch);
    const { profile, asOf } = this.validate(input);
    const assessment = this.assess(profile, asOf);
    const at = this.clock().toISOString();
    const requestHash = sha256Hex(canonicalJson({ op: 'update', id, ifMatch: precondition, profile, asOf: input.asOf ?? null }));
    let planned: Changes | undefined;
    const outcome = await this.store.commit({
      systemId: id,
      idempotencyKey: this.key(ctx, requestHash),
      requestHash,
      plan: (current): Changes => {
        assertLive(current, id);
        assertMatches(precondition, current);
        const version = current.version + 1;
        const { system, record } = this.withAssessment(current, { id, profile, version, assessment, reason: 'update', at, by: ctx.actor });
        return (planned = {
          system,
          profileVersion: { systemId: id, version, profile, at, by: ctx.actor },
          assessment: record,
          requirements: requirementsOf(assessment),
          audit: this.audit(ctx, at, 'system.update', id, current.etag, system.etag, { version, assessment: record.id, riskClasses: system.summary.riskClasses }),
        });
      },
    });
    this.changed(outcome);
    return this.stateAfter(outcome, planned);
  }

  async remove(id: string, ifMatch: string | undefined, ctx: WriteContext): Promise<{ id: string; etag: string; replayed: boolean }> {
    const precondition = requireIfMatch(ifMatch);
    const at = this.clock().toISOString();
    const requestHash = sha256Hex(canonicalJson({ op: 'delete', id, ifMatch: precondition }));
    const outcome = await this.store.commit({
      systemId: id,
      idempotencyKey: this.key(ctx, requestHash),
      requestHash,
      plan: (current): Changes => {
        assertLive(current, id);
        assertMatches(precondition, current);
        const revision = current.revision + 1;
        const system: SystemRecord = {
          ...current,
          revision,
          etag: etagOf(id, revision, 'deleted', at),
          updatedAt: at,
          updatedBy: ctx.actor,
          deletedAt: at,
          deletedBy: ctx.actor,
        };
        return { system, audit: this.audit(ctx, at, 'system.delete', id, current.etag, system.etag, { version: current.version }) };
      },
    });
    this.changed(outcome);
    return { id, etag: outcome.result.etag, replayed: outcome.replayed };
  }

  /** Re-assesses one system under `asOf` (default today) and the current knowledge version; always records it. */
  async reassess(id: string, opts: { asOf?: string; ifMatch?: string }, ctx: WriteContext): Promise<ReassessOutcome> {
    const asOf = checkDate(opts.asOf, 'asOf');
    for (let attempt = 0; ; attempt++) {
      const before = await this.state(id);
      if (opts.ifMatch !== undefined && !ifMatchMatches(opts.ifMatch, before.system.etag)) {
        throw new RegkgError('PRECONDITION_FAILED', { detail: `ETag is now ${before.system.etag}` });
      }
      const assessment = this.assess(before.system.profile, asOf);
      const diff = diffAssessments(before.assessment.assessment, assessment);
      try {
        const { outcome, planned } = await this.commitReassessment(before.system, assessment, diff, ctx);
        return { ...(await this.stateAfter(outcome, planned)), diff };
      } catch (e) {
        if (!(e instanceof Conflict)) throw e;
        if (opts.ifMatch !== undefined) throw new RegkgError('PRECONDITION_FAILED', { detail: 'the system changed during re-assessment' });
        if (attempt >= MAX_CONFLICT_RETRIES) throw new RegkgError('PRECONDITION_FAILED', { detail: 'the system kept changing during re-assessment; retry' });
      }
    }
  }

  private async commitReassessment(
    read: SystemRecord,
    assessment: Assessment,
    diff: AssessmentDiff,
    ctx: WriteContext,
  ): Promise<{ outcome: CommitOutcome; planned: Changes | undefined }> {
    const r = this.reassessmentCommit(read, assessment, diff, ctx);
    const outcome = await this.store.commit(r.commit);
    this.changed(outcome);
    return { outcome, planned: r.planned() };
  }

  /** The commit recording a re-assessment, valid only if the system is still as `read` (else Conflict). */
  private reassessmentCommit(read: SystemRecord, assessment: Assessment, diff: AssessmentDiff, ctx: WriteContext): { commit: Commit; planned: () => Changes | undefined } {
    const at = this.clock().toISOString();
    const id = read.id;
    let planned: Changes | undefined;
    const commit: Commit = {
      systemId: id,
      idempotencyKey: this.key(ctx),
      requestHash: sha256Hex(canonicalJson({ op: 'reassess', id, asOf: assessment.asOf })),
      plan: (current): Changes => {
        assertLive(current, id);
        if (current.etag !== read.etag) throw new Conflict();
        const { system, record } = this.withAssessment(current, {
          id,
          profile: current.profile,
          version: current.version,
          assessment,
          reason: 'reassess',
          at,
          by: ctx.actor,
        });
        return (planned = {
          system,
          assessment: record,
          requirements: requirementsOf(assessment),
          audit: this.audit(ctx, at, 'system.reassess', id, current.etag, system.etag, {
            assessment: record.id,
            asOf: assessment.asOf,
            knowledgeVersion: assessment.knowledgeVersion,
            changed: diff.changed,
          }),
        });
      },
    };
    return { commit, planned: () => planned };
  }

  /**
   * Re-assesses every live system. A system whose new assessment has the same fingerprint (same knowledge version,
   * classes, duties, dates, in-force flags and evidence) is left as it is; the others get a new assessment.
   */
  async reassessAll(opts: { asOf?: string }, ctx: WriteContext): Promise<BulkReassessReport> {
    const asOf = checkDate(opts.asOf, 'asOf');
    const t0 = performance.now();
    const report: BulkReassessReport = {
      asOf,
      knowledgeVersion: this.core.k.version,
      total: 0,
      changed: 0,
      unchanged: 0,
      conflicts: 0,
      failed: 0,
      durationMs: 0,
      systemsPerSecond: 0,
      systems: [],
    };
    // One request, many writes: a client Idempotency-Key cannot name each of them.
    const { idempotencyKey: _key, ...each } = ctx;
    const fail = (s: SystemRecord, e: unknown): void => {
      if (e instanceof Conflict || (e instanceof RegkgError && e.code === 'NOT_FOUND')) {
        report.conflicts++;
        return;
      }
      if (e instanceof RegkgError && e.code === 'STORE_UNAVAILABLE') throw e;
      report.failed++;
      const error = e instanceof RegkgError ? { code: e.code, detail: e.message } : { code: 'INTERNAL', detail: 'unexpected error' };
      report.systems.push({ id: s.id, name: s.name, error });
    };
    let after: string | undefined;
    for (;;) {
      const batch = await this.store.systemsAfter(after, BULK_BATCH);
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.id;
      const pending: { system: SystemRecord; diff: AssessmentDiff; commit: Commit }[] = [];
      for (const s of batch) {
        report.total++;
        try {
          const profile = parseWith(this.core.profileSchema, s.profile, 'profile') as Record<string, unknown>;
          const assessment = this.assess(profile, asOf);
          if (assessmentFingerprint(assessment) === s.summary.fingerprint) {
            report.unchanged++;
            continue;
          }
          const old = await this.store.getAssessment(s.latestAssessmentId);
          if (!old) throw new RegkgError('INTERNAL', { requestId: s.id });
          const diff = diffAssessments(old.assessment, assessment);
          pending.push({ system: s, diff, commit: this.reassessmentCommit(s, assessment, diff, each).commit });
        } catch (e) {
          fail(s, e);
        }
      }
      // One transaction for the batch: one fsync (SQLite) or one commit round (Neo4j) instead of one per system.
      const outcomes = pending.length ? await this.store.commitMany(pending.map((p) => p.commit)) : [];
      outcomes.forEach((o, i) => {
        const p = pending[i]!;
        if (o instanceof Error) return fail(p.system, o);
        this.changed(o);
        report.changed++;
        report.systems.push({ id: p.system.id, name: p.system.name, diff: p.diff });
      });
      // The embedded store works synchronously: let requests in between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    report.durationMs = Math.round(performance.now() - t0);
    report.systemsPerSecond = report.durationMs > 0 ? Math.round((report.total * 1000) / report.durationMs) : report.total;
    return report;
  }

  async history(id: string): Promise<{ system: SystemRecord; versions: ProfileVersionRecord[]; assessments: AssessmentHead[] }> {
    const system = await this.store.getSystem(id);
    if (!system) throw notFound(id);
    const [versions, assessments] = await Promise.all([this.store.listProfileVersions(id), this.store.listAssessments(id)]);
    return { system, versions, assessments };
  }

  /** Every evidence item the latest assessment requires, with its status (missing when nothing was recorded). */
  async evidence(id: string): Promise<EvidenceList> {
    const { system, assessment } = await this.state(id);
    const records = await this.store.listEvidence(id);
    return evidenceListOf(system, assessment, records);
  }

  async setEvidence(id: string, itemId: string, ifMatch: string | undefined, input: EvidenceInput, ctx: WriteContext): Promise<{ list: EvidenceList; items: string[]; replayed: boolean }> {
    const precondition = requireIfMatch(ifMatch);
    const { assessment } = await this.state(id);
    const required = requirementsOf(assessment.assessment);
    const wanted = parseEvidenceItemId(itemId);
    const targets = required.filter((r) => (wanted ? r.obligationId === wanted.obligationId && r.evidenceId === wanted.evidenceId : r.evidenceId === itemId));
    if (targets.length === 0) throw new RegkgError('NOT_FOUND', { path: `/v1/systems/${id}/evidence/${itemId}` });
    const at = this.clock().toISOString();
    const requestHash = sha256Hex(canonicalJson({ op: 'evidence', id, itemId, ifMatch: precondition, input }));
    const outcome = await this.store.commit({
      systemId: id,
      idempotencyKey: this.key(ctx, requestHash),
      requestHash,
      plan: (current): Changes => {
        assertLive(current, id);
        if (!ifMatchMatches(precondition, current.evidenceEtag)) {
          throw new RegkgError('PRECONDITION_FAILED', { detail: `the evidence ETag is now ${current.evidenceEtag}` });
        }
        const evidenceRevision = current.evidenceRevision + 1;
        const next: SystemRecord = { ...current, evidenceRevision, evidenceEtag: etagOf(id, 'evidence', evidenceRevision, current.latestAssessmentId) };
        const evidence: EvidenceRecord[] = targets.map((r) => ({
          systemId: id,
          obligationId: r.obligationId,
          evidenceId: r.evidenceId,
          status: input.status,
          ...(input.link !== undefined ? { link: input.link } : {}),
          ...(input.sha256 !== undefined ? { sha256: input.sha256 } : {}),
          ...(input.note !== undefined ? { note: input.note } : {}),
          updatedAt: at,
          updatedBy: ctx.actor,
        }));
        const items = targets.map((r) => evidenceItemId(r.obligationId, r.evidenceId));
        return {
          system: next,
          evidence,
          audit: this.audit(ctx, at, 'evidence.set', id, current.evidenceEtag, next.evidenceEtag, { items, status: input.status }),
        };
      },
    });
    const list = await this.evidence(id);
    return { list, items: targets.map((r) => evidenceItemId(r.obligationId, r.evidenceId)), replayed: outcome.replayed };
  }

  auditLog(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    return this.store.listAudit(filter, page);
  }
}

/** Joins the requirements of the latest assessment with the recorded evidence (pure). */
export function evidenceListOf(system: SystemRecord, latest: AssessmentRecord, records: EvidenceRecord[]): EvidenceList {
  const recorded = new Map(records.map((r) => [evidenceItemId(r.obligationId, r.evidenceId), r]));
  const a = latest.assessment;
  const obligations = new Map<string, { label: string; roles: string[]; inForce: boolean }>();
  const evidenceInfo = new Map<string, { label: string; producedBy: string[] }>();
  for (const o of a.obligations) {
    const seen = obligations.get(o.id);
    if (seen) {
      seen.roles.push(o.role);
      seen.inForce ||= o.inForce;
    } else obligations.set(o.id, { label: o.label, roles: [o.role], inForce: o.inForce });
    for (const e of o.evidence) evidenceInfo.set(e.evidence, { label: e.label, producedBy: e.producedBy });
  }
  const counts: EvidenceList['counts'] = { total: 0, open: 0, missing: 0, provided: 0, accepted: 0, rejected: 0 };
  const items = requirementsOf(a).map((r): EvidenceItemView => {
    const id = evidenceItemId(r.obligationId, r.evidenceId);
    const rec = recorded.get(id);
    const ob = obligations.get(r.obligationId)!;
    const ev = evidenceInfo.get(r.evidenceId) ?? { label: r.evidenceId, producedBy: [] };
    const status = rec?.status ?? 'missing';
    const open = !SATISFYING_STATUSES.includes(status);
    counts.total++;
    counts[status]++;
    if (open) counts.open++;
    return {
      id,
      obligation: { id: r.obligationId, label: ob.label, appliesFrom: r.appliesFrom, inForce: r.appliesFrom <= a.asOf, roles: [...ob.roles].sort() },
      evidence: { id: r.evidenceId, label: ev.label, producedBy: ev.producedBy },
      status,
      open,
      ...(rec?.link !== undefined ? { link: rec.link } : {}),
      ...(rec?.sha256 !== undefined ? { sha256: rec.sha256 } : {}),
      ...(rec?.note !== undefined ? { note: rec.note } : {}),
      ...(rec ? { updatedAt: rec.updatedAt, updatedBy: rec.updatedBy } : {}),
    };
  });
  return { systemId: system.id, evidenceEtag: system.evidenceEtag, assessmentId: latest.id, counts, items };
}
