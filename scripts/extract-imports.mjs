#!/usr/bin/env node
// Regenerates the pinned import extracts in ontology/imports/ from the SSSOM mapping sets in mappings/.
//
// For each mapping set it reads the object_id column, expands the CURIEs with the set's curie_map, checks that every
// target exists in the pinned reference vocabulary (../shared/reference/vocabularies/, relative to the repo root) and
// that object_label matches one of the target's labels there, then writes an extract holding only those targets:
// IRI, rdf:type and labels (rdfs:label, skos:prefLabel), copied unchanged.
//
//   node scripts/extract-imports.mjs           write the extracts (fails on an unknown target or a wrong label)
//   node scripts/extract-imports.mjs --check   regenerate in memory and fail if a committed extract differs
//
// Environment: REGKG_REFERENCE_DIR overrides the reference directory.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import N3 from 'n3';
import YAML from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REFERENCE_DIR = process.env.REGKG_REFERENCE_DIR ?? resolve(ROOT, '../shared/reference/vocabularies');
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const LABELS = ['http://www.w3.org/2000/01/rdf-schema#label', 'http://www.w3.org/2004/02/skos/core#prefLabel'];

const DPV_NOTICE = [
  'This file includes material copied from the W3C Data Privacy Vocabulary (DPV), EU AI Act extension',
  '<https://w3id.org/dpv/legal/eu/aiact>. Copyright (c) 2026 World Wide Web Consortium.',
  '<https://www.w3.org/copyright/software-license-2023/>',
  'Changes: a subset of terms was extracted (IRI, rdf:type, labels only); the extracted statements are unchanged.',
  'The full W3C Software and Document Notice and License is reproduced in ontology/imports/LICENSES.md.',
];
const ccBy = (name, iri) => [
  `${name} <${iri}> (c) Delaram Golpayegani, licensed under CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>.`,
  'Changes: a subset of terms was extracted (IRI, rdf:type, labels only); the extracted statements are unchanged.',
  'See ontology/imports/LICENSES.md.',
];

export const IMPORTS = [
  {
    mappingSet: 'mappings/regkg-dpv-aiact.sssom.tsv',
    reference: 'dpv-eu-aiact.ttl',
    output: 'ontology/imports/dpv-aiact-extract.ttl',
    title: 'W3C Data Privacy Vocabulary (DPV), EU AI Act extension',
    notice: DPV_NOTICE,
  },
  {
    mappingSet: 'mappings/regkg-airo.sssom.tsv',
    reference: 'airo.ttl',
    output: 'ontology/imports/airo-extract.ttl',
    title: 'AIRO, the AI Risk Ontology (Golpayegani, Pandit, Lewis)',
    notice: ccBy('AIRO', 'https://w3id.org/airo'),
  },
  {
    mappingSet: 'mappings/regkg-vair.sssom.tsv',
    reference: 'vair.ttl',
    output: 'ontology/imports/vair-extract.ttl',
    title: 'VAIR, the Vocabulary of AI Risks (Golpayegani, Pandit, Lewis)',
    notice: ccBy('VAIR', 'https://w3id.org/vair'),
  },
];

