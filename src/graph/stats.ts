import type { Knowledge } from './knowledge.js';

/** Counts that describe one knowledge version. */
export function knowledgeStats(k: Knowledge) {
  const perRole: Record<string, number> = {};
  for (const ob of k.obligations.values()) for (const r of ob.bearers) perRole[r] = (perRole[r] ?? 0) + 1;
  const perScheme: Record<string, number> = {};
  for (const [id, s] of k.schemes) perScheme[id] = s.concepts.length;
  const perMappingSet: Record<string, number> = {};
  for (const m of k.mappingSets) perMappingSet[m.path] = m.rows.length;
  const provisionKinds: Record<string, number> = {};
  for (const p of k.provisions.values()) provisionKinds[p.kind] = (provisionKinds[p.kind] ?? 0) + 1;
  return {
    knowledgeVersion: k.version,
    sources: k.sources.length,
    quads: k.quads.length,
    provisions: k.provisions.size,
    provisionKinds,
    obligations: k.obligations.size,
    obligationsPerRole: Object.fromEntries(Object.entries(perRole).sort()),
    conditions: k.conditions.size,
    rules: k.rules.length,
    concepts: k.concepts.size,
    conceptsPerScheme: Object.fromEntries(Object.entries(perScheme).sort()),
    mappings: Object.values(perMappingSet).reduce((a, b) => a + b, 0),
    mappingsPerSet: perMappingSet,
    lawVersions: k.lawVersions.map((v) => v.id),
  };
}
