import N3 from 'n3';
import type { Literal, Quad, Term } from '@rdfjs/types';
import { NS } from './namespaces.js';

/** Predicates whose values name a term for people, in order of preference. */
export const LABEL_PREDICATES = [
  `${NS.skos}prefLabel`,
  `${NS.rdfs}label`,
  `${NS.regkg}shortTitle`,
  `${NS.dct}title`,
  `${NS.skos}notation`,
];

/** What the server knows about one IRI: enough for its HTML page and its RDF description. */
export interface TermDescription {
  iri: string;
  /** The IRI and the hash IRIs that share its document (`…/ontology` → `…/ontology#Obligation`). */
  subjects: string[];
  /** Triples with one of `subjects` as subject, then the closure over blank-node objects; graph dropped, no duplicates. */
  outgoing: Quad[];
  /** Triples from named subjects pointing at one of `subjects`; no duplicates. */
  incoming: Quad[];
  /** For a named-graph IRI: the triples of that graph. */
  graphContent?: Quad[];
  /** Named graphs (source files) the outgoing statements come from. */
  graphs: string[];
}

const { quad, defaultGraph } = N3.DataFactory;

const keyOf = (t: Term): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);

function tripleKey(q: Quad): string {
  const o = q.object;
  const lit = o.termType === 'Literal' ? `${(o as Literal).language}|${(o as Literal).datatype.value}` : o.termType;
  return `${keyOf(q.subject)} ${q.predicate.value} ${keyOf(o)} ${lit}`;
}

function asTriple(q: Quad): Quad {
  return quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object, defaultGraph()) as Quad;
}

/** Hash IRIs grouped under the IRI of their document. */
const documentOf = (iri: string): string | undefined => {
  const i = iri.indexOf('#');
  return i > 0 ? iri.slice(0, i) : undefined;
};

/**
 * Indexes a dataset by subject, by IRI object and by graph, once, so that any IRI can be described quickly
 * (the linked-data pages). Pure: built from quads, no I/O.
 */
export class TermIndex {
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly byObject = new Map<string, Quad[]>();
  private readonly byGraph = new Map<string, Quad[]>();
  private readonly hashTerms = new Map<string, Set<string>>();

  constructor(quads: readonly Quad[]) {
    const push = (map: Map<string, Quad[]>, key: string, q: Quad) => {
      const list = map.get(key);
      if (list) list.push(q);
      else map.set(key, [q]);
    };
    const noteHash = (iri: string) => {
      const doc = documentOf(iri);
      if (!doc) return;
      let set = this.hashTerms.get(doc);
      if (!set) this.hashTerms.set(doc, (set = new Set()));
      set.add(iri);
    };
    for (const q of quads) {
      push(this.bySubject, keyOf(q.subject), q);
      if (q.subject.termType === 'NamedNode') noteHash(q.subject.value);
      if (q.object.termType === 'NamedNode') {
        push(this.byObject, q.object.value, q);
        noteHash(q.object.value);
      }
      if (q.graph.termType === 'NamedNode') push(this.byGraph, q.graph.value, q);
    }
  }

  /** Whether the IRI is used anywhere: as subject, object, graph name, or as the document of hash IRIs. */
  has(iri: string): boolean {
    return this.bySubject.has(iri) || this.byObject.has(iri) || this.byGraph.has(iri) || this.hashTerms.has(iri);
  }

  /** The best label of a term in a language: by predicate preference, then English, then untagged, then any. */
  label(iri: string, lang: string): string | undefined {
    const literals = (this.bySubject.get(iri) ?? []).filter((q) => q.object.termType === 'Literal' && LABEL_PREDICATES.includes(q.predicate.value));
    for (const wanted of [lang, 'en', '']) {
      for (const p of LABEL_PREDICATES) {
        const hit = literals.find((q) => q.predicate.value === p && (q.object as Literal).language === wanted);
        if (hit) return hit.object.value;
      }
    }
    return literals[0]?.object.value;
  }

  /** Label triples of a term, for RDF descriptions. */
  labelTriples(iri: string): Quad[] {
    return (this.bySubject.get(iri) ?? []).filter((q) => q.object.termType === 'Literal' && LABEL_PREDICATES.includes(q.predicate.value)).map(asTriple);
  }

  describe(iri: string): TermDescription | undefined {
    if (!this.has(iri)) return undefined;
    const subjects = [iri, ...[...(this.hashTerms.get(iri) ?? [])].sort()];
    const seen = new Set<string>();
    const graphs = new Set<string>();
    const outgoing: Quad[] = [];
    const visitedBlank = new Set<string>();
    const queue: string[] = [...subjects];
    while (queue.length) {
      const key = queue.shift()!;
      for (const q of this.bySubject.get(key) ?? []) {
        const k = tripleKey(q);
        if (q.graph.termType === 'NamedNode') graphs.add(q.graph.value);
        if (seen.has(k)) continue;
        seen.add(k);
        outgoing.push(asTriple(q));
        if (q.object.termType === 'BlankNode') {
          const b = keyOf(q.object);
          if (!visitedBlank.has(b)) {
            visitedBlank.add(b);
            queue.push(b);
          }
        }
      }
    }
    const incomingSeen = new Set<string>();
    const incoming: Quad[] = [];
    for (const s of subjects) {
      for (const q of this.byObject.get(s) ?? []) {
        if (q.subject.termType !== 'NamedNode') continue;
        const k = tripleKey(q);
        if (incomingSeen.has(k)) continue;
        incomingSeen.add(k);
        incoming.push(asTriple(q));
      }
    }
    const content = this.byGraph.get(iri);
    return {
      iri,
      subjects,
      outgoing,
      incoming,
      graphContent: content?.map(asTriple),
      graphs: [...graphs].sort(),
    };
  }

  /**
   * The concise bounded description of a term as triples: its statements with blank-node closure, plus the
   * labels of every named term they link to. For a named graph, its content.
   */
  boundedDescription(d: TermDescription): Quad[] {
    const out = [...d.outgoing];
    if (d.graphContent && d.outgoing.length === 0) return d.graphContent;
    const seen = new Set(out.map(tripleKey));
    const linked = new Set<string>();
    for (const q of d.outgoing) {
      if (q.object.termType === 'NamedNode' && !d.subjects.includes(q.object.value)) linked.add(q.object.value);
    }
    for (const iri of linked) {
      for (const t of this.labelTriples(iri)) {
        const k = tripleKey(t);
        if (!seen.has(k)) {
          seen.add(k);
          out.push(t);
        }
      }
    }
    return out;
  }
}
