/** Time to load the knowledge graph and fill the embedded store (the part of startup the graph costs). */
import { loadKnowledge } from '../src/graph/knowledge.js';
import { buildEmbeddedStore } from '../src/graph/embedded-store.js';

const runs: number[][] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const k = loadKnowledge();
  const t1 = performance.now();
  const store = buildEmbeddedStore(k);
  const t2 = performance.now();
  runs.push([t1 - t0, t2 - t1, t2 - t0, store.size]);
}
const fmt = (r: number[]) => `parse+index ${r[0]!.toFixed(0)} ms, oxigraph ${r[1]!.toFixed(0)} ms, total ${r[2]!.toFixed(0)} ms (${r[3]} quads)`;
console.log(`first load (cold JIT, includes WebAssembly start): ${fmt(runs[0]!)}`);
console.log(`later loads (median): ${fmt(runs.slice(1).sort((a, b) => a[2]! - b[2]!)[2]!)}`);
