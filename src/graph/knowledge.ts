import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { RegkgError } from '../errors.js';
import { GraphView, p, regkg, type LangText } from './graph-view.js';
import { NS } from './namespaces.js';
import { graphIriOf, knowledgeVersionOf, readSources, type SourceFile } from './source-files.js';
import { loadRules, type LoadedRule } from '../rules/load-rules.js';
import { rulesToQuads } from '../rules/rules-to-rdf.js';
import { readSssom, sssomToQuads, type MappingSet } from './sssom.js';

export interface Provision {
  iri: string;
  /** Path relative to the act, e.g. `art_26/par_7`. */
  ref: string;
  kind: string;
  number: string;
  shortTitle: LangText;
  parent?: string;
  eurLex: string;
  coverage?: string;
  coverageNote?: string;
  insertedBy?: string;
  replacedBy?: string;
  deletedBy?: string;
}

export interface Concept {
  iri: string;
  id: string;
  scheme: string;
  label: LangText;
  definition: LangText;
  provisions: string[];
  heldWhen?: string;
  exceptionTo?: string;
  insertedBy?: string;
  /** Derived by the rules, not a value a profile may state. */
  derivedOnly: boolean;
}

export interface Scheme {
  iri: string;
  id: string;
  label: LangText;
  question: LangText;
  profileField?: string;
  concepts: string[];
}

export interface ConditionInfo {
  iri: string;
  id: string;
  label: LangText;
  description: LangText;
  provisions: string[];
}

export interface Obligation {
  iri: string;
  id: string;
  bearers: string[];
  deontic: string;
  legalBasis: string[];
  appliesWhen: string[];
  relatedAnnexes: string[];
  related: string[];
  /** Application date per law version id; a version without an entry does not contain the duty. */
  dates: Record<string, string>;
  label: LangText;
  summary: LangText;
  status: string;
  modified: string;
}

export interface LawVersion {
  iri: string;
  id: string;
  label: LangText;
  inForceFrom: string;
  verificationStatus: string;
  milestones: { date: string; label: LangText; provisions: string[] }[];
}

export interface ProfileField {
  iri: string;
  path: string;
  order: number;
  valueType: string;
  scheme?: string;
  defaultValue?: boolean;
  required: boolean;
  minItems?: number;
  provisions: string[];
  question: LangText;
}

export interface Knowledge {
  version: string;
  sources: SourceFile[];
  /** Every quad, one named graph per source file. */
  quads: Quad[];
  /** The quads generated from rules and mapping sets (the rest come straight from Turtle sources). */
  generatedQuads: Quad[];
  view: GraphView;
  provisions: Map<string, Provision>;
  concepts: Map<string, Concept>;
  /** Concept by `scheme/id`. */
  conceptById: Map<string, Concept>;
  schemes: Map<string, Scheme>;
  collections: Map<string, string[]>;
  conditions: Map<string, ConditionInfo>;
  obligations: Map<string, Obligation>;
  lawVersions: LawVersion[];
  fields: ProfileField[];
  rules: LoadedRule[];
  mappingSets: MappingSet[];
}

const localId = (iri: string, ns: string): string => (iri.startsWith(ns) ? iri.slice(ns.length) : iri);

/** Parses every knowledge source into quads, one named graph per file. */
function parseSources(sources: readonly SourceFile[], rules: LoadedRule[], mappingSets: MappingSet[]): { quads: Quad[]; generated: Quad[] } {
  const quads: Quad[] = [];
  const { namedNode, quad } = N3.DataFactory;
  sources.forEach((file, i) => {
    const graph = namedNode(graphIriOf(file.path));
    if (file.kind === 'turtle') {
      const parser = new N3.Parser({ blankNodePrefix: `b${i}_` });
      let parsed: Quad[];
      try {
        parsed = parser.parse(file.text);
      } catch (e) {
        throw new RegkgError('KNOWLEDGE_INVALID', { where: file.path, detail: (e as Error).message });
      }
      for (const q of parsed) quads.push(quad(q.subject, q.predicate, q.object, graph) as Quad);
    }
  });
  const generated = [...rulesToQuads(rules), ...mappingSets.flatMap(sssomToQuads)];
  for (const q of generated) quads.push(q);
  return { quads, generated };
}

