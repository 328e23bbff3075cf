import type { Assessment } from '../domain/assessment-types.js';
import { canonicalJson, sha256Hex } from './etag.js';
import { evidenceItemId, requirementsOf } from './required-evidence.js';

export interface DutyRef {
  id: string;
  role: string;
  appliesFrom: string;
}

/** What changed between two assessments of one system: the answer of a re-assessment. */
export interface AssessmentDiff {
  /** True when anything below changed, other than the knowledge version and asOf themselves. */
  changed: boolean;
  asOf: { from: string; to: string };
  knowledgeVersion: { from: string; to: string; changed: boolean };
  lawVersion?: { from: string; to: string };
  inScope?: { from: boolean; to: boolean };
  riskClasses: { added: string[]; removed: string[] };
  duties: {
    added: DutyRef[];
    removed: DutyRef[];
    datesMoved: { id: string; role: string; from: string; to: string }[];
    nowInForce: DutyRef[];
    noLongerInForce: DutyRef[];
  };
  /** Evidence item ids (`<obligation>.<evidence>`) now required or no longer required. */
  evidence: { added: string[]; removed: string[] };
}

const dutyKey = (o: { id: string; role: string }): string => `${o.id}\u0000${o.role}`;
const byDuty = (a: DutyRef, b: DutyRef): number => (dutyKey(a) < dutyKey(b) ? -1 : dutyKey(a) > dutyKey(b) ? 1 : 0);

function setDiff(before: Iterable<string>, after: Iterable<string>): { added: string[]; removed: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { added: [...a].filter((x) => !b.has(x)).sort(), removed: [...b].filter((x) => !a.has(x)).sort() };
}

/** Compares two assessments of the same system (pure). */
export function diffAssessments(before: Assessment, after: Assessment): AssessmentDiff {
  const old = new Map(before.obligations.map((o) => [dutyKey(o), o]));
  const now = new Map(after.obligations.map((o) => [dutyKey(o), o]));
  const ref = (o: DutyRef): DutyRef => ({ id: o.id, role: o.role, appliesFrom: o.appliesFrom });
  const duties: AssessmentDiff['duties'] = { added: [], removed: [], datesMoved: [], nowInForce: [], noLongerInForce: [] };
  for (const [k, o] of now) {
    const p = old.get(k);
    if (!p) {
      duties.added.push(ref(o));
      continue;
    }
    if (p.appliesFrom !== o.appliesFrom) duties.datesMoved.push({ id: o.id, role: o.role, from: p.appliesFrom, to: o.appliesFrom });
    if (!p.inForce && o.inForce) duties.nowInForce.push(ref(o));
    if (p.inForce && !o.inForce) duties.noLongerInForce.push(ref(o));
  }
  for (const [k, p] of old) if (!now.has(k)) duties.removed.push(ref(p));
  duties.added.sort(byDuty);
  duties.removed.sort(byDuty);
  duties.nowInForce.sort(byDuty);
  duties.noLongerInForce.sort(byDuty);
  duties.datesMoved.sort((a, b) => byDuty({ ...a, appliesFrom: '' }, { ...b, appliesFrom: '' }));

  const riskClasses = setDiff(before.riskClasses, after.riskClasses);
  const items = (a: Assessment): string[] => requirementsOf(a).map((r) => evidenceItemId(r.obligationId, r.evidenceId));
  const evidence = setDiff(items(before), items(after));
  const lawVersion = before.lawVersion.id !== after.lawVersion.id ? { from: before.lawVersion.id, to: after.lawVersion.id } : undefined;
  const inScope = before.inScope !== after.inScope ? { from: before.inScope, to: after.inScope } : undefined;
  const changed =
    lawVersion !== undefined ||
    inScope !== undefined ||
    riskClasses.added.length + riskClasses.removed.length > 0 ||
    Object.values(duties).some((list) => list.length > 0) ||
    evidence.added.length + evidence.removed.length > 0;
  return {
    changed,
    asOf: { from: before.asOf, to: after.asOf },
    knowledgeVersion: { from: before.knowledgeVersion, to: after.knowledgeVersion, changed: before.knowledgeVersion !== after.knowledgeVersion },
    ...(lawVersion ? { lawVersion } : {}),
    ...(inScope ? { inScope } : {}),
    riskClasses,
    duties,
    evidence,
  };
}

/**
 * Hash of what a diff compares (scope, classes, duties with dates and in-force flags, evidence, law version) plus
 * the knowledge version: equal fingerprints mean a re-assessment has nothing new to record.
 */
export function assessmentFingerprint(a: Assessment): string {
  return sha256Hex(
    canonicalJson({
      k: a.knowledgeVersion,
      lv: a.lawVersion.id,
      inScope: a.inScope,
      classes: [...a.riskClasses].sort(),
      duties: a.obligations.map((o) => [o.id, o.role, o.appliesFrom, o.inForce, o.evidence.map((e) => e.evidence).sort()]).sort(),
    }),
  ).slice(0, 32);
}
