import { describe, it, expect, beforeAll } from 'vitest';
import { NS } from '../../src/graph/namespaces.js';
import { registerQuads, rulesUsed, systemGraphIri, systemIri, systemToQuads } from '../../src/store/register-rdf.js';
import type { AssessmentRecord, SystemRecord } from '../../src/store/register-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { SystemRegister } from '../../src/store/system-register.js';
import { sharedCore } from '../support/core.js';
import { ctx, PROFILES } from './store-contract.js';

const PROV = NS.prov;
let system: SystemRecord;
let latest: AssessmentRecord;
let store: SqliteStore;

beforeAll(async () => {
  store = new SqliteStore({ file: ':memory:' });
  const register = new SystemRegister(sharedCore(), store);
  const r = await register.create({ profile: PROFILES.cvScreener, asOf: '2026-01-01' }, ctx());
  system = r.system;
  latest = r.assessment;
});

describe('systemToQuads', () => {
  it('puts every quad in the system named graph', () => {
    const quads = systemToQuads(system, latest);
    expect(new Set(quads.map((q) => q.graph.value))).toEqual(new Set([systemGraphIri(system.id)]));
    expect(systemGraphIri(system.id)).toBe(`https://w3id.org/regkg/register/system/${system.id}`);
  });

  it('is pure and deterministic, without blank nodes', () => {
    const a = systemToQuads(system, latest);
    const b = systemToQuads(system, latest);
    expect(a.map((q) => [q.subject.value, q.predicate.value, q.object.value])).toEqual(b.map((q) => [q.subject.value, q.predicate.value, q.object.value]));
    expect(a.some((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode')).toBe(false);
  });

  it('records PROV-O provenance: the activity, the knowledge version, every rule that fired, the time', () => {
    const quads = systemToQuads(system, latest);
    const objects = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
    const assessment = objects(systemIri(system.id), `${NS.regkg}latestAssessment`)[0]!;
    const [activity] = objects(assessment, `${PROV}wasGeneratedBy`);
    expect(activity).toBeDefined();
    expect(objects(assessment, `${PROV}generatedAtTime`)).toEqual([latest.createdAt]);
    const used = objects(activity!, `${PROV}used`);
    expect(used).toContain(`https://w3id.org/regkg/knowledge-version/${latest.knowledgeVersion}`);
    const rules = rulesUsed(latest.assessment);
    expect(rules.length).toBeGreaterThan(0);
    expect(used).toEqual(expect.arrayContaining(rules.map((r) => `${NS.rule}${r}`)));
    expect(objects(assessment, `${NS.regkg}riskClass`)).toEqual([`${NS.concept}risk-class/high-risk`]);
    expect(objects(assessment, `${NS.regkg}appliesObligation`)).toHaveLength(latest.assessment.obligations.length);
  });
});

describe('registerQuads', () => {
  it('streams the quads of every live system', async () => {
    const quads = [];
    for await (const q of registerQuads(store)) quads.push(q);
    expect(quads.length).toBe(systemToQuads(system, latest).length);
  });
});

describe('keeping a SPARQL store in step with the register (the wiring proposed for src/sparql)', () => {
  it('loads the register graphs into oxigraph and refreshes a system graph on each change', async () => {
    const { default: oxigraph } = await import('oxigraph');
    const N3 = (await import('n3')).default;
    const local = new SqliteStore({ file: ':memory:' });
    const register = new SystemRegister(sharedCore(), local);
    const ox = new oxigraph.Store();
    const refresh = async (id: string): Promise<void> => {
      ox.update(`DROP SILENT GRAPH <${systemGraphIri(id)}>`);
      const s = await local.getSystem(id);
      const a = s && (await local.getAssessment(s.latestAssessmentId));
      if (s && a) ox.load(new N3.Writer({ format: 'N-Quads' }).quadsToString(systemToQuads(s, a)), { format: 'application/n-quads' });
    };
    const pending: Promise<void>[] = [];
    register.onChange((id) => pending.push(refresh(id)));
    const highRisk = () =>
      (ox.query(`PREFIX regkg: <${NS.regkg}> SELECT ?s WHERE { GRAPH ?g { ?s regkg:latestAssessment ?a . ?a regkg:riskClass <${NS.concept}risk-class/high-risk> } }`) as unknown[]).length;

    const r = await register.create({ profile: PROFILES.cvScreener }, ctx());
    await Promise.all(pending);
    expect(highRisk()).toBe(1);
    await register.update(r.system.id, r.system.etag, { profile: PROFILES.spamFilter }, ctx());
    await Promise.all(pending);
    expect(highRisk()).toBe(0);
  });
});