/** Splits an SSSOM TSV file into its YAML metadata (the leading `#` lines) and its rows. */
export function readSssom(text, file) {
  const lines = text.split(/\r?\n/);
  const metaLines = [];
  let i = 0;
  for (; i < lines.length && lines[i].startsWith('#'); i++) metaLines.push(lines[i].replace(/^# ?/, ''));
  const metadata = YAML.parse(metaLines.join('\n')) ?? {};
  const header = lines[i]?.split('\t') ?? [];
  if (!header.includes('object_id')) throw new Error(`${file}: no header row with object_id after the metadata block`);
  const rows = [];
  for (let n = i + 1; n < lines.length; n++) {
    if (lines[n].trim() === '') continue;
    const cells = lines[n].split('\t');
    if (cells.length !== header.length) {
      throw new Error(`${file}:${n + 1}: ${cells.length} cells, header has ${header.length}`);
    }
    rows.push({ line: n + 1, ...Object.fromEntries(header.map((h, k) => [h, cells[k]])) });
  }
  return { metadata, rows };
}

function expandCurie(curie, curieMap, where) {
  const at = curie.indexOf(':');
  const prefix = curie.slice(0, at);
  if (at < 0 || !(prefix in curieMap)) throw new Error(`${where}: prefix of ${curie} is not in curie_map`);
  return curieMap[prefix] + curie.slice(at + 1);
}

function parseTurtle(file) {
  const prefixes = {};
  const quads = new N3.Parser().parse(readFileSync(file, 'utf8'), null, (p, iri) => {
    prefixes[p] = typeof iri === 'string' ? iri : iri.value;
  });
  return { store: new N3.Store(quads), prefixes };
}

const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const termKey = (t) => `${t.value}@${t.language ?? ''}`;

/** Builds the extract text for one import; throws on targets missing from the reference or on label mismatches. */
export async function buildExtract(spec) {
  const setFile = join(ROOT, spec.mappingSet);
  const { metadata, rows } = readSssom(readFileSync(setFile, 'utf8'), spec.mappingSet);
  const curieMap = metadata.curie_map ?? {};
  const { store, prefixes } = parseTurtle(join(REFERENCE_DIR, spec.reference));

  const errors = [];
  const targets = new Set();
  for (const row of rows) {
    const where = `${spec.mappingSet}:${row.line}`;
    const iri = expandCurie(row.object_id, curieMap, where);
    if (store.countQuads(iri, null, null, null) === 0) {
      errors.push(`${where}: ${row.object_id} does not exist in ${spec.reference}`);
      continue;
    }
    const labels = LABELS.flatMap((p) => store.getObjects(iri, p, null)).map((l) => l.value.trim());
    if (!labels.includes(row.object_label.trim())) {
      errors.push(`${where}: object_label "${row.object_label}" is not a label of ${row.object_id} (${labels.join(' | ')})`);
    }
    targets.add(iri);
  }
  if (errors.length) throw new Error(errors.join('\n'));

  const quads = [];
  for (const iri of [...targets].sort(compare)) {
    const subject = N3.DataFactory.namedNode(iri);
    const types = store.getObjects(iri, RDF_TYPE, null).sort((a, b) => compare(a.value, b.value));
    for (const t of types) quads.push(N3.DataFactory.quad(subject, N3.DataFactory.namedNode(RDF_TYPE), t));
    for (const p of LABELS) {
      const labels = store.getObjects(iri, p, null).sort((a, b) => compare(termKey(a), termKey(b)));
      for (const l of labels) quads.push(N3.DataFactory.quad(subject, N3.DataFactory.namedNode(p), l));
    }
  }

  // Keep only the source's prefixes that the extract uses (the reference files declare many more).
  const used = Object.fromEntries(
    Object.entries(prefixes)
      .filter(([p, ns]) => p !== '' && quads.some((q) => [q.subject, q.predicate, q.object].some((t) => t.termType === 'NamedNode' && t.value.startsWith(ns))))
      .sort(([a], [b]) => compare(a, b)),
  );
  const body = await new Promise((ok, fail) => {
    const writer = new N3.Writer({ prefixes: used });
    writer.addQuads(quads);
    writer.end((err, out) => (err ? fail(err) : ok(out)));
  });

  const header = [
    `# GENERATED by scripts/extract-imports.mjs from ${spec.mappingSet}. Do not edit by hand: re-run the script.`,
    `# Pinned extract of ${spec.title}`,
    `#   source: ${metadata.object_source ?? '(unknown)'}`,
    `#   version: ${metadata.object_source_version ?? '(unknown)'}`,
    `#   terms: ${targets.size} (every object_id of the mapping set; IRI, rdf:type and labels only)`,
    '#',
    ...spec.notice.map((l) => `# ${l}`),
    '',
  ].join('\n');
  return { text: `${header}\n${body}`, count: targets.size };
}

async function main() {
  const check = process.argv.includes('--check');
  let failed = false;
  for (const spec of IMPORTS) {
    const out = join(ROOT, spec.output);
    let result;
    try {
      result = await buildExtract(spec);
    } catch (err) {
      console.error(`${spec.output}: ${err.message}`);
      failed = true;
      continue;
    }
    if (check) {
      const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
      if (current !== result.text) {
        console.error(`${spec.output} is out of date: run node scripts/extract-imports.mjs`);
        failed = true;
      } else console.log(`${spec.output}: up to date (${result.count} terms)`);
    } else {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, result.text);
      console.log(`${spec.output}: ${result.count} terms`);
    }
  }
  if (failed) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
