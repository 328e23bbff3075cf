import oxigraph from 'oxigraph';
import N3 from 'n3';
import type { Knowledge } from './knowledge.js';
import { graphIriOf } from './source-files.js';

/**
 * Loads the knowledge graph into an embedded oxigraph store (SPARQL 1.1): each Turtle source straight into its named
 * graph (oxigraph's own parser is the fast path), the quads generated from rules and mappings via N-Quads.
 */
export function buildEmbeddedStore(k: Pick<Knowledge, 'sources' | 'generatedQuads'>): oxigraph.Store {
  const store = new oxigraph.Store();
  for (const f of k.sources) {
    if (f.kind !== 'turtle') continue;
    store.load(f.text, { format: 'text/turtle', to_graph_name: oxigraph.namedNode(graphIriOf(f.path)), no_transaction: true });
  }
  const nquads = new N3.Writer({ format: 'N-Quads' }).quadsToString(k.generatedQuads);
  store.load(nquads, { format: 'application/n-quads', no_transaction: true });
  return store;
}
