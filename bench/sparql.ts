/**
 * SPARQL endpoint and dump benchmark: worker start-up, a selective lookup through HTTP (p50 over 200 runs, with the
 * same query run in-process on the core's store as the baseline), a light query while a heavy one runs, and the
 * time to stream each full dump. Run with `npx tsx bench/sparql.ts`.
 */
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config/config.js';
import { createCore } from '../src/core.js';
import { DUMP_FORMATS, DUMP_PREFIXES, dumpChunks, nquadsBytes, type DumpFormat } from '../src/graph/export.js';
import { loadExamples } from '../src/sparql/examples.js';
import { sparqlPool } from '../src/sparql/plugin.js';
import { QueryPool } from '../src/sparql/run-query.js';

const RUNS = 200;
const ms = (t0: number) => performance.now() - t0;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (x: number) => `${x.toFixed(1)} ms`;

let t0 = performance.now();
const core = createCore();
console.log(`knowledge ${core.k.version}: ${core.k.quads.length} quads, core built in ${fmt(ms(t0))}`);

// 1. Worker start-up: N-Quads for the workers (main thread), then each worker loading its own store.
t0 = performance.now();
const bytes = nquadsBytes(core.k.quads);
console.log(`\nN-Quads for the workers: ${(bytes.byteLength / 1e6).toFixed(1)} MB in ${fmt(ms(t0))} (main thread, once)`);
for (const size of [1, 2]) {
  const loads: number[] = [];
  const pool = new QueryPool({ nquads: () => bytes, prefixes: DUMP_PREFIXES, size, timeoutMs: 10_000, maxResults: 10_000, onEvent: (e) => e.type === 'ready' && loads.push(e.loadMs) });
  t0 = performance.now();
  await pool.whenReady();
  console.log(`pool of ${size}: ready in ${fmt(ms(t0))} (store load inside each worker: ${loads.map(fmt).join(', ')})`);
  await pool.close();
}

// 2. Selective lookup through HTTP, against the same query in-process.
const app = await buildApp({ config: testConfig({ REGKG_SPARQL_TIMEOUT_MS: 3000 }), core });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no port');
const base = `http://127.0.0.1:${address.port}`;
await sparqlPool(app)!.whenReady();

const lookup = loadExamples().find((e) => e.id === 'obligations-by-role-and-risk-class')!.query;
const inProcess: number[] = [];
let rows = 0;
for (let i = 0; i < RUNS; i++) {
  t0 = performance.now();
  const out = core.store.query(lookup, { use_default_graph_as_union: true, results_format: 'json' }) as string;
  inProcess.push(ms(t0));
  rows = JSON.parse(out).results.bindings.length;
}
const http: number[] = [];
const inWorker: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t0 = performance.now();
  const res = await fetch(`${base}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: lookup });
  await res.text();
  http.push(ms(t0));
  inWorker.push(Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN));
}
console.log(`\nselective lookup (provider obligations for high-risk systems with labels, ${rows} rows), ${RUNS} runs:`);
console.log(`  in-process oxigraph (baseline): p50 ${fmt(pct(inProcess, 50))}, p95 ${fmt(pct(inProcess, 95))}`);
console.log(`  through HTTP + worker:          p50 ${fmt(pct(http, 50))}, p95 ${fmt(pct(http, 95))} (of which in the worker: p50 ${fmt(pct(inWorker, 50))})`);

const small = 'PREFIX regkg: <https://w3id.org/regkg/ontology#> ASK { <https://w3id.org/regkg/obligation/aia-art26-7> a regkg:Obligation }';
const smallHttp: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t0 = performance.now();
  await (await fetch(`${base}/sparql?query=${encodeURIComponent(small)}`)).text();
  smallHttp.push(ms(t0));
}
console.log(`  ASK on one IRI through HTTP:    p50 ${fmt(pct(smallHttp, 50))}, p95 ${fmt(pct(smallHttp, 95))}`);

// 3. A light query while a heavy one holds a worker.
const heavy = fetch(`${base}/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }')}`);
await new Promise((r) => setTimeout(r, 100));
const during: number[] = [];
for (let i = 0; i < 20; i++) {
  t0 = performance.now();
  await (await fetch(`${base}/sparql?query=${encodeURIComponent(small)}`)).text();
  during.push(ms(t0));
}
t0 = performance.now();
const heavyStatus = (await heavy).status;
console.log(`\nwhile a heavy query runs (answered ${heavyStatus} after the 3 s limit): light ASK p50 ${fmt(pct(during, 50))}, max ${fmt(Math.max(...during))}`);

// 4. Full dumps: streamed through HTTP, and the serialisation alone.
console.log('\nfull dumps:');
for (const ext of Object.keys(DUMP_FORMATS) as DumpFormat[]) {
  t0 = performance.now();
  let size = 0;
  for (const chunk of dumpChunks(ext, core.k.quads, { store: core.store })) size += chunk.length;
  const serialise = ms(t0);
  t0 = performance.now();
  const res = await fetch(`${base}/dumps/regkg-${core.k.version}.${ext}`);
  const body = await res.arrayBuffer();
  console.log(`  ${ext.padEnd(6)} ${(body.byteLength / 1e6).toFixed(1).padStart(5)} MB: HTTP ${fmt(ms(t0)).padStart(9)}, serialisation alone ${fmt(serialise).padStart(9)}${size ? '' : ' (empty!)'}`);
}
await app.close();
