import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { createHash } from 'node:crypto';
import type { Assessment } from '../domain/assessment-types.js';
import { NS } from './namespaces.js';

/** An assessment as RDF with PROV-O provenance: which rules, which knowledge version, for which profile. */
export function assessmentToQuads(a: Assessment, profile: Record<string, unknown>, graphIri?: string): Quad[] {
  const { namedNode, literal, quad, blankNode } = N3.DataFactory;
  const id = createHash('sha256').update(JSON.stringify(profile)).update(a.asOf).update(a.knowledgeVersion).digest('hex').slice(0, 16);
  const base = `https://w3id.org/regkg/assessment/${id}`;
  const g = graphIri ? namedNode(graphIri) : N3.DataFactory.defaultGraph();
  const out: Quad[] = [];
  const add = (s: N3.Quad_Subject, p: string, o: N3.Quad_Object): void => {
    out.push(quad(s, namedNode(p), o, g) as Quad);
  };
  const subject = namedNode(base);
  const activity = namedNode(`${base}#activity`);
  const date = (d: string) => literal(d, namedNode(`${NS.xsd}date`));
  add(subject, `${NS.rdf}type`, namedNode(`${NS.regkg}Assessment`));
  add(subject, `${NS.rdf}type`, namedNode(`${NS.prov}Entity`));
  add(subject, `${NS.rdfs}label`, literal(`Assessment of ${String(profile.name ?? 'a system')}`, 'en'));
  add(subject, `${NS.regkg}inScope`, literal(String(a.inScope), namedNode(`${NS.xsd}boolean`)));
  add(subject, `${NS.regkg}asOf`, date(a.asOf));
  add(subject, `${NS.regkg}lawVersion`, namedNode(a.lawVersion.iri));
  add(subject, `${NS.regkg}knowledgeVersion`, literal(a.knowledgeVersion));
  add(subject, `${NS.prov}wasGeneratedBy`, activity);
  add(activity, `${NS.rdf}type`, namedNode(`${NS.prov}Activity`));
  add(activity, `${NS.prov}used`, literal(a.knowledgeVersion));
  for (const c of a.riskClasses) add(subject, `${NS.regkg}riskClass`, namedNode(`${NS.concept}risk-class/${c}`));
  const rules = new Set<string>();
  for (const o of a.obligations) {
    const node = blankNode(`ob_${id}_${o.id}_${o.role}`);
    add(subject, `${NS.regkg}appliesObligation`, node);
    add(node, `${NS.regkg}obligation`, namedNode(o.iri));
    add(node, `${NS.regkg}bearer`, namedNode(`${NS.concept}role/${o.role}`));
    add(node, `${NS.regkg}appliesFrom`, date(o.appliesFrom));
    add(node, `${NS.regkg}inForce`, literal(String(o.inForce), namedNode(`${NS.xsd}boolean`)));
    for (const b of o.because) {
      add(node, `${NS.prov}wasDerivedFrom`, namedNode(`${NS.rule}${b.rule}`));
      rules.add(b.rule);
    }
  }
  for (const r of [...rules].sort()) add(activity, `${NS.prov}used`, namedNode(`${NS.rule}${r}`));
  return out;
}

export function assessmentToTurtle(a: Assessment, profile: Record<string, unknown>): string {
  const w = new N3.Writer({ prefixes: { regkg: NS.regkg, prov: NS.prov, rdfs: NS.rdfs, xsd: NS.xsd, obl: NS.obl, rule: NS.rule } });
  w.addQuads(assessmentToQuads(a, profile));
  let out = '';
  // With no output stream the writer hands its result to the callback synchronously.
  w.end((err, result: string) => {
    if (err) throw err;
    out = result;
  });
  return out;
}
