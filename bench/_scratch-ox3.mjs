import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const w = new Worker(`const ox = require(${JSON.stringify(require.resolve('oxigraph'))}); const s = new ox.Store(); for (let i=0;i<3000;i++) s.add(ox.quad(ox.namedNode('http://a/'+i), ox.namedNode('http://a/p'), ox.literal(String(i)))); require('worker_threads').parentPort.postMessage('start'); s.query('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }');`, { eval: true });
w.on('message', (m) => { const t = performance.now(); console.log('worker', m); setTimeout(async () => { const r = await w.terminate(); console.log('terminated after', performance.now() - t, r); }, 500); });
