import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/graphql-js.js';
import { schemaSdl } from '../../src/graphql/schema.js';

describe('docs/schema.graphql', () => {
  it('is the SDL of the executable schema (regenerate: npx tsx scripts/export-graphql-schema.ts)', () => {
    const committed = readFileSync(new URL('../../docs/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(schemaSdl());
  });

  it('is valid SDL on its own', () => {
    expect(() => buildSchema(schemaSdl())).not.toThrow();
  });
});
