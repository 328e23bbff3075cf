import neo4j, { type Driver, type ManagedTransaction, type Node } from 'neo4j-driver';
import { createNeo4jDriver, isConstraintViolation, mapNeo4jError, type Neo4jConnection } from './neo4j-driver.js';
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
  type CommitResult,
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

/**
 * Constraints and indexes, created at startup (IF NOT EXISTS: safe on every boot). Community edition has
 * single-property uniqueness only, so composite identities get a `key` property.
 */
export const NEO4J_SCHEMA = [
  'CREATE CONSTRAINT reg_system_id IF NOT EXISTS FOR (s:System) REQUIRE s.id IS UNIQUE',
  'CREATE CONSTRAINT reg_assessment_id IF NOT EXISTS FOR (a:AssessmentRecord) REQUIRE a.id IS UNIQUE',
  'CREATE CONSTRAINT reg_profile_version_key IF NOT EXISTS FOR (v:ProfileVersion) REQUIRE v.key IS UNIQUE',
  'CREATE CONSTRAINT reg_evidence_key IF NOT EXISTS FOR (e:EvidenceItem) REQUIRE e.key IS UNIQUE',
  'CREATE CONSTRAINT reg_audit_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.id IS UNIQUE',
  'CREATE CONSTRAINT reg_idempotency_key IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE k.key IS UNIQUE',
  'CREATE INDEX reg_system_deleted IF NOT EXISTS FOR (s:System) ON (s.deletedAt)',
  'CREATE INDEX reg_system_sector IF NOT EXISTS FOR (s:System) ON (s.sector)',
  'CREATE INDEX reg_requirement_system IF NOT EXISTS FOR (r:Requirement) ON (r.systemId)',
  'CREATE INDEX reg_audit_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at)',
  'CREATE INDEX reg_audit_system IF NOT EXISTS FOR (a:AuditEntry) ON (a.systemId)',
  'CREATE INDEX reg_audit_actor IF NOT EXISTS FOR (a:AuditEntry) ON (a.actor)',
];

type Props = Record<string, unknown>;

/** JS numbers travel as floats: SKIP, LIMIT and integer properties need Neo4j integers. */
const int = (n: number) => neo4j.int(n);

function systemProps(s: SystemRecord): Props {
  return {
    id: s.id,
    name: s.name,
    profile: JSON.stringify(s.profile),
    version: int(s.version),
    revision: int(s.revision),
    etag: s.etag,
    evidenceRevision: int(s.evidenceRevision),
    evidenceEtag: s.evidenceEtag,
    summary: JSON.stringify(s.summary),
    // Denormalised for the list filters.
    riskClasses: s.summary.riskClasses,
    roles: s.summary.roles,
    annexIII: s.summary.annexIII,
    sector: s.summary.sector ?? null,
    latestAssessmentId: s.latestAssessmentId,
    assessmentSeq: int(s.assessmentSeq),
    createdAt: s.createdAt,
    createdBy: s.createdBy,
    updatedAt: s.updatedAt,
    updatedBy: s.updatedBy,
    deletedAt: s.deletedAt ?? null,
    deletedBy: s.deletedBy ?? null,
  };
}

function toSystem(n: Node): SystemRecord {
  const p = n.properties as Props;
  return {
    id: String(p.id),
    name: String(p.name),
    profile: JSON.parse(String(p.profile)) as Record<string, unknown>,
    version: Number(p.version),
    revision: Number(p.revision),
    etag: String(p.etag),
    evidenceRevision: Number(p.evidenceRevision),
    evidenceEtag: String(p.evidenceEtag),
    summary: JSON.parse(String(p.summary)) as SystemRecord['summary'],
    latestAssessmentId: String(p.latestAssessmentId),
    assessmentSeq: Number(p.assessmentSeq),
    createdAt: String(p.createdAt),
    createdBy: String(p.createdBy),
    updatedAt: String(p.updatedAt),
    updatedBy: String(p.updatedBy),
    ...(p.deletedAt ? { deletedAt: String(p.deletedAt), deletedBy: String(p.deletedBy ?? '') } : {}),
  };
}

const opt = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/**
 * The register in Neo4j. Every write is one explicit transaction run by `executeWrite`, which retries transient
 * failures (lost leader, deadlock, dropped connection) for up to NEO4J_MAX_RETRY_MS. A retry after a commit whose
 * acknowledgement was lost finds its IdempotencyKey node and replays the first result instead of writing twice.
 */
export class Neo4jStore implements RegisterStore {
  readonly kind = 'neo4j' as const;
  readonly driver: Driver;
  private schema: Promise<void> | undefined;

  constructor(
    private readonly conn: Neo4jConnection,
    driver?: Driver,
  ) {
    this.driver = driver ?? createNeo4jDriver(conn);
  }

