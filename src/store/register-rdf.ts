import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { NS } from '../graph/namespaces.js';
import type { AssessmentRecord, EvidenceRecord, RegisterStore, SystemRecord } from './register-store.js';

export const REGISTER_NS = 'https://w3id.org/regkg/register/';
/** DPV's AI Act extension names the class of AI systems: we use it rather than minting our own. */
export const AI_SYSTEM_CLASS = 'https://w3id.org/dpv/legal/eu/aiact#AISystem';
export const KNOWLEDGE_VERSION_NS = 'https://w3id.org/regkg/knowledge-version/';

/** The named graph that holds one system and its latest assessment. */
export function systemGraphIri(id: string): string {
  return `${REGISTER_NS}system/${id}`;
}

/** The system itself (a resource inside its graph). */
export function systemIri(id: string): string {
  return `${systemGraphIri(id)}#system`;
}

export function assessmentIri(systemId: string, seq: number): string {
  return `${systemGraphIri(systemId)}/assessment/${seq}`;
}

/** Every rule that fired for an assessment: those behind each duty, each scope exclusion and each non-applicable regime. */
export function rulesUsed(a: AssessmentRecord['assessment']): string[] {
  const rules = new Set<string>();
  for (const o of a.obligations) for (const b of o.because) rules.add(b.rule);
  for (const r of a.outOfScopeReasons) rules.add(r.rule);
  for (const n of a.notApplicable) if (n.rule) rules.add(n.rule);
  return [...rules].sort();
}

/**
 * A system and its latest assessment as quads in the system's named graph, with PROV-O provenance: the assessment
 * prov:wasGeneratedBy an activity that prov:used the knowledge version and every rule that fired, at
 * prov:generatedAtTime. Pure: the same records always give the same quads (no blank nodes).
 */
export function systemToQuads(system: SystemRecord, latest: AssessmentRecord): Quad[] {
  const { namedNode, literal, quad } = N3.DataFactory;
  const g = namedNode(systemGraphIri(system.id));
  const out: Quad[] = [];
  const add = (s: string, p: string, o: N3.Quad_Object): void => {
    out.push(quad(namedNode(s), namedNode(p), o, g) as Quad);
  };
  const iri = (v: string): N3.NamedNode => namedNode(v);
  const typed = (v: string, type: string): N3.Literal => literal(v, namedNode(`${NS.xsd}${type}`));
  const concept = (scheme: string, id: string): N3.NamedNode => namedNode(`${NS.concept}${scheme}/${id}`);

  const s = systemIri(system.id);
  const a = assessmentIri(system.id, latest.seq);
  const activity = `${a}#activity`;
  const knowledge = `${KNOWLEDGE_VERSION_NS}${latest.knowledgeVersion}`;
  const body = latest.assessment;

  add(s, `${NS.rdf}type`, iri(AI_SYSTEM_CLASS));
  add(s, `${NS.rdf}type`, iri(`${NS.prov}Entity`));
  add(s, `${NS.rdfs}label`, literal(system.name));
  add(s, `${NS.dct}identifier`, literal(system.id));
  add(s, `${NS.regkg}profileVersion`, typed(String(system.version), 'integer'));
  add(s, `${NS.dct}created`, typed(system.createdAt, 'dateTime'));
  add(s, `${NS.dct}modified`, typed(system.updatedAt, 'dateTime'));
  for (const r of system.summary.roles) add(s, `${NS.regkg}role`, concept('role', r));
  for (const u of system.summary.annexIII) add(s, `${NS.regkg}annexIIIUseCase`, concept('annex-iii', u));
  if (system.summary.sector) add(s, `${NS.regkg}sector`, concept('sector', system.summary.sector));
  add(s, `${NS.regkg}latestAssessment`, iri(a));

  add(a, `${NS.rdf}type`, iri(`${NS.regkg}Assessment`));
  add(a, `${NS.rdf}type`, iri(`${NS.prov}Entity`));
  add(a, `${NS.regkg}assessedSystem`, iri(s));
  add(a, `${NS.regkg}profileVersion`, typed(String(latest.profileVersion), 'integer'));
  add(a, `${NS.regkg}asOf`, typed(body.asOf, 'date'));
  add(a, `${NS.regkg}lawVersion`, iri(body.lawVersion.iri));
  add(a, `${NS.regkg}knowledgeVersion`, literal(body.knowledgeVersion));
  add(a, `${NS.regkg}inScope`, typed(String(body.inScope), 'boolean'));
  for (const c of [...body.riskClasses].sort()) add(a, `${NS.regkg}riskClass`, concept('risk-class', c));
  add(a, `${NS.prov}wasGeneratedBy`, iri(activity));
  add(a, `${NS.prov}generatedAtTime`, typed(latest.createdAt, 'dateTime'));

  for (const o of body.obligations) {
    const node = `${a}/obligation/${o.id}/${o.role}`;
    add(a, `${NS.regkg}appliesObligation`, iri(node));
    add(node, `${NS.regkg}obligation`, iri(o.iri));
    add(node, `${NS.regkg}bearer`, concept('role', o.role));
    add(node, `${NS.regkg}appliesFrom`, typed(o.appliesFrom, 'date'));
    add(node, `${NS.regkg}inForce`, typed(String(o.inForce), 'boolean'));
    for (const rule of [...new Set(o.because.map((b) => b.rule))].sort()) add(node, `${NS.prov}wasDerivedFrom`, iri(`${NS.rule}${rule}`));
  }

  add(activity, `${NS.rdf}type`, iri(`${NS.prov}Activity`));
  add(activity, `${NS.rdfs}label`, literal(`${latest.reason} assessment ${latest.seq} of ${system.name}`, 'en'));
  add(activity, `${NS.prov}endedAtTime`, typed(latest.createdAt, 'dateTime'));
  add(activity, `${NS.prov}used`, iri(knowledge));
  for (const rule of rulesUsed(body)) add(activity, `${NS.prov}used`, iri(`${NS.rule}${rule}`));
  add(knowledge, `${NS.rdf}type`, iri(`${NS.prov}Entity`));
  add(knowledge, `${NS.regkg}knowledgeVersion`, literal(latest.knowledgeVersion));
  return out;
}

