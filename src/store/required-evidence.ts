import type { Assessment } from '../domain/assessment-types.js';
import type { Requirement } from './register-store.js';

/**
 * An evidence item's public id: `<obligation id>.<evidence type id>`, e.g. `aia-art26-1.technical-documentation`.
 * Both ids are `[a-z0-9-]`, so the dot is unambiguous.
 */
export function evidenceItemId(obligationId: string, evidenceId: string): string {
  return `${obligationId}.${evidenceId}`;
}

export function parseEvidenceItemId(itemId: string): { obligationId: string; evidenceId: string } | undefined {
  const m = /^([a-z0-9-]{1,80})\.([a-z0-9-]{1,120})$/.exec(itemId);
  return m ? { obligationId: m[1]!, evidenceId: m[2]! } : undefined;
}

/**
 * Every evidence item an assessment requires: one per (obligation, evidence type), whichever role bears the
 * obligation, applying from the earliest date among those roles. Sorted for stable output.
 */
export function requirementsOf(a: Assessment): Requirement[] {
  const byKey = new Map<string, Requirement>();
  for (const o of a.obligations) {
    for (const e of o.evidence) {
      const key = evidenceItemId(o.id, e.evidence);
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, { obligationId: o.id, evidenceId: e.evidence, appliesFrom: o.appliesFrom });
      else if (o.appliesFrom < seen.appliesFrom) seen.appliesFrom = o.appliesFrom;
    }
  }
  return [...byKey.values()].sort((x, y) =>
    x.obligationId < y.obligationId ? -1 : x.obligationId > y.obligationId ? 1 : x.evidenceId < y.evidenceId ? -1 : x.evidenceId > y.evidenceId ? 1 : 0,
  );
}
