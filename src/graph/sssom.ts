import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { parse as parseYaml } from 'yaml';
import { RegkgError } from '../errors.js';
import { NS } from './namespaces.js';
import { graphIriOf, type SourceFile } from './source-files.js';

export interface MappingRow {
  subject: string;
  subjectLabel: string;
  predicate: string;
  object: string;
  objectLabel: string;
  justification: string;
  author: string;
  date: string;
  confidence?: number;
  comment: string;
  /** 1-based line in the file. */
  line: number;
}

export interface MappingSet {
  path: string;
  id: string;
  metadata: Record<string, unknown>;
  curieMap: Record<string, string>;
  rows: MappingRow[];
}

const BUILTIN_PREFIXES: Record<string, string> = {
  skos: NS.skos,
  semapv: NS.semapv,
  owl: NS.owl,
  rdfs: NS.rdfs,
  regkg: NS.regkg,
  obl: NS.obl,
  tech: NS.tech,
  ev: NS.ev,
  sssom: NS.sssom,
};

export function expandCurie(curie: string, map: Record<string, string>): string {
  if (/^https?:\/\//.test(curie)) return curie;
  const i = curie.indexOf(':');
  if (i < 0) return curie;
  const ns = map[curie.slice(0, i)] ?? BUILTIN_PREFIXES[curie.slice(0, i)];
  return ns ? ns + curie.slice(i + 1) : curie;
}

/** Reads an SSSOM/TSV file: a `#`-prefixed YAML metadata block, then a header row and mapping rows. */
export function readSssom(file: SourceFile): MappingSet {
  const lines = file.text.split(/\r?\n/);
  const meta: string[] = [];
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('#')) meta.push(lines[i++]!.replace(/^# ?/, ''));
  let metadata: Record<string, unknown>;
  try {
    metadata = (parseYaml(meta.join('\n')) as Record<string, unknown> | null) ?? {};
  } catch (e) {
    throw new RegkgError('KNOWLEDGE_INVALID', { where: file.path, detail: `metadata block: ${(e as Error).message}` });
  }
  const curieMap = { ...((metadata.curie_map as Record<string, string> | undefined) ?? {}) };
  const header = (lines[i++] ?? '').split('\t');
  const col = (name: string): number => header.indexOf(name);
  for (const required of ['subject_id', 'predicate_id', 'object_id', 'mapping_justification']) {
    if (col(required) < 0) throw new RegkgError('KNOWLEDGE_INVALID', { where: file.path, detail: `missing column ${required}` });
  }
  const rows: MappingRow[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const cells = line.split('\t');
    const get = (name: string): string => (col(name) >= 0 ? (cells[col(name)] ?? '').trim() : '');
    const conf = get('confidence');
    rows.push({
      subject: expandCurie(get('subject_id'), curieMap),
      subjectLabel: get('subject_label'),
      predicate: expandCurie(get('predicate_id'), curieMap),
      object: expandCurie(get('object_id'), curieMap),
      objectLabel: get('object_label'),
      justification: expandCurie(get('mapping_justification'), curieMap),
      author: get('author_id'),
      date: get('mapping_date') || String(metadata.mapping_date ?? ''),
      confidence: conf ? Number(conf) : undefined,
      comment: get('comment'),
      line: i + 1,
    });
  }
  return { path: file.path, id: String(metadata.mapping_set_id ?? graphIriOf(file.path)), metadata, curieMap, rows };
}

/** The mapping set as RDF: each row as a direct triple plus an SSSOM mapping node carrying its metadata. */
export function sssomToQuads(set: MappingSet): Quad[] {
  const { namedNode, literal, quad } = N3.DataFactory;
  const g = namedNode(graphIriOf(set.path));
  const out: Quad[] = [];
  const setNode = namedNode(set.id);
  const add = (s: N3.Quad_Subject, pr: string, o: N3.Quad_Object): void => {
    out.push(quad(s, namedNode(pr), o, g) as Quad);
  };
  add(setNode, `${NS.rdf}type`, namedNode(`${NS.sssom}MappingSet`));
  set.rows.forEach((r, idx) => {
    add(namedNode(r.subject), r.predicate, namedNode(r.object));
    const m = namedNode(`${set.id}#row-${idx + 1}`);
    add(m, `${NS.rdf}type`, namedNode(`${NS.owl}Axiom`));
    add(setNode, `${NS.sssom}mappings`, m);
    add(m, `${NS.owl}annotatedSource`, namedNode(r.subject));
    add(m, `${NS.owl}annotatedProperty`, namedNode(r.predicate));
    add(m, `${NS.owl}annotatedTarget`, namedNode(r.object));
    add(m, `${NS.sssom}mapping_justification`, namedNode(r.justification));
    if (r.author) add(m, `${NS.sssom}author_id`, literal(r.author));
    if (r.date) add(m, `${NS.sssom}mapping_date`, literal(r.date, namedNode(`${NS.xsd}date`)));
    if (r.confidence !== undefined) add(m, `${NS.sssom}confidence`, literal(String(r.confidence), namedNode(`${NS.xsd}double`)));
    if (r.comment) add(m, `${NS.rdfs}comment`, literal(r.comment));
  });
  return out;
}
