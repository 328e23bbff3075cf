import oxigraph from 'oxigraph';
import N3 from 'n3';
import { loadKnowledge } from '../src/graph/knowledge.ts';
const k = loadKnowledge();
let t = performance.now();
const nq = new N3.Writer({ format: 'N-Quads' }).quadsToString(k.quads);
console.log('nq write', performance.now() - t, nq.length); t = performance.now();
const store = new oxigraph.Store(); store.load(nq, { format: 'application/n-quads' });
console.log('load', performance.now() - t, store.size);
const q = 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }';
for (const fmt of [undefined, 'json', 'xml', 'csv', 'tsv']) {
  t = performance.now();
  const r = store.query(q, { use_default_graph_as_union: true, ...(fmt ? { results_format: fmt } : {}) });
  console.log(fmt, performance.now() - t, typeof r === 'string' ? r.length : (r as unknown[]).length);
}
const c = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3';
for (const fmt of [undefined, 'text/turtle', 'application/n-triples', 'application/ld+json', 'application/rdf+xml', 'application/n-quads']) {
  try {
    const r = store.query(c, { use_default_graph_as_union: true, ...(fmt ? { results_format: fmt } : {}) });
    console.log(fmt, typeof r === 'string' ? r.slice(0, 400) : (r as unknown[]).length);
  } catch (e) { console.log(fmt, 'ERR', (e as Error).message); }
}
for (const fmt of ['json', 'xml', 'csv', 'tsv']) console.log(fmt, store.query('ASK {?s ?p ?o}', { results_format: fmt, use_default_graph_as_union: true }));
try { store.query('SELEC ?x WHERE {', {}); } catch (e) { console.log('syntax', (e as Error).message, (e as Error).constructor.name); }
try { store.query('INSERT DATA { <a:a> <a:b> <a:c> }', {}); } catch (e) { console.log('update', (e as Error).message); }
const s2 = new oxigraph.Store(store.query('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3', { use_default_graph_as_union: true }) as oxigraph.Quad[]);
console.log(s2.dump({ format: 'application/ld+json', from_graph_name: oxigraph.defaultGraph() }));
t = performance.now();
try { const r = store.query('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }', { use_default_graph_as_union: true }); console.log(r); } catch (e) { console.log(e); }
console.log('heavy', performance.now() - t);