/**
 * The evidence items recorded for a system, in its named graph: for each, the obligation and evidence type it is
 * about, its status (missing / provided / accepted / rejected), link or content hash, note, who and when.
 */
export function evidenceToQuads(systemId: string, items: readonly EvidenceRecord[]): Quad[] {
  const { namedNode, literal, quad } = N3.DataFactory;
  const g = namedNode(systemGraphIri(systemId));
  const out: Quad[] = [];
  for (const e of [...items].sort((a, b) => (a.obligationId + a.evidenceId < b.obligationId + b.evidenceId ? -1 : 1))) {
    const node = namedNode(`${systemGraphIri(systemId)}/evidence/${encodeURIComponent(`${e.obligationId}.${e.evidenceId}`)}`);
    const add = (p: string, o: N3.Quad_Object): void => {
      out.push(quad(node, namedNode(p), o, g) as Quad);
    };
    add(`${NS.rdf}type`, namedNode(`${NS.regkg}EvidenceItem`));
    add(`${NS.regkg}system`, namedNode(systemIri(systemId)));
    add(`${NS.regkg}obligation`, namedNode(`${NS.obl}${e.obligationId}`));
    add(`${NS.regkg}evidenceType`, namedNode(`${NS.ev}${e.evidenceId}`));
    add(`${NS.regkg}evidenceStatus`, literal(e.status));
    if (e.link) add(`${NS.regkg}link`, namedNode(e.link));
    if (e.sha256) add(`${NS.regkg}sha256`, literal(e.sha256));
    if (e.note) add(`${NS.rdfs}comment`, literal(e.note));
    add(`${NS.prov}wasAttributedTo`, literal(e.updatedBy));
    add(`${NS.dct}modified`, literal(e.updatedAt, namedNode(`${NS.xsd}dateTime`)));
  }
  return out;
}

/**
 * Every live system of the register with its latest assessment, as quads (one named graph per system), streamed
 * in batches: the hook for the SPARQL endpoint and the N-Quads export.
 */
export async function* registerQuads(store: RegisterStore, batchSize = 200): AsyncIterable<Quad> {
  for await (const { system, assessment } of registerEntries(store, batchSize)) {
    yield* systemToQuads(system, assessment);
    yield* evidenceToQuads(system.id, await store.listEvidence(system.id));
  }
}

/** Live systems with their latest assessment, in id order. */
export async function* registerEntries(store: RegisterStore, batchSize = 200): AsyncIterable<{ system: SystemRecord; assessment: AssessmentRecord }> {
  let after: string | undefined;
  for (;;) {
    const batch = await store.systemsAfter(after, batchSize);
    if (batch.length === 0) return;
    after = batch[batch.length - 1]!.id;
    for (const system of batch) {
      const assessment = await store.getAssessment(system.latestAssessmentId);
      if (assessment) yield { system, assessment };
    }
  }
}

/** N-Quads of the whole register, one chunk per system. */
export async function* registerNQuads(store: RegisterStore): AsyncIterable<string> {
  for await (const { system, assessment } of registerEntries(store)) {
    const evidence = evidenceToQuads(system.id, await store.listEvidence(system.id));
    yield new N3.Writer({ format: 'N-Quads' }).quadsToString([...systemToQuads(system, assessment), ...evidence]);
  }
}
