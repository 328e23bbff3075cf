import oxigraph from 'oxigraph';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';

/** Loads quads into an embedded oxigraph store (SPARQL 1.1), via N-Quads. */
export function buildEmbeddedStore(quads: readonly Quad[]): oxigraph.Store {
  const writer = new N3.Writer({ format: 'N-Quads' });
  const nquads = writer.quadsToString(quads as Quad[]);
  const store = new oxigraph.Store();
  store.load(nquads, { format: 'application/n-quads' });
  return store;
}
