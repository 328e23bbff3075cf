#!/usr/bin/env node
/**
 * Compiles src/ to dist/ for `npm start` and the Docker image: each TypeScript module becomes one JavaScript module
 * (esbuild, no bundling, the same tree), and every other file under src/ (the GraphQL SDL, the SPARQL examples and
 * the plain-JavaScript worker entries) is copied beside them. dist/ sits one level under the repository, as src/
 * does, so paths such as `new URL('../../ontology/', import.meta.url)` resolve the same from both (ADR 0010).
 * Types are not checked here: `npm test` runs tsc.
 * Run: node scripts/build.mjs   (~0.2 s; `npm start` runs it first, as its prestart script)
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'src');
const OUT = join(ROOT, 'dist');

/** Every file under dir, as paths relative to it. */
function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name))]));
}

const started = performance.now();
rmSync(OUT, { recursive: true, force: true });
const files = walk(SRC);
const modules = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
await build({
  entryPoints: modules.map((f) => join(SRC, f)),
  outdir: OUT,
  outbase: SRC,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Stack traces in logs point into dist/; the maps lead back to src/ (node --enable-source-maps).
  sourcemap: 'linked',
  logLevel: 'warning',
});
const assets = files.filter((f) => !f.endsWith('.ts'));
for (const f of assets) {
  mkdirSync(dirname(join(OUT, f)), { recursive: true });
  cpSync(join(SRC, f), join(OUT, f));
}
console.log(`built dist/: ${modules.length} modules, ${assets.length} other files in ${Math.round(performance.now() - started)} ms`);
