import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { NS } from '../graph/namespaces.js';
import { graphIriOf } from '../graph/source-files.js';
import type { LoadedRule } from './load-rules.js';

import { conditionFields, derivedRefs, provisionRef } from './condition-fields.js';

/** Publishes rules as RDF so that authorities can ask in SPARQL which rule makes a duty apply. */
export function rulesToQuads(rules: readonly LoadedRule[]): Quad[] {
  const { namedNode, literal, quad } = N3.DataFactory;
  const out: Quad[] = [];
  for (const r of rules) {
    const g = namedNode(graphIriOf(r.source.path));
    const s = namedNode(`${NS.rule}${r.id}`);
    const add = (pr: string, o: N3.Quad_Object): void => {
      out.push(quad(s, namedNode(pr), o, g) as Quad);
    };
    add(`${NS.rdf}type`, namedNode(`${NS.regkg}Rule`));
    add(`${NS.skos}notation`, literal(r.id));
    const texts = (pr: string, t: { en: string; fr: string; de: string } | undefined): void => {
      if (!t) return;
      add(pr, literal(t.en, 'en'));
      if (t.fr !== t.en) add(pr, literal(t.fr, 'fr'));
      if (t.de !== t.en) add(pr, literal(t.de, 'de'));
    };
    texts(`${NS.rdfs}label`, r.text.label);
    for (const pv of r.provisions) add(`${NS.regkg}cites`, namedNode(provisionRef(pv)));
    for (const c of r.derive) add(`${NS.regkg}concludes`, namedNode(`${NS.cond}${c}`));
    for (const c of derivedRefs(r.when)) add(`${NS.regkg}dependsOn`, namedNode(`${NS.cond}${c}`));
    for (const f of conditionFields(r.when)) add(`${NS.regkg}usesField`, namedNode(`${NS.field}${f}`));
    for (const [lv, date] of Object.entries(r.effective ?? {}).sort()) {
      const b = N3.DataFactory.blankNode(`eff_${r.id}_${lv}`);
      add(`${NS.regkg}effective`, b);
      out.push(quad(b, namedNode(`${NS.regkg}lawVersion`), namedNode(`${NS.lv}${lv}`), g) as Quad);
      out.push(quad(b, namedNode(`${NS.regkg}date`), literal(date, namedNode(`${NS.xsd}date`)), g) as Quad);
    }
    add(`${NS.regkg}condition`, literal(JSON.stringify(r.when), namedNode(`${NS.rdf}JSON`)));
    if (r.notApplicable) add(`${NS.regkg}notApplicableRegime`, literal(r.notApplicable.regime));
    texts(`${NS.regkg}reason`, r.text.reason);
    texts(`${NS.regkg}outOfScopeReason`, r.text.outOfScope);
    texts(`${NS.regkg}warning`, r.text.warning);
    add(`${NS.dct}source`, literal(`${r.source.path}:${r.source.line}`));
  }
  return out;
}
