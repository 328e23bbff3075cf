import oxigraph from 'oxigraph';
import N3 from 'n3';
import * as $rdf from 'rdflib';
import { loadKnowledge } from '../src/graph/knowledge.ts';
const k = loadKnowledge();
const byGraph = new Map<string, typeof k.quads>();
for (const q of k.quads) { const g = q.graph.value; if (!byGraph.has(g)) byGraph.set(g, []); byGraph.get(g)!.push(q); }
let t = performance.now(); let n = 0;
for (const [, qs] of byGraph) { const s = new oxigraph.Store(); s.load(new N3.Writer({ format: 'N-Triples' }).quadsToString(qs.map(q => N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object))), { format: 'application/n-triples' }); n += s.dump({ format: 'application/rdf+xml', from_graph_name: oxigraph.defaultGraph() }).length; }
console.log('oxigraph rdfxml per graph', performance.now() - t, n);
t = performance.now(); n = 0;
for (const [, qs] of byGraph) { const s = new oxigraph.Store(); s.load(new N3.Writer({ format: 'N-Triples' }).quadsToString(qs.map(q => N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object))), { format: 'application/n-triples' }); n += s.dump({ format: 'application/ld+json', from_graph_name: oxigraph.defaultGraph() }).length; }
console.log('oxigraph jsonld per graph', performance.now() - t, n);
t = performance.now(); n = 0;
for (const [, qs] of byGraph) { n += new N3.Writer({ format: 'Turtle' }).quadsToString(qs.map(q => N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object))).length; }
console.log('n3 turtle per graph', performance.now() - t, n);
t = performance.now(); n = 0;
for (const [, qs] of byGraph) {
  const kb = $rdf.graph();
  const conv = (t: any): any => t.termType === 'NamedNode' ? $rdf.sym(t.value) : t.termType === 'BlankNode' ? $rdf.blankNode(t.value) : $rdf.literal(t.value, t.language || $rdf.sym(t.datatype.value));
  for (const q of qs) kb.add(conv(q.subject), conv(q.predicate), conv(q.object));
  n += ($rdf.serialize(null, kb, 'https://w3id.org/regkg/', 'application/rdf+xml') ?? '').length;
}
console.log('rdflib rdfxml per graph', performance.now() - t, n);
t = performance.now();
const all = new oxigraph.Store(); all.load(new N3.Writer({ format: 'N-Quads' }).quadsToString(k.quads), { format: 'application/n-quads' });
console.log('store', performance.now() - t);
t = performance.now(); n = 0;
for (const g of byGraph.keys()) n += all.dump({ format: 'application/rdf+xml', from_graph_name: oxigraph.namedNode(g) }).length;
console.log('oxigraph rdfxml from core store', performance.now() - t, n);
console.log(all.dump({ format: 'application/rdf+xml', from_graph_name: oxigraph.namedNode([...byGraph.keys()][3]!) }).slice(0, 1500));
