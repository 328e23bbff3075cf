import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Quad } from '@rdfjs/types';
import type { Driver } from 'neo4j-driver';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { RegkgError } from '../errors.js';
import { REPO_ROOT } from '../graph/source-files.js';
import { NS } from '../graph/namespaces.js';
import { mapNeo4jError } from './neo4j-driver.js';

export const PROJECTION_FILE = 'ontology/neo4j-projection.yaml';

const Label = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'a label is UpperCamelCase letters and digits');
const RelType = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a relationship type is UPPER_SNAKE_CASE');
const PropName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a property name is lowerCamelCase');
const IdRule = z.union([z.literal('lastSegment'), z.string().regex(/^[a-z][\w-]*:[\w-]+$/), z.strictObject({ stripNamespace: z.string() })]);

export const ProjectionSchema = z.strictObject({
  version: z.literal(1),
  prefixes: z.record(z.string(), z.string().url()),
  baseLabel: Label,
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1),
  nodes: z.array(
    z.strictObject({
      label: Label,
      types: z.array(z.string()).min(1),
      inScheme: z.string().optional(),
      id: z.array(IdRule).min(1),
      kindProperty: PropName.optional(),
    }),
  ),
  properties: z.record(z.string(), z.union([PropName, z.strictObject({ name: PropName, value: z.enum(['iri', 'localName']) })])),
  relationships: z.record(z.string(), RelType),
  nested: z
    .array(z.strictObject({ predicate: z.string(), keyPredicate: z.string(), valuePredicate: z.string(), property: PropName }))
    .default([]),
});
export type Projection = z.infer<typeof ProjectionSchema>;

