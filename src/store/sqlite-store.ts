import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import { RegkgError } from '../errors.js';
import {
  idempotencyMismatch,
  PlanRefused,
  planOf,
  resultOf,
  SATISFYING_STATUSES,
  type AssessmentHead,
  type AssessmentRecord,
  type AuditEntry,
  type AuditFilter,
  type Commit,
  type CommitOutcome,
  type EvidenceRecord,
  type Page,
  type PageRequest,
  type ProfileVersionRecord,
  type RegisterStore,
  type Requirement,
  type StoreCounts,
  type SystemFilter,
  type SystemRecord,
} from './register-store.js';

/** Bumped with every change of the tables below; PRAGMA user_version holds it in the file. */
export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS systems (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, profile TEXT NOT NULL, version INTEGER NOT NULL, revision INTEGER NOT NULL,
  etag TEXT NOT NULL, evidence_revision INTEGER NOT NULL, evidence_etag TEXT NOT NULL, summary TEXT NOT NULL,
  latest_assessment TEXT NOT NULL, assessment_seq INTEGER NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL, deleted_at TEXT, deleted_by TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS system_tags (
  system_id TEXT NOT NULL REFERENCES systems(id), kind TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (system_id, kind, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS system_tags_by_value ON system_tags (kind, value, system_id);
CREATE TABLE IF NOT EXISTS profile_versions (
  system_id TEXT NOT NULL REFERENCES systems(id), version INTEGER NOT NULL, profile TEXT NOT NULL,
  at TEXT NOT NULL, by TEXT NOT NULL, PRIMARY KEY (system_id, version)
) STRICT;
CREATE TABLE IF NOT EXISTS assessments (
  id TEXT PRIMARY KEY, system_id TEXT NOT NULL REFERENCES systems(id), seq INTEGER NOT NULL, head TEXT NOT NULL,
  body BLOB NOT NULL, UNIQUE (system_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS requirements (
  system_id TEXT NOT NULL REFERENCES systems(id), obligation_id TEXT NOT NULL, evidence_id TEXT NOT NULL,
  applies_from TEXT NOT NULL, PRIMARY KEY (system_id, obligation_id, evidence_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS evidence (
  system_id TEXT NOT NULL REFERENCES systems(id), obligation_id TEXT NOT NULL, evidence_id TEXT NOT NULL,
  status TEXT NOT NULL, link TEXT, sha256 TEXT, note TEXT, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
  PRIMARY KEY (system_id, obligation_id, evidence_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, actor TEXT NOT NULL,
  action TEXT NOT NULL, system_id TEXT NOT NULL, before_etag TEXT, after_etag TEXT, request_id TEXT, detail TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS audit_by_system ON audit (system_id, seq);
CREATE INDEX IF NOT EXISTS audit_by_actor ON audit (actor, seq);
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, result TEXT NOT NULL, at TEXT NOT NULL
) STRICT;
`;

interface SystemRow {
  id: string;
  name: string;
  profile: string;
  version: number;
  revision: number;
  etag: string;
  evidence_revision: number;
  evidence_etag: string;
  summary: string;
  latest_assessment: string;
  assessment_seq: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
  deleted_by: string | null;
}

function toSystem(r: SystemRow): SystemRecord {
  return {
    id: r.id,
    name: r.name,
    profile: JSON.parse(r.profile) as Record<string, unknown>,
    version: r.version,
    revision: r.revision,
    etag: r.etag,
    evidenceRevision: r.evidence_revision,
    evidenceEtag: r.evidence_etag,
    summary: JSON.parse(r.summary) as SystemRecord['summary'],
    latestAssessmentId: r.latest_assessment,
    assessmentSeq: r.assessment_seq,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    ...(r.deleted_at ? { deletedAt: r.deleted_at, deletedBy: r.deleted_by ?? '' } : {}),
  };
}

interface EvidenceRow {
  system_id: string;
  obligation_id: string;
  evidence_id: string;
  status: EvidenceRecord['status'];
  link: string | null;
  sha256: string | null;
  note: string | null;
  updated_at: string;
  updated_by: string;
}

interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: AuditEntry['action'];
  system_id: string;
  before_etag: string | null;
  after_etag: string | null;
  request_id: string | null;
  detail: string | null;
}

const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** SQLite errors that mean "the store cannot take this write now", not "this request is wrong". */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|CORRUPT|NOTADB)/;

function mapSqliteError(e: unknown): unknown {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && UNAVAILABLE.test(code)) return new RegkgError('STORE_UNAVAILABLE', { detail: `SQLite ${code}` });
  return e;
}

/** Assessment documents are repetitive JSON (~80 KB): gzip keeps about a tenth of it on disk. */
function packBody(a: AssessmentRecord['assessment']): Buffer {
  return gzipSync(JSON.stringify(a), { level: 4 });
}

function unpackBody(body: Buffer): AssessmentRecord['assessment'] {
  return JSON.parse(gunzipSync(body).toString('utf8')) as AssessmentRecord['assessment'];
}

/** Creates the tables in a new file; refuses a file written by another schema version. */
function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  const hasTables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'systems'").get() !== undefined;
  if (version > SCHEMA_VERSION || hasTables) {
    throw new RegkgError('STORE_UNAVAILABLE', {
      detail: `${file} has register schema version ${version}, this regkg reads version ${SCHEMA_VERSION}: move the file away or use a matching regkg`,
    });
  }
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function prepareStatements(db: Database.Database) {
  return {
    idempotency: db.prepare<[string], { request_hash: string; result: string }>('SELECT request_hash, result FROM idempotency WHERE key = ?'),
    system: db.prepare<[string], SystemRow>('SELECT * FROM systems WHERE id = ?'),
    upsertSystem: db.prepare(`INSERT INTO systems (id, name, profile, version, revision, etag, evidence_revision, evidence_etag, summary,
        latest_assessment, assessment_seq, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by)
      VALUES (@id, @name, @profile, @version, @revision, @etag, @evidence_revision, @evidence_etag, @summary,
        @latest_assessment, @assessment_seq, @created_at, @created_by, @updated_at, @updated_by, @deleted_at, @deleted_by)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, profile = excluded.profile, version = excluded.version,
        revision = excluded.revision, etag = excluded.etag, evidence_revision = excluded.evidence_revision,
        evidence_etag = excluded.evidence_etag, summary = excluded.summary, latest_assessment = excluded.latest_assessment,
        assessment_seq = excluded.assessment_seq,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by, deleted_at = excluded.deleted_at,
        deleted_by = excluded.deleted_by`),
    deleteTags: db.prepare('DELETE FROM system_tags WHERE system_id = ?'),
    insertTag: db.prepare('INSERT OR IGNORE INTO system_tags (system_id, kind, value) VALUES (?, ?, ?)'),
    insertVersion: db.prepare('INSERT INTO profile_versions (system_id, version, profile, at, by) VALUES (?, ?, ?, ?, ?)'),
    insertAssessment: db.prepare('INSERT INTO assessments (id, system_id, seq, head, body) VALUES (?, ?, ?, ?, ?)'),
    deleteRequirements: db.prepare('DELETE FROM requirements WHERE system_id = ?'),
    insertRequirement: db.prepare('INSERT INTO requirements (system_id, obligation_id, evidence_id, applies_from) VALUES (?, ?, ?, ?)'),
    upsertEvidence: db.prepare(`INSERT INTO evidence (system_id, obligation_id, evidence_id, status, link, sha256, note, updated_at, updated_by)
      VALUES (@systemId, @obligationId, @evidenceId, @status, @link, @sha256, @note, @updatedAt, @updatedBy)
      ON CONFLICT (system_id, obligation_id, evidence_id) DO UPDATE SET status = excluded.status, link = excluded.link,
        sha256 = excluded.sha256, note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
    insertAudit: db.prepare(`INSERT INTO audit (id, at, actor, action, system_id, before_etag, after_etag, request_id, detail)
      VALUES (@id, @at, @actor, @action, @systemId, @beforeEtag, @afterEtag, @requestId, @detail)`),
    insertIdempotency: db.prepare('INSERT INTO idempotency (key, request_hash, result, at) VALUES (?, ?, ?, ?)'),
    assessment: db.prepare<[string], { head: string; body: Buffer }>('SELECT head, body FROM assessments WHERE id = ?'),
    assessments: db.prepare<[string], { head: string }>('SELECT head FROM assessments WHERE system_id = ? ORDER BY seq'),
    versions: db.prepare<[string], { version: number; profile: string; at: string; by: string }>(
      'SELECT version, profile, at, by FROM profile_versions WHERE system_id = ? ORDER BY version',
    ),
    requirements: db.prepare<[string], { obligation_id: string; evidence_id: string; applies_from: string }>(
      'SELECT obligation_id, evidence_id, applies_from FROM requirements WHERE system_id = ? ORDER BY obligation_id, evidence_id',
    ),
    evidence: db.prepare<[string], EvidenceRow>('SELECT * FROM evidence WHERE system_id = ? ORDER BY obligation_id, evidence_id'),
    after: db.prepare<[string, number], SystemRow>('SELECT * FROM systems WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?'),
  };
}

export interface SqliteStoreOptions {
  /** A file path, or `:memory:` for a throw-away register. */
  file: string;
}

/**
 * The embedded register: one SQLite file in WAL mode with synchronous=FULL, so a write acknowledged to the client
 * has been fsynced and survives `kill -9` (and a power cut). better-sqlite3 is synchronous: every call runs to its
 * end on the event loop, and each commit runs in one IMMEDIATE transaction, so commits are serialised.
 */
export class SqliteStore implements RegisterStore {
  readonly kind: 'embedded' | 'memory';
  readonly db: Database.Database;
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private readonly applyTx: Database.Transaction<(c: Commit) => CommitOutcome>;

  constructor(opts: SqliteStoreOptions) {
    this.kind = opts.file === ':memory:' ? 'memory' : 'embedded';
    if (this.kind === 'embedded') mkdirSync(path.dirname(path.resolve(opts.file)), { recursive: true });
    try {
      this.db = new Database(opts.file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      migrate(this.db, opts.file);
    } catch (e) {
      if (e instanceof RegkgError) throw e;
      throw new RegkgError('STORE_UNAVAILABLE', { detail: `cannot open ${opts.file}: ${(e as Error).message}` });
    }
    this.stmt = prepareStatements(this.db);
    this.applyTx = this.db.transaction((c: Commit) => this.apply(c));
  }

  async init(): Promise<void> {
    // The schema is created when the file is opened.
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async commit(c: Commit): Promise<CommitOutcome> {
    try {
      return this.applyTx.immediate(c);
    } catch (e) {
      throw mapSqliteError(e instanceof PlanRefused ? e.reason : e);
    }
  }

  async commitMany(commits: Commit[]): Promise<(CommitOutcome | Error)[]> {
    // Nested better-sqlite3 transactions are savepoints: a refused plan rolls back its own commit only.
    const batch = this.db.transaction((): (CommitOutcome | Error)[] =>
      commits.map((c) => {
        try {
          return this.applyTx(c);
        } catch (e) {
          if (e instanceof PlanRefused) return e.reason instanceof Error ? e.reason : new Error(String(e.reason));
          throw e;
        }
      }),
    );
    try {
      return batch.immediate();
    } catch (e) {
      throw mapSqliteError(e);
    }
  }

  /** One commit, as a better-sqlite3 transaction function (a savepoint when nested in a batch). */
  private apply(c: Commit): CommitOutcome {
    const seen = this.stmt.idempotency.get(c.idempotencyKey);
    if (seen) return replay(seen, c);
    const row = this.stmt.system.get(c.systemId);
    const changes = planOf(c, row ? toSystem(row) : undefined);
    const s = changes.system;
    this.stmt.upsertSystem.run({
      id: s.id,
      name: s.name,
      profile: JSON.stringify(s.profile),
      version: s.version,
      revision: s.revision,
      etag: s.etag,
      evidence_revision: s.evidenceRevision,
      evidence_etag: s.evidenceEtag,
      summary: JSON.stringify(s.summary),
      latest_assessment: s.latestAssessmentId,
      assessment_seq: s.assessmentSeq,
      created_at: s.createdAt,
      created_by: s.createdBy,
      updated_at: s.updatedAt,
      updated_by: s.updatedBy,
      deleted_at: s.deletedAt ?? null,
      deleted_by: s.deletedBy ?? null,
    });
    this.stmt.deleteTags.run(s.id);
    if (!s.deletedAt) {
      for (const v of s.summary.riskClasses) this.stmt.insertTag.run(s.id, 'riskClass', v);
      for (const v of s.summary.roles) this.stmt.insertTag.run(s.id, 'role', v);
      for (const v of s.summary.annexIII) this.stmt.insertTag.run(s.id, 'annexIII', v);
      if (s.summary.sector) this.stmt.insertTag.run(s.id, 'sector', s.summary.sector);
    }
    const pv = changes.profileVersion;
    if (pv) this.stmt.insertVersion.run(pv.systemId, pv.version, JSON.stringify(pv.profile), pv.at, pv.by);
    const a = changes.assessment;
    if (a) {
      const { assessment, ...head } = a;
      this.stmt.insertAssessment.run(a.id, a.systemId, a.seq, JSON.stringify(head), packBody(assessment));
    }
    if (changes.requirements) {
      this.stmt.deleteRequirements.run(s.id);
      for (const r of changes.requirements) this.stmt.insertRequirement.run(s.id, r.obligationId, r.evidenceId, r.appliesFrom);
    }
    for (const e of changes.evidence ?? []) {
      this.stmt.upsertEvidence.run({ ...e, link: e.link ?? null, sha256: e.sha256 ?? null, note: e.note ?? null });
    }
    const au = changes.audit;
    this.stmt.insertAudit.run({
      ...au,
      beforeEtag: au.beforeEtag ?? null,
      afterEtag: au.afterEtag ?? null,
      requestId: au.requestId ?? null,
      detail: au.detail ?? null,
    });
    const result = resultOf(changes);
    this.stmt.insertIdempotency.run(c.idempotencyKey, c.requestHash, JSON.stringify(result), au.at);
    return { replayed: false, result };
  }

  async getSystem(id: string, opts: { includeDeleted?: boolean } = {}): Promise<SystemRecord | undefined> {
    const row = this.read(() => this.stmt.system.get(id));
    if (!row || (row.deleted_at && !opts.includeDeleted)) return undefined;
    return toSystem(row);
  }

  async listSystems(filter: SystemFilter, page: PageRequest): Promise<Page<SystemRecord>> {
    const where = ['s.deleted_at IS NULL'];
    const params: (string | number)[] = [];
    const tag = (kind: string, value: string | undefined): void => {
      if (value === undefined) return;
      where.push('EXISTS (SELECT 1 FROM system_tags t WHERE t.system_id = s.id AND t.kind = ? AND t.value = ?)');
      params.push(kind, value);
    };
    tag('riskClass', filter.riskClass);
    tag('role', filter.role);
    tag('annexIII', filter.annexIII);
    tag('sector', filter.sector);
    if (filter.openDeadlineBefore !== undefined) {
      where.push(`EXISTS (SELECT 1 FROM requirements r WHERE r.system_id = s.id AND r.applies_from < ?
        AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.system_id = r.system_id AND e.obligation_id = r.obligation_id
          AND e.evidence_id = r.evidence_id AND e.status IN (${SATISFYING_STATUSES.map(() => '?').join(', ')})))`);
      params.push(filter.openDeadlineBefore, ...SATISFYING_STATUSES);
    }
    const sql = `FROM systems s WHERE ${where.join(' AND ')}`;
    return this.read(() => {
      const total = (this.db.prepare(`SELECT count(*) AS n ${sql}`).get(...params) as { n: number }).n;
      const rows = this.db.prepare(`SELECT s.* ${sql} ORDER BY s.id LIMIT ? OFFSET ?`).all(...params, page.limit, page.offset) as SystemRow[];
      return { total, items: rows.map(toSystem) };
    });
  }

  async systemsAfter(afterId: string | undefined, limit: number): Promise<SystemRecord[]> {
    return this.read(() => this.stmt.after.all(afterId ?? '', limit).map(toSystem));
  }

  async getAssessment(id: string): Promise<AssessmentRecord | undefined> {
    const row = this.read(() => this.stmt.assessment.get(id));
    if (!row) return undefined;
    return { ...(JSON.parse(row.head) as AssessmentHead), assessment: unpackBody(row.body) };
  }

  async listAssessments(systemId: string): Promise<AssessmentHead[]> {
    return this.read(() => this.stmt.assessments.all(systemId).map((r) => JSON.parse(r.head) as AssessmentHead));
  }

  async listProfileVersions(systemId: string): Promise<ProfileVersionRecord[]> {
    return this.read(() =>
      this.stmt.versions.all(systemId).map((r) => ({ systemId, version: r.version, profile: JSON.parse(r.profile) as Record<string, unknown>, at: r.at, by: r.by })),
    );
  }

  async listRequirements(systemId: string): Promise<Requirement[]> {
    return this.read(() =>
      this.stmt.requirements.all(systemId).map((r) => ({ obligationId: r.obligation_id, evidenceId: r.evidence_id, appliesFrom: r.applies_from })),
    );
  }

  async listEvidence(systemId: string): Promise<EvidenceRecord[]> {
    return this.read(() =>
      this.stmt.evidence.all(systemId).map((r) => ({
        systemId: r.system_id,
        obligationId: r.obligation_id,
        evidenceId: r.evidence_id,
        status: r.status,
        link: orUndefined(r.link),
        sha256: orUndefined(r.sha256),
        note: orUndefined(r.note),
        updatedAt: r.updated_at,
        updatedBy: r.updated_by,
      })),
    );
  }

  async listAudit(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.systemId !== undefined) {
      where.push('system_id = ?');
      params.push(filter.systemId);
    }
    if (filter.actor !== undefined) {
      where.push('actor = ?');
      params.push(filter.actor);
    }
    const sql = `FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    return this.read(() => {
      const total = (this.db.prepare(`SELECT count(*) AS n ${sql}`).get(...params) as { n: number }).n;
      const rows = this.db.prepare(`SELECT * ${sql} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(...params, page.limit, page.offset) as AuditRow[];
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          at: r.at,
          actor: r.actor,
          action: r.action,
          systemId: r.system_id,
          beforeEtag: orUndefined(r.before_etag),
          afterEtag: orUndefined(r.after_etag),
          requestId: orUndefined(r.request_id),
          detail: orUndefined(r.detail),
        })),
      };
    });
  }

  async counts(): Promise<StoreCounts> {
    return this.read(() => {
      const n = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
      return {
        systems: n('SELECT count(*) AS n FROM systems WHERE deleted_at IS NULL'),
        assessments: n('SELECT count(*) AS n FROM assessments'),
        evidence: n('SELECT count(*) AS n FROM evidence'),
        audit: n('SELECT count(*) AS n FROM audit'),
      };
    });
  }

  private read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw mapSqliteError(e);
    }
  }
}

function replay(seen: { request_hash: string; result: string }, c: Commit): CommitOutcome {
  if (seen.request_hash !== c.requestHash) throw idempotencyMismatch();
  return { replayed: true, result: JSON.parse(seen.result) as CommitOutcome['result'] };
}
