import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageMarkdown, coverageRows } from '../../src/graph/coverage-report.js';
import { REPO_ROOT } from '../../src/graph/source-files.js';
import { sharedCore } from '../support/core.js';

describe('coverage report', () => {
  const k = sharedCore().k;

  it('accounts for every article 1-113 and annex I-XIII, skipping nothing silently', () => {
    const rows = coverageRows(k);
    expect(rows).toHaveLength(126);
    expect(rows.filter((r) => r.coverage === 'MISSING')).toEqual([]);
    for (const r of rows.filter((x) => x.coverage !== 'ModelledAsObligations')) expect(r.note, r.provision).not.toBe('');
  });

  it('has obligations for every article marked as modelled', () => {
    const empty = coverageRows(k).filter((r) => r.provision.startsWith('Art') && r.coverage === 'ModelledAsObligations' && r.obligations === 0);
    expect(empty.map((r) => r.provision)).toEqual([]);
  });

  it('is committed as generated (npm run generate)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs/coverage.md'), 'utf8')).toBe(coverageMarkdown(k));
  });
});
