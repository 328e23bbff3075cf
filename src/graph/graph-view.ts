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


const keyOf = (t: Term): string => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);

/** Read-only lookups over the graph, from subject and type indexes built in one pass at load. */
export class GraphView {
  private readonly bySubject = new Map<string, Map<string, Term[]>>();
  private readonly byType = new Map<string, string[]>();
  private readonly byPredObj = new Map<string, string[]>();
  private n3?: N3.Store;

  constructor(private readonly all: readonly Quad[]) {
    for (const q of all) {
      const sk = keyOf(q.subject);
      let preds = this.bySubject.get(sk);
      if (!preds) this.bySubject.set(sk, (preds = new Map()));
      const list = preds.get(q.predicate.value);
      if (list) {
        if (!list.some((t) => t.equals(q.object))) list.push(q.object);
      } else preds.set(q.predicate.value, [q.object]);
      if (q.object.termType === 'NamedNode') {
        const key = `${q.predicate.value} ${q.object.value}`;
        const subs = this.byPredObj.get(key);
        if (subs) subs.push(sk);
        else this.byPredObj.set(key, [sk]);
      }
      if (q.predicate.value === RDF_TYPE && q.subject.termType === 'NamedNode') {
        const t = this.byType.get(q.object.value);
        if (t) t.push(q.subject.value);
        else this.byType.set(q.object.value, [q.subject.value]);
      }
    }
  }

  /** An N3 store over the same quads, built on first use (for callers that need pattern matching). */
  get store(): N3.Store {
    this.n3 ??= new N3.Store(this.all as Quad[]);
    return this.n3;
  }

  objects(subject: string | Term, predicate: string): Term[] {
    const key = typeof subject === 'string' ? subject : keyOf(subject);
    return this.bySubject.get(key)?.get(predicate) ?? [];
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
    return [...new Set(this.byType.get(type) ?? [])].sort();
  }

  subjects(predicate: string, object: string): string[] {
    return [...new Set(this.byPredObj.get(`${predicate} ${object}`) ?? [])].sort();
  }

  quads(): readonly Quad[] {
    return this.all;
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
