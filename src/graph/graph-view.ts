import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { NS, RDF_TYPE } from './namespaces.js';

/** Text in the languages regkg publishes. */
export interface LangText {
  en: string;
  fr: string;
  de: string;
}
export const LANGS = ['en', 'fr', 'de'] as const;
export type Lang = (typeof LANGS)[number];

const { namedNode } = N3.DataFactory;

/** Read-only convenience lookups over an N3 store (indexes are built once, at load). */
export class GraphView {
  constructor(readonly store: N3.Store) {}

  objects(subject: string | Term, predicate: string): Term[] {
    const s = typeof subject === 'string' ? namedNode(subject) : subject;
    return this.store.getObjects(s as N3.Quad_Subject, namedNode(predicate), null);
  }

  iris(subject: string | Term, predicate: string): string[] {
    return this.objects(subject, predicate)
      .filter((t) => t.termType === 'NamedNode')
      .map((t) => t.value)
      .sort();
  }

  value(subject: string | Term, predicate: string): string | undefined {
    const values = this.objects(subject, predicate).map((t) => t.value).sort();
    return values[0];
  }

  text(subject: string | Term, predicate: string): LangText {
    const out: LangText = { en: '', fr: '', de: '' };
    for (const t of this.objects(subject, predicate)) {
      if (t.termType !== 'Literal') continue;
      const lang = (t as N3.Literal).language as Lang | '';
      if (lang === 'en' || lang === 'fr' || lang === 'de') out[lang] = t.value;
      else if (lang === '' && !out.en) out.en = t.value;
    }
    return out;
  }

  subjectsOfType(type: string): string[] {
    return this.store
      .getSubjects(namedNode(RDF_TYPE), namedNode(type), null)
      .filter((t) => t.termType === 'NamedNode')
      .map((t) => t.value)
      .sort();
  }

  subjects(predicate: string, object: string): string[] {
    return this.store
      .getSubjects(namedNode(predicate), namedNode(object), null)
      .map((t) => t.value)
      .sort();
  }

  quads(): Quad[] {
    return this.store.getQuads(null, null, null, null);
  }
}

export const p = {
  label: `${NS.rdfs}label`,
  prefLabel: `${NS.skos}prefLabel`,
  definition: `${NS.skos}definition`,
  notation: `${NS.skos}notation`,
  inScheme: `${NS.skos}inScheme`,
  member: `${NS.skos}member`,
  description: `${NS.dct}description`,
  modified: `${NS.dct}modified`,
} as const;

export function regkg(local: string): string {
  return `${NS.regkg}${local}`;
}