/** Reads and validates the declared projection. */
export function loadProjection(file = `${REPO_ROOT}${PROJECTION_FILE}`): Projection {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RegkgError('KNOWLEDGE_INVALID', { where: PROJECTION_FILE, detail: (e as Error).message });
  }
  const r = ProjectionSchema.safeParse(raw);
  if (!r.success) {
    throw new RegkgError('KNOWLEDGE_INVALID', { where: PROJECTION_FILE, detail: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  }
  return r.data;
}

export interface ProjectedNode {
  iri: string;
  labels: string[];
  props: Record<string, unknown>;
}

export interface ProjectedRelationship {
  type: string;
  from: string;
  to: string;
}

export interface ProjectedGraph {
  nodes: ProjectedNode[];
  relationships: ProjectedRelationship[];
  /** Relationships left out because one end is not a projected node. */
  skippedRelationships: number;
}

type IdStrategy = { kind: 'lastSegment' } | { kind: 'strip'; ns: string } | { kind: 'literal'; predicate: string };

const lastSegment = (iri: string): string => iri.replace(/[#/]$/, '').split(/[#/]/).pop() ?? iri;

function literalValue(q: Quad): unknown {
  const dt = (q.object as { datatype?: { value: string } }).datatype?.value;
  const v = q.object.value;
  if (dt === `${NS.xsd}boolean`) return v === 'true' || v === '1';
  if (dt === `${NS.xsd}integer` || dt === `${NS.xsd}int` || dt === `${NS.xsd}double` || dt === `${NS.xsd}decimal`) return Number(v);
  return v;
}

/**
 * Applies the projection to the knowledge graph's quads (pure): nodes with labels, ids and properties, and the
 * relationships between them.
 */
export function projectKnowledge(quads: readonly Quad[], p: Projection): ProjectedGraph {
  const expand = (curie: string): string => {
    const i = curie.indexOf(':');
    const ns = i > 0 ? p.prefixes[curie.slice(0, i)] : undefined;
    if (ns) return ns + curie.slice(i + 1);
    if (/^https?:\/\//.test(curie)) return curie;
    throw new RegkgError('KNOWLEDGE_INVALID', { where: PROJECTION_FILE, detail: `unknown prefix in ${curie}` });
  };
  const RDF_TYPE = `${NS.rdf}type`;
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const list = bySubject.get(q.subject.value);
    if (list) list.push(q);
    else bySubject.set(q.subject.value, [q]);
  }
  const nodeRules = p.nodes.map((n) => ({
    ...n,
    types: new Set(n.types.map(expand)),
    inScheme: n.inScheme ? expand(n.inScheme) : undefined,
    id: n.id.map((r): IdStrategy =>
      typeof r === 'object' ? { kind: 'strip', ns: expand(`${r.stripNamespace}:`) } : r === 'lastSegment' ? { kind: 'lastSegment' } : { kind: 'literal', predicate: expand(r) },
    ),
  }));
  const props = new Map(Object.entries(p.properties).map(([k, v]) => [expand(k), typeof v === 'string' ? { name: v, value: 'literal' as const } : v]));
  const rels = new Map(Object.entries(p.relationships).map(([k, v]) => [expand(k), v]));
  const nested = p.nested.map((n) => ({ predicate: expand(n.predicate), key: expand(n.keyPredicate), value: expand(n.valuePredicate), property: n.property }));
  const langs = new Set(p.languages);

  const nodes = new Map<string, ProjectedNode>();
  for (const [iri, qs] of bySubject) {
    if (!/^https?:/.test(iri)) continue;
    const types = new Set(qs.filter((q) => q.predicate.value === RDF_TYPE).map((q) => q.object.value));
    if (types.size === 0) continue;
    const schemes = new Set(qs.filter((q) => q.predicate.value === `${NS.skos}inScheme`).map((q) => q.object.value));
    const matched = nodeRules.filter((r) => [...r.types].some((t) => types.has(t)) && (!r.inScheme || schemes.has(r.inScheme)));
    if (matched.length === 0) continue;
    const node: ProjectedNode = { iri, labels: [p.baseLabel, ...new Set(matched.map((r) => r.label))], props: {} };
    for (const rule of matched) {
      if (node.props.id !== undefined) break;
      for (const idRule of rule.id) {
        let id: string | undefined;
        if (idRule.kind === 'lastSegment') id = lastSegment(iri);
        else if (idRule.kind === 'strip') id = iri.startsWith(idRule.ns) ? iri.slice(idRule.ns.length) : undefined;
        else id = qs.find((q) => q.predicate.value === idRule.predicate && q.object.termType === 'Literal')?.object.value;
        if (id) {
          node.props.id = id;
          break;
        }
      }
    }
    for (const rule of matched) {
      if (!rule.kindProperty) continue;
      const kind = [...types].filter((t) => rule.types.has(t)).map(lastSegment).sort()[0];
      if (kind) node.props[rule.kindProperty] = kind;
    }
    const multi = new Map<string, unknown[]>();
    for (const q of qs) {
      const spec = props.get(q.predicate.value);
      if (!spec) continue;
      if (spec.value === 'literal') {
        if (q.object.termType !== 'Literal') continue;
        const lang = (q.object as { language?: string }).language;
        if (lang) {
          if (langs.has(lang) && node.props[`${spec.name}_${lang}`] === undefined) node.props[`${spec.name}_${lang}`] = q.object.value;
          continue;
        }
        multi.set(spec.name, [...(multi.get(spec.name) ?? []), literalValue(q)]);
      } else if (q.object.termType === 'NamedNode') {
        multi.set(spec.name, [...(multi.get(spec.name) ?? []), spec.value === 'iri' ? q.object.value : lastSegment(q.object.value)]);
      }
    }
    for (const [name, values] of multi) {
      const distinct = [...new Set(values)];
      node.props[name] = distinct.length === 1 ? distinct[0] : distinct.map(String).sort();
    }
    for (const n of nested) {
      for (const q of qs) {
        if (q.predicate.value !== n.predicate) continue;
        const inner = bySubject.get(q.object.value) ?? [];
        const key = inner.find((x) => x.predicate.value === n.key)?.object.value;
        const value = inner.find((x) => x.predicate.value === n.value)?.object.value;
        if (key && value) node.props[`${n.property}_${lastSegment(key).replace(/[^A-Za-z0-9]/g, '_')}`] = value;
      }
    }
    nodes.set(iri, node);
  }

  const relationships: ProjectedRelationship[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const q of quads) {
    const type = rels.get(q.predicate.value);
    if (!type || q.object.termType !== 'NamedNode') continue;
    if (!nodes.has(q.subject.value) || !nodes.has(q.object.value)) {
      skipped++;
      continue;
    }
    const key = `${q.subject.value}\u0000${type}\u0000${q.object.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    relationships.push({ type, from: q.subject.value, to: q.object.value });
  }
  return { nodes: [...nodes.values()], relationships, skippedRelationships: skipped };
}

export interface SyncReport {
  knowledgeVersion: string;
  nodes: number;
  relationships: number;
  skippedRelationships: number;
  byLabel: Record<string, number>;
  byType: Record<string, number>;
  removedNodes: number;
  removedRelationships: number;
  durationMs: number;
}

const BATCH = 1000;

/**
 * Writes a projected graph into Neo4j: MERGE on `iri` (idempotent), labels and properties replaced, then whatever
 * an earlier run left that this one did not write is removed. Each batch is its own transaction.
 */
export async function syncProjection(driver: Driver, graph: ProjectedGraph, p: Projection, opts: { database?: string; knowledgeVersion: string }): Promise<SyncReport> {
  const t0 = performance.now();
  const run = randomUUID();
  const base = p.baseLabel;
  const allLabels = [...new Set(p.nodes.map((n) => n.label))];
  const session = () => driver.session({ database: opts.database, defaultAccessMode: 'WRITE' });
  const write = async (cypher: string, params: Record<string, unknown>): Promise<{ deleted: number }> => {
    const s = session();
    try {
      return await s.executeWrite(async (tx) => {
        const r = await tx.run(cypher, params);
        const c = r.summary.counters.updates();
        return { deleted: c.nodesDeleted + c.relationshipsDeleted };
      });
    } catch (e) {
      throw mapNeo4jError(e);
    } finally {
      await s.close();
    }
  };
  const schema = [
    `CREATE CONSTRAINT kg_${base.toLowerCase()}_iri IF NOT EXISTS FOR (n:${base}) REQUIRE n.iri IS UNIQUE`,
    ...allLabels.map((l) => `CREATE INDEX kg_${l.toLowerCase()}_id IF NOT EXISTS FOR (n:${l}) ON (n.id)`),
  ];
  for (const stmt of schema) await write(stmt, {});

  const byLabels = new Map<string, ProjectedNode[]>();
  for (const n of graph.nodes) {
    const key = n.labels.filter((l) => l !== base).sort().join(':');
    byLabels.set(key, [...(byLabels.get(key) ?? []), n]);
  }
  for (const [labels, list] of byLabels) {
    for (let i = 0; i < list.length; i += BATCH) {
      const rows = list.slice(i, i + BATCH).map((n) => ({ iri: n.iri, props: { ...n.props, iri: n.iri, syncRun: run, knowledgeVersion: opts.knowledgeVersion } }));
      await write(
        `UNWIND $rows AS row
         MERGE (n:${base} {iri: row.iri})
         SET n = row.props
         REMOVE n:${allLabels.join(':')}
         ${labels ? `SET n:${labels}` : ''}`,
        { rows },
      );
    }
  }
  const byType = new Map<string, ProjectedRelationship[]>();
  for (const r of graph.relationships) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  for (const [type, list] of byType) {
    for (let i = 0; i < list.length; i += BATCH) {
      await write(
        `UNWIND $rows AS row
         MATCH (a:${base} {iri: row.from})
         MATCH (b:${base} {iri: row.to})
         MERGE (a)-[r:${type}]->(b)
         SET r.syncRun = $run`,
        { rows: list.slice(i, i + BATCH), run },
      );
    }
  }
  const removedRelationships = (await write(`MATCH (:${base})-[r]->(:${base}) WHERE r.syncRun IS NULL OR r.syncRun <> $run DELETE r`, { run })).deleted;
  const removedNodes = (await write(`MATCH (n:${base}) WHERE n.syncRun IS NULL OR n.syncRun <> $run DETACH DELETE n`, { run })).deleted;
  await write('MERGE (s:SyncState {name: "knowledge"}) SET s.knowledgeVersion = $v, s.run = $run, s.at = $at', {
    v: opts.knowledgeVersion,
    run,
    at: new Date().toISOString(),
  });

  const countBy = <T>(items: T[], key: (t: T) => string[]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const it of items) for (const k of key(it)) out[k] = (out[k] ?? 0) + 1;
    return out;
  };
  return {
    knowledgeVersion: opts.knowledgeVersion,
    nodes: graph.nodes.length,
    relationships: graph.relationships.length,
    skippedRelationships: graph.skippedRelationships,
    byLabel: countBy(graph.nodes, (n) => n.labels),
    byType: countBy(graph.relationships, (r) => [r.type]),
    removedNodes,
    removedRelationships,
    durationMs: Math.round(performance.now() - t0),
  };
}