/** Loads and indexes the knowledge graph from the repository's sources. */
export function loadKnowledge(sources: SourceFile[] = readSources()): Knowledge {
  const rules = loadRules(sources);
  const mappingSets = sources.filter((s) => s.kind === 'sssom').map(readSssom);
  const { quads, generated } = parseSources(sources, rules, mappingSets);
  const view = new GraphView(quads);

  const provisions = new Map<string, Provision>();
  const provisionTypes = ['Article', 'Paragraph', 'Subparagraph', 'Point', 'Annex', 'AnnexSection', 'AnnexPoint', 'Chapter', 'Section'];
  for (const kind of provisionTypes) {
    for (const iri of view.subjectsOfType(regkg(kind))) {
      provisions.set(iri, {
        iri,
        ref: localId(iri, NS.aia),
        kind,
        number: view.value(iri, regkg('number')) ?? '',
        shortTitle: view.text(iri, regkg('shortTitle')),
        parent: view.value(iri, regkg('partOf')),
        eurLex: view.value(iri, regkg('eurLex')) ?? `https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1689`,
        coverage: view.value(iri, regkg('coverage')),
        coverageNote: view.text(iri, regkg('coverageNote')).en || undefined,
        insertedBy: view.value(iri, regkg('insertedBy')),
        replacedBy: view.value(iri, regkg('replacedBy')),
        deletedBy: view.value(iri, regkg('deletedBy')),
      });
    }
  }

  const schemes = new Map<string, Scheme>();
  for (const iri of view.subjectsOfType(`${NS.skos}ConceptScheme`)) {
    const id = localId(iri, NS.scheme);
    schemes.set(id, {
      iri,
      id,
      label: view.text(iri, p.label),
      question: view.text(iri, regkg('question')),
      profileField: view.value(iri, regkg('profileField')),
      concepts: [],
    });
  }

  const concepts = new Map<string, Concept>();
  const conceptById = new Map<string, Concept>();
  for (const iri of view.subjectsOfType(`${NS.skos}Concept`)) {
    const schemeIri = view.value(iri, p.inScheme);
    if (!schemeIri) continue;
    const scheme = localId(schemeIri, NS.scheme);
    const id = view.value(iri, p.notation) ?? iri.split('/').pop()!;
    const c: Concept = {
      iri,
      id,
      scheme,
      label: view.text(iri, p.prefLabel),
      definition: view.text(iri, p.definition),
      provisions: view.iris(iri, regkg('provision')),
      heldWhen: view.value(iri, regkg('heldWhen')),
      exceptionTo: view.value(iri, regkg('exceptionTo')),
      insertedBy: view.value(iri, regkg('insertedBy')),
      derivedOnly: view.value(iri, regkg('derivedOnly')) === 'true',
    };
    concepts.set(iri, c);
    conceptById.set(`${scheme}/${id}`, c);
    schemes.get(scheme)?.concepts.push(id);
  }
  for (const s of schemes.values()) s.concepts.sort();

  const collections = new Map<string, string[]>();
  for (const iri of view.subjectsOfType(`${NS.skos}Collection`)) {
    const members = view.iris(iri, p.member).map((m) => concepts.get(m)?.id ?? m).sort();
    collections.set(localId(iri, NS.scheme), members);
  }

  const conditions = new Map<string, ConditionInfo>();
  for (const iri of view.subjectsOfType(regkg('Condition'))) {
    const id = localId(iri, NS.cond);
    conditions.set(id, {
      iri,
      id,
      label: view.text(iri, p.label),
      description: view.text(iri, p.description),
      provisions: view.iris(iri, regkg('provision')),
    });
  }

  const obligations = new Map<string, Obligation>();
  for (const iri of view.subjectsOfType(regkg('Obligation'))) {
    const id = view.value(iri, p.notation) ?? localId(iri, NS.obl);
    const dates: Record<string, string> = {};
    for (const node of view.objects(iri, regkg('applicationDate'))) {
      const lv = view.value(node, regkg('lawVersion'));
      const date = view.value(node, regkg('date'));
      if (lv && date) dates[localId(lv, NS.lv)] = date;
    }
    obligations.set(id, {
      iri,
      id,
      bearers: view.iris(iri, regkg('bearer')).map((r) => concepts.get(r)?.id ?? localId(r, `${NS.concept}role/`)),
      deontic: localId(view.value(iri, regkg('deontic')) ?? regkg('Duty'), NS.regkg),
      legalBasis: view.iris(iri, regkg('legalBasis')),
      appliesWhen: view.iris(iri, regkg('appliesWhen')).map((c) => localId(c, NS.cond)),
      relatedAnnexes: view.iris(iri, regkg('relatedAnnex')),
      related: view.iris(iri, regkg('relatedObligation')).map((o) => localId(o, NS.obl)),
      dates,
      label: view.text(iri, p.label),
      summary: view.text(iri, p.description),
      status: view.value(iri, regkg('termStatus')) ?? 'accepted',
      modified: view.value(iri, p.modified) ?? '',
    });
  }

  const lawVersions: LawVersion[] = view
    .subjectsOfType(regkg('LawVersion'))
    .map((iri) => ({
      iri,
      id: localId(iri, NS.lv),
      label: view.text(iri, p.label),
      inForceFrom: view.value(iri, regkg('inForceFrom')) ?? '',
      verificationStatus: view.value(iri, regkg('verificationStatus')) ?? '',
      milestones: view
        .objects(iri, regkg('applicationMilestone'))
        .map((m) => ({ date: view.value(m, regkg('date')) ?? '', label: view.text(m, p.label), provisions: view.iris(m, regkg('provision')) }))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.label.en < b.label.en ? -1 : 1)),
    }))
    .sort((a, b) => (a.inForceFrom < b.inForceFrom ? -1 : 1));

  const fields: ProfileField[] = view
    .subjectsOfType(regkg('ProfileField'))
    .map((iri) => {
      const dv = view.value(iri, regkg('defaultValue'));
      const mi = view.value(iri, regkg('minItems'));
      const schemeIri = view.value(iri, regkg('scheme'));
      return {
        iri,
        path: view.value(iri, regkg('path')) ?? '',
        order: Number(view.value(iri, regkg('order')) ?? 0),
        valueType: localId(view.value(iri, regkg('valueType')) ?? '', NS.regkg),
        scheme: schemeIri ? localId(schemeIri, NS.scheme) : undefined,
        defaultValue: dv === undefined ? undefined : dv === 'true',
        required: view.value(iri, regkg('required')) === 'true',
        minItems: mi === undefined ? undefined : Number(mi),
        provisions: view.iris(iri, regkg('provision')),
        question: view.text(iri, regkg('question')),
      };
    })
    .sort((a, b) => a.order - b.order);

  return {
    version: knowledgeVersionOf(sources),
    sources,
    quads,
    generatedQuads: generated,
    view,
    provisions,
    concepts,
    conceptById,
    schemes,
    collections,
    conditions,
    obligations,
    lawVersions,
    fields,
    rules,
    mappingSets,
  };
}

