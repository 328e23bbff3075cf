/**
 * Writes the SDL of the executable GraphQL schema to docs/schema.graphql (or checks it with --check).
 * Run: npx tsx scripts/export-graphql-schema.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemaSdl } from '../src/graphql/schema.js';

const target = fileURLToPath(new URL('../docs/schema.graphql', import.meta.url));
const sdl = schemaSdl();

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing: reported as a difference below
  }
  if (committed !== sdl) {
    console.error('docs/schema.graphql is out of date: run npx tsx scripts/export-graphql-schema.ts');
    process.exit(1);
  }
  console.log('docs/schema.graphql is up to date');
} else {
  writeFileSync(target, sdl);
  console.log(`wrote docs/schema.graphql (${sdl.length} characters)`);
}