  /** Creates constraints and indexes once; a failure (Neo4j down) is retried by the next call. */
  init(): Promise<void> {
    this.schema ??= this.write(async (tx) => {
      for (const stmt of NEO4J_SCHEMA) await tx.run(stmt);
    }, false).catch((e: unknown) => {
      this.schema = undefined;
      throw e;
    });
    return this.schema;
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  async commit(c: Commit): Promise<CommitOutcome> {
    await this.init();
    try {
      return await this.write((tx) => this.apply(tx, c));
    } catch (e) {
      if (e instanceof PlanRefused) throw e.reason;
      // Two concurrent first attempts with one key: the loser replays the winner's result.
      if (isConstraintViolation(e) && String((e as Error).message).includes('IdempotencyKey')) {
        const seen = await this.read(async (tx) => readKey(tx, c.idempotencyKey));
        if (seen) return replay(seen, c);
      }
      throw e;
    }
  }

  async commitMany(commits: Commit[]): Promise<(CommitOutcome | Error)[]> {
    // A plan refuses before its commit writes anything but the lock counter, so skipping it keeps the transaction whole.
    return this.write(async (tx) => {
      const out: (CommitOutcome | Error)[] = [];
      for (const c of commits) {
        try {
          out.push(await this.apply(tx, c));
        } catch (e) {
          if (!(e instanceof PlanRefused)) throw e;
          out.push(e.reason instanceof Error ? e.reason : new Error(String(e.reason)));
        }
      }
      return out;
    });
  }

  /** Two round trips: read (idempotency key, locked current record), then every change in one statement. */
  private async apply(tx: ManagedTransaction, c: Commit): Promise<CommitOutcome> {
    // Writing a property takes the node's write lock first, so the plan sees a record no one else can change
    // until this transaction ends.
    const first = await tx.run(
      `OPTIONAL MATCH (k:IdempotencyKey {key: $key})
       OPTIONAL MATCH (s:System {id: $id})
       FOREACH (_ IN CASE WHEN k IS NULL AND s IS NOT NULL THEN [1] ELSE [] END | SET s.lockSeq = coalesce(s.lockSeq, 0) + 1)
       RETURN k.requestHash AS h, k.result AS r, s`,
      { key: c.idempotencyKey, id: c.systemId },
    );
    const rec = first.records[0];
    const h = rec?.get('h') as string | null | undefined;
    if (h) return replay({ request_hash: h, result: String(rec!.get('r')) }, c);
    const node = (rec?.get('s') as Node | null | undefined) ?? undefined;
    const changes = planOf(c, node ? toSystem(node) : undefined);
    const s = changes.system;
    const pv = changes.profileVersion;
    const a = changes.assessment;
    const au = changes.audit;
    const result = resultOf(changes);
    await tx.run(
      `MERGE (s:System {id: $id})
       SET s += $props
       WITH s
       CALL (s) {
         UNWIND $versions AS v
         CREATE (s)-[:HAS_VERSION]->(:ProfileVersion {key: v.key, systemId: s.id, version: v.version, profile: v.profile, at: v.at, by: v.by})
       }
       CALL (s) {
         UNWIND $assessments AS a
         CREATE (s)-[:HAS_ASSESSMENT]->(:AssessmentRecord {id: a.id, systemId: s.id, seq: a.seq, createdAt: a.createdAt, head: a.head, body: a.body})
       }
       CALL (s) {
         WITH s WHERE $replaceRequirements
         OPTIONAL MATCH (s)-[:REQUIRES]->(old:Requirement)
         DETACH DELETE old
       }
       CALL (s) {
         UNWIND $requirements AS row
         CREATE (s)-[:REQUIRES]->(:Requirement {systemId: s.id, obligationId: row.obligationId, evidenceId: row.evidenceId, appliesFrom: row.appliesFrom})
       }
       CALL (s) {
         UNWIND $evidence AS row
         MERGE (e:EvidenceItem {key: row.key})
         ON CREATE SET e.systemId = s.id, e.obligationId = row.obligationId, e.evidenceId = row.evidenceId
         SET e.status = row.status, e.link = row.link, e.sha256 = row.sha256, e.note = row.note,
             e.updatedAt = row.updatedAt, e.updatedBy = row.updatedBy
         MERGE (s)-[:HAS_EVIDENCE]->(e)
       }
       CREATE (au:AuditEntry) SET au = $audit
       CREATE (:IdempotencyKey {key: $key, requestHash: $hash, result: $result, at: $at})`,
      {
        id: s.id,
        props: systemProps(s),
        versions: pv ? [{ key: `${pv.systemId}|${pv.version}`, version: int(pv.version), profile: JSON.stringify(pv.profile), at: pv.at, by: pv.by }] : [],
        assessments: a ? [assessmentRow(a)] : [],
        replaceRequirements: changes.requirements !== undefined,
        requirements: changes.requirements ?? [],
        evidence: (changes.evidence ?? []).map((e) => ({
          ...e,
          key: `${e.systemId}|${e.obligationId}|${e.evidenceId}`,
          link: e.link ?? null,
          sha256: e.sha256 ?? null,
          note: e.note ?? null,
        })),
        audit: { ...au, beforeEtag: au.beforeEtag ?? null, afterEtag: au.afterEtag ?? null, requestId: au.requestId ?? null, detail: au.detail ?? null },
        key: c.idempotencyKey,
        hash: c.requestHash,
        result: JSON.stringify(result),
        at: au.at,
      },
    );
    return { replayed: false, result };
  }

  async getSystem(id: string, opts: { includeDeleted?: boolean } = {}): Promise<SystemRecord | undefined> {
    const rows = await this.query('MATCH (s:System {id: $id}) RETURN s', { id });
    const node = rows[0]?.s as Node | undefined;
    if (!node) return undefined;
    const s = toSystem(node);
    return s.deletedAt && !opts.includeDeleted ? undefined : s;
  }

  async listSystems(filter: SystemFilter, page: PageRequest): Promise<Page<SystemRecord>> {
    const where = ['s.deletedAt IS NULL'];
    if (filter.riskClass !== undefined) where.push('$riskClass IN s.riskClasses');
    if (filter.role !== undefined) where.push('$role IN s.roles');
    if (filter.annexIII !== undefined) where.push('$annexIII IN s.annexIII');
    if (filter.sector !== undefined) where.push('s.sector = $sector');
    if (filter.openDeadlineBefore !== undefined) {
      where.push(`EXISTS {
        MATCH (s)-[:REQUIRES]->(r:Requirement) WHERE r.appliesFrom < $before
        AND NOT EXISTS {
          MATCH (s)-[:HAS_EVIDENCE]->(e:EvidenceItem)
          WHERE e.obligationId = r.obligationId AND e.evidenceId = r.evidenceId AND e.status IN $satisfying
        }
      }`);
    }
    const params = {
      riskClass: filter.riskClass ?? null,
      role: filter.role ?? null,
      annexIII: filter.annexIII ?? null,
      sector: filter.sector ?? null,
      before: filter.openDeadlineBefore ?? null,
      satisfying: [...SATISFYING_STATUSES],
      offset: int(page.offset),
      limit: int(page.limit),
    };
    const match = `MATCH (s:System) WHERE ${where.join(' AND ')}`;
    return this.read(async (tx) => {
      const total = await tx.run(`${match} RETURN count(s) AS n`, params);
      const rows = await tx.run(`${match} RETURN s ORDER BY s.id SKIP $offset LIMIT $limit`, params);
      return { total: Number(total.records[0]?.get('n') ?? 0), items: rows.records.map((r) => toSystem(r.get('s') as Node)) };
    });
  }

  async systemsAfter(afterId: string | undefined, limit: number): Promise<SystemRecord[]> {
    const rows = await this.query('MATCH (s:System) WHERE s.deletedAt IS NULL AND s.id > $after RETURN s ORDER BY s.id LIMIT $limit', {
      after: afterId ?? '',
      limit: int(limit),
    });
    return rows.map((r) => toSystem(r.s as Node));
  }

  async getAssessment(id: string): Promise<AssessmentRecord | undefined> {
    const rows = await this.query('MATCH (a:AssessmentRecord {id: $id}) RETURN a.head AS head, a.body AS body', { id });
    const r = rows[0];
    if (!r) return undefined;
    return { ...(JSON.parse(String(r.head)) as AssessmentHead), assessment: JSON.parse(String(r.body)) as AssessmentRecord['assessment'] };
  }

  async listAssessments(systemId: string): Promise<AssessmentHead[]> {
    const rows = await this.query('MATCH (:System {id: $id})-[:HAS_ASSESSMENT]->(a) RETURN a.head AS head ORDER BY a.seq', { id: systemId });
    return rows.map((r) => JSON.parse(String(r.head)) as AssessmentHead);
  }

  async listProfileVersions(systemId: string): Promise<ProfileVersionRecord[]> {
    const rows = await this.query(
      'MATCH (:System {id: $id})-[:HAS_VERSION]->(v) RETURN v.version AS version, v.profile AS profile, v.at AS at, v.by AS by ORDER BY v.version',
      { id: systemId },
    );
    return rows.map((r) => ({ systemId, version: Number(r.version), profile: JSON.parse(String(r.profile)) as Record<string, unknown>, at: String(r.at), by: String(r.by) }));
  }

  async listRequirements(systemId: string): Promise<Requirement[]> {
    const rows = await this.query(
      `MATCH (:System {id: $id})-[:REQUIRES]->(r) RETURN r.obligationId AS obligationId, r.evidenceId AS evidenceId, r.appliesFrom AS appliesFrom
       ORDER BY obligationId, evidenceId`,
      { id: systemId },
    );
    return rows.map((r) => ({ obligationId: String(r.obligationId), evidenceId: String(r.evidenceId), appliesFrom: String(r.appliesFrom) }));
  }

  async listEvidence(systemId: string): Promise<EvidenceRecord[]> {
    const rows = await this.query('MATCH (:System {id: $id})-[:HAS_EVIDENCE]->(e) RETURN e ORDER BY e.obligationId, e.evidenceId', { id: systemId });
    return rows.map((r) => {
      const p = (r.e as Node).properties as Props;
      return {
        systemId: String(p.systemId),
        obligationId: String(p.obligationId),
        evidenceId: String(p.evidenceId),
        status: String(p.status) as EvidenceRecord['status'],
        link: opt(p.link),
        sha256: opt(p.sha256),
        note: opt(p.note),
        updatedAt: String(p.updatedAt),
        updatedBy: String(p.updatedBy),
      };
    });
  }

  async listAudit(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    const where: string[] = [];
    if (filter.systemId !== undefined) where.push('a.systemId = $systemId');
    if (filter.actor !== undefined) where.push('a.actor = $actor');
    const match = `MATCH (a:AuditEntry) ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const params = { systemId: filter.systemId ?? null, actor: filter.actor ?? null, offset: int(page.offset), limit: int(page.limit) };
    return this.read(async (tx) => {
      const total = await tx.run(`${match} RETURN count(a) AS n`, params);
      const rows = await tx.run(`${match} RETURN a ORDER BY a.at DESC, a.id DESC SKIP $offset LIMIT $limit`, params);
      return {
        total: Number(total.records[0]?.get('n') ?? 0),
        items: rows.records.map((r) => {
          const p = (r.get('a') as Node).properties as Props;
          return {
            id: String(p.id),
            at: String(p.at),
            actor: String(p.actor),
            action: String(p.action) as AuditEntry['action'],
            systemId: String(p.systemId),
            beforeEtag: opt(p.beforeEtag),
            afterEtag: opt(p.afterEtag),
            requestId: opt(p.requestId),
            detail: opt(p.detail),
          };
        }),
      };
    });
  }

  async counts(): Promise<StoreCounts> {
    const rows = await this.query(
      `CALL { MATCH (s:System) WHERE s.deletedAt IS NULL RETURN count(s) AS systems }
       CALL { MATCH (a:AssessmentRecord) RETURN count(a) AS assessments }
       CALL { MATCH (e:EvidenceItem) RETURN count(e) AS evidence }
       CALL { MATCH (a:AuditEntry) RETURN count(a) AS audit }
       RETURN systems, assessments, evidence, audit`,
      {},
    );
    const r = rows[0] ?? {};
    return { systems: Number(r.systems ?? 0), assessments: Number(r.assessments ?? 0), evidence: Number(r.evidence ?? 0), audit: Number(r.audit ?? 0) };
  }

  private async write<T>(work: (tx: ManagedTransaction) => Promise<T>, ensureSchema = true): Promise<T> {
    if (ensureSchema) await this.init();
    const session = this.driver.session({ database: this.conn.database, defaultAccessMode: 'WRITE' });
    try {
      return await session.executeWrite(work);
    } catch (e) {
      if (isConstraintViolation(e) || e instanceof PlanRefused) throw e;
      throw mapNeo4jError(e);
    } finally {
      await session.close();
    }
  }

  private async read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.conn.database, defaultAccessMode: 'READ' });
    try {
      return await session.executeRead(work);
    } catch (e) {
      throw mapNeo4jError(e);
    } finally {
      await session.close();
    }
  }

  private query(cypher: string, params: Props): Promise<Record<string, unknown>[]> {
    return this.read(async (tx) => (await tx.run(cypher, params)).records.map((r) => r.toObject() as Record<string, unknown>));
  }
}

function assessmentRow(a: AssessmentRecord): Props {
  const { assessment, ...head } = a;
  return { id: a.id, seq: int(a.seq), createdAt: a.createdAt, head: JSON.stringify(head), body: JSON.stringify(assessment) };
}

async function readKey(tx: ManagedTransaction, key: string): Promise<{ request_hash: string; result: string } | undefined> {
  const r = await tx.run('MATCH (k:IdempotencyKey {key: $key}) RETURN k.requestHash AS h, k.result AS r', { key });
  const rec = r.records[0];
  return rec ? { request_hash: String(rec.get('h')), result: String(rec.get('r')) } : undefined;
}

function replay(seen: { request_hash: string; result: string }, c: Commit): CommitOutcome {
  if (seen.request_hash !== c.requestHash) throw idempotencyMismatch();
  return { replayed: true, result: JSON.parse(seen.result) as CommitResult };
}
