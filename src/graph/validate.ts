import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import type oxigraph from 'oxigraph';
import { Validator } from 'shacl-engine';
import type { Knowledge } from './knowledge.js';
import { REPO_ROOT } from './source-files.js';

export interface ShaclViolation {
  focusNode: string;
  path?: string;
  message: string;
  shape?: string;
}

export interface QcResult {
  name: string;
  rows: Record<string, string>[];
}

export interface ValidationReport {
  conforms: boolean;
  shacl: ShaclViolation[];
  qc: QcResult[];
}

const factory = {
  ...N3.DataFactory,
  dataset: (quads?: Iterable<N3.Quad>) => new N3.Store(quads ? [...quads] : []),
};

/** Validates the graph with the SHACL shapes in ontology/shapes and the QC queries in ontology/qc. */
export async function validateKnowledge(k: Knowledge, store: oxigraph.Store, root = REPO_ROOT): Promise<ValidationReport> {
  const shapesDir = join(root, 'ontology/shapes');
  const shapes = new N3.Store();
  for (const f of readdirSync(shapesDir).filter((x) => x.endsWith('.ttl')).sort()) {
    shapes.addQuads(new N3.Parser().parse(readFileSync(join(shapesDir, f), 'utf8')));
  }
  const data = new N3.Store();
  // Pinned extracts of outside vocabularies are checked by scripts/extract-imports.mjs, not by our shapes.
  const imports = 'https://w3id.org/regkg/graph/ontology/imports/';
  for (const q of k.quads) if (!q.graph.value.startsWith(imports)) data.addQuad(N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object));
  const validator = new Validator(shapes, { factory });
  const report = await validator.validate({ dataset: data });
  const shacl: ShaclViolation[] = report.results
    .map((r) => ({
      focusNode: r.focusNode?.term?.value ?? '',
      path: r.path?.[0]?.predicates?.[0]?.value,
      message: (r.message ?? []).map((m) => m.value).join('; '),
      shape: r.shape?.ptr?.term?.value,
    }))
    .sort((a, b) => (a.focusNode + (a.path ?? '') < b.focusNode + (b.path ?? '') ? -1 : 1));

  const qcDir = join(root, 'ontology/qc');
  const qc: QcResult[] = [];
  for (const f of readdirSync(qcDir).filter((x) => x.endsWith('-violation.rq')).sort()) {
    const result = store.query(readFileSync(join(qcDir, f), 'utf8'), { use_default_graph_as_union: true }) as Map<string, { value: string }>[];
    qc.push({ name: f.replace(/\.rq$/, ''), rows: result.map((m) => Object.fromEntries([...m.entries()].map(([key, v]) => [key, v.value]))) });
  }
  return { conforms: shacl.length === 0 && qc.every((q) => q.rows.length === 0), shacl, qc };
}
