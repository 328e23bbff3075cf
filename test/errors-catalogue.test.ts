import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS, publicCode } from '../src/errors.js';
import { REPO_ROOT } from '../src/graph/source-files.js';

describe('error catalogue', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs/errors.md'), 'utf8');
  const documented = [...doc.matchAll(/\| `(REGKG_ERR_[A-Z_]+)` \| (\d+) \|/g)].map((m) => [m[1]!, Number(m[2])] as const);

  it('documents every code with its status', () => {
    for (const [code, e] of Object.entries(ERRORS)) expect(documented, code).toContainEqual([publicCode(code as keyof typeof ERRORS), e.status]);
  });

  it('documents no code the catalogue lacks', () => {
    const known = new Set(Object.keys(ERRORS).map((c) => publicCode(c as keyof typeof ERRORS)));
    expect(documented.map(([c]) => c).filter((c) => !known.has(c))).toEqual([]);
  });
});
