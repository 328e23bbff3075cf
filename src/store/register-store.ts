import type { Assessment } from '../domain/assessment-types.js';
import { RegkgError } from '../errors.js';

/**
 * The system register's storage contract. Two implementations: SQLite (embedded default, also `:memory:`)
 * and Neo4j. Stores are dumb and transactional: every write is one `commit()` whose `plan` is computed from
 * the current (locked) system record, so compare-and-set on ETags and idempotent retries live in one place.
 */

export const EVIDENCE_STATUSES = ['missing', 'provided', 'accepted', 'rejected'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

/** Evidence statuses that satisfy a requirement; anything else (missing, rejected) leaves it open. */
export const SATISFYING_STATUSES: readonly EvidenceStatus[] = ['provided', 'accepted'];

/** What the list filters look at, taken from the profile and the latest assessment. */
export interface SystemSummary {
  riskClasses: string[];
  roles: string[];
  annexIII: string[];
  sector?: string;
  inScope: boolean;
  obligationCount: number;
  knowledgeVersion: string;
  lawVersion: string;
  asOf: string;
  /** Hash of the latest assessment's comparable content: a bulk re-assessment skips unchanged systems by it. */
  fingerprint: string;
}

export interface SystemRecord {
  id: string;
  name: string;
  profile: Record<string, unknown>;
  /** Profile version: 1 at creation, +1 on every PUT. */
  version: number;
  /** +1 on every write to the system (profile, re-assessment, deletion): the ETag follows it. */
  revision: number;
  /** Quoted strong ETag of the system representation. */
  etag: string;
  /** +1 on every change of the evidence set (an evidence write or a new assessment changing what is required). */
  evidenceRevision: number;
  evidenceEtag: string;
  summary: SystemSummary;
  latestAssessmentId: string;
  /** Number of assessments recorded so far (the latest one's seq). */
  assessmentSeq: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  deletedAt?: string;
  deletedBy?: string;
}

export interface ProfileVersionRecord {
  systemId: string;
  version: number;
  profile: Record<string, unknown>;
  at: string;
  by: string;
}

export type AssessmentReason = 'create' | 'update' | 'reassess';

export interface AssessmentHead {
  id: string;
  systemId: string;
  /** 1, 2, 3... per system. */
  seq: number;
  profileVersion: number;
  reason: AssessmentReason;
  knowledgeVersion: string;
  lawVersion: string;
  asOf: string;
  createdAt: string;
  createdBy: string;
  riskClasses: string[];
  inScope: boolean;
  obligationCount: number;
}

export interface AssessmentRecord extends AssessmentHead {
  assessment: Assessment;
}

/** One evidence item the latest assessment requires: an evidence type for an obligation. */
export interface Requirement {
  obligationId: string;
  evidenceId: string;
  /** Earliest date the obligation applies to this system (over the roles that bear it). */
  appliesFrom: string;
}

export interface EvidenceRecord {
  systemId: string;
  obligationId: string;
  evidenceId: string;
  status: EvidenceStatus;
  link?: string;
  sha256?: string;
  note?: string;
  updatedAt: string;
  updatedBy: string;
}

export type AuditAction = 'system.create' | 'system.update' | 'system.delete' | 'system.reassess' | 'evidence.set';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: AuditAction;
  systemId: string;
  beforeEtag?: string;
  afterEtag?: string;
  requestId?: string;
  /** Short, structured description of what changed (JSON). */
  detail?: string;
}

/** Everything one write changes, applied in one transaction. */
export interface Changes {
  system: SystemRecord;
  profileVersion?: ProfileVersionRecord;
  assessment?: AssessmentRecord;
  /** Replaces the system's requirements when present. */
  requirements?: Requirement[];
  /** Upserted by (systemId, obligationId, evidenceId). */
  evidence?: EvidenceRecord[];
  audit: AuditEntry;
}

/** What a commit (or its replay) returns. */
export interface CommitResult {
  systemId: string;
  etag: string;
  evidenceEtag: string;
  assessmentId?: string;
}

export interface Commit {
  systemId: string;
  /** Scoped idempotency key: the same key with the same request hash replays the first result. */
  idempotencyKey: string;
  requestHash: string;
  /**
   * Computes the changes from the current record, read under the store's write lock (undefined: no such system).
   * Pure and deterministic: a store may call it more than once (driver retries). Throws RegkgError to refuse.
   */
  plan(current: SystemRecord | undefined): Changes;
}

export interface CommitOutcome {
  replayed: boolean;
  result: CommitResult;
}

export interface SystemFilter {
  riskClass?: string;
  role?: string;
  annexIII?: string;
  sector?: string;
  /** Systems with a requirement still open (missing or rejected) for an obligation applying before this date. */
  openDeadlineBefore?: string;
}

export interface PageRequest {
  offset: number;
  limit: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface AuditFilter {
  systemId?: string;
  actor?: string;
}

export interface StoreCounts {
  systems: number;
  assessments: number;
  evidence: number;
  audit: number;
}

export interface RegisterStore {
  readonly kind: 'embedded' | 'memory' | 'neo4j';
  /** Creates the schema (tables, constraints, indexes). Safe to call again; stores also call it lazily. */
  init(): Promise<void>;
  close(): Promise<void>;
  commit(commit: Commit): Promise<CommitOutcome>;
  /**
   * Several commits in one transaction (bulk jobs: one fsync instead of one per system). A commit whose plan refuses
   * is skipped and its error returned in its place; a store failure rejects the whole batch and writes nothing.
   */
  commitMany(commits: Commit[]): Promise<(CommitOutcome | Error)[]>;
  getSystem(id: string, opts?: { includeDeleted?: boolean }): Promise<SystemRecord | undefined>;
  /** Live systems matching the filter, in id (creation) order. */
  listSystems(filter: SystemFilter, page: PageRequest): Promise<Page<SystemRecord>>;
  /** Keyset iteration over live systems in id order, for bulk jobs and exports. */
  systemsAfter(afterId: string | undefined, limit: number): Promise<SystemRecord[]>;
  getAssessment(id: string): Promise<AssessmentRecord | undefined>;
  listAssessments(systemId: string): Promise<AssessmentHead[]>;
  listProfileVersions(systemId: string): Promise<ProfileVersionRecord[]>;
  listRequirements(systemId: string): Promise<Requirement[]>;
  listEvidence(systemId: string): Promise<EvidenceRecord[]>;
  /** Newest first. */
  listAudit(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
  counts(): Promise<StoreCounts>;
}

export function resultOf(changes: Changes): CommitResult {
  return {
    systemId: changes.system.id,
    etag: changes.system.etag,
    evidenceEtag: changes.system.evidenceEtag,
    ...(changes.assessment ? { assessmentId: changes.assessment.id } : {}),
  };
}

/** The head of an assessment record (everything but the assessment document). */
export function headOf(a: AssessmentRecord): AssessmentHead {
  const { assessment: _body, ...head } = a;
  return head;
}

/** The same Idempotency-Key sent with a different request. */
export function idempotencyMismatch(): RegkgError {
  return new RegkgError(
    'VALIDATION',
    { detail: 'Idempotency-Key: this key was already used for a different request; use a new key for a new request' },
    { field: 'Idempotency-Key' },
  );
}

/** Wraps an error thrown by a commit's plan, so that a batch can tell it from a store failure. */
export class PlanRefused extends Error {
  constructor(readonly reason: unknown) {
    super('plan refused');
  }
}

export function planOf(c: Commit, current: SystemRecord | undefined): Changes {
  try {
    return c.plan(current);
  } catch (e) {
    throw new PlanRefused(e);
  }
}
