import oxigraph from 'oxigraph';
import { Worker } from 'node:worker_threads';
const store = new oxigraph.Store();
store.load(`<http://a/s> <http://a/p> "x\\ny, \\"q\\"" <http://a/g1> .
<http://a/s> <http://a/p> "two"@en <http://a/g2> .
<http://a/s2> <http://a/p> _:b <http://a/g2> .`, { format: 'application/n-quads' });
const q = 'SELECT ?s ?o WHERE { ?s ?p ?o }';
for (const f of ['json', 'xml', 'csv', 'tsv']) console.log(JSON.stringify(store.query(q, { use_default_graph_as_union: true, results_format: f })));
console.log('FROM+union', JSON.stringify(store.query('SELECT ?o FROM <http://a/g1> WHERE { ?s ?p ?o }', { use_default_graph_as_union: true, results_format: 'tsv' })));
console.log('dg g2', JSON.stringify(store.query(q, { default_graph: [oxigraph.namedNode('http://a/g2')], results_format: 'tsv' })));
console.log('dg empty', JSON.stringify(store.query(q, { default_graph: [], named_graphs: [oxigraph.namedNode('http://a/g1')], results_format: 'tsv' })));
console.log('named only', JSON.stringify(store.query('SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }', { default_graph: [], named_graphs: [oxigraph.namedNode('http://a/g1')], results_format: 'tsv' })));
console.log('union + named', JSON.stringify(store.query('SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }', { use_default_graph_as_union: true, results_format: 'tsv' })));
console.log('empty sel', JSON.stringify(store.query('SELECT ?x WHERE { FILTER(false) }', { results_format: 'csv' })));
console.log('describe', store.query('DESCRIBE <http://a/s2>', { use_default_graph_as_union: true, results_format: 'application/n-triples' }));
try { new oxigraph.Store().update('INSERT DATA { <a:a> <a:b> <a:c> }'); console.log('update parse ok'); } catch (e) { console.log('upd err', (e as Error).message); }
try { new oxigraph.Store().update('SELECT * WHERE {?s ?p ?o}'); console.log('update parse ok'); } catch (e) { console.log('upd err2', (e as Error).message); }
try { store.query('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }'); } catch (e) { console.log('service', (e as Error).message); }
try { store.query('SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }'); console.log('FROM remote ok (empty)'); } catch (e) { console.log('from remote', (e as Error).message); }
// terminate test
const w = new Worker(`const ox = require(${JSON.stringify(require.resolve('oxigraph'))}); const s = new ox.Store(); for (let i=0;i<3000;i++) s.add(ox.quad(ox.namedNode('http://a/'+i), ox.namedNode('http://a/p'), ox.literal(String(i)))); require('worker_threads').parentPort.postMessage('start'); s.query('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }');`, { eval: true });
w.on('message', (m) => { const t = performance.now(); console.log('worker', m); setTimeout(async () => { await w.terminate(); console.log('terminated after', performance.now() - t); }, 500); });
