import N3 from 'n3';
import * as $rdf from 'rdflib';

/** Parses Turtle, N-Triples or N-Quads with n3 (an independent parser): the distinct quads. */
export function parseWithN3(text: string, format: 'Turtle' | 'N-Triples' | 'N-Quads'): N3.Store {
  return new N3.Store(new N3.Parser({ format }).parse(text));
}

/** Parses JSON-LD or RDF/XML with rdflib: the statements of the resulting graph. */
export async function parseWithRdflib(text: string, mediaType: 'application/ld+json' | 'application/rdf+xml', base = 'https://w3id.org/regkg/'): Promise<$rdf.Statement[]> {
  const kb = $rdf.graph();
  await new Promise<void>((resolve, reject) => {
    $rdf.parse(text, kb, base, mediaType, (err) => (err ? reject(err) : resolve()));
  });
  return kb.statements as $rdf.Statement[];
}
