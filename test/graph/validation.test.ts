import { describe, expect, it } from 'vitest';
import { validateKnowledge } from '../../src/graph/validate.js';
import { sharedCore } from '../support/core.js';

describe('knowledge graph validation', () => {
  it('satisfies every SHACL shape in ontology/shapes', async () => {
    const core = sharedCore();
    const report = await validateKnowledge(core.k, core.store);
    expect(report.shacl.slice(0, 20)).toEqual([]);
  });

  it('returns no rows for any quality-control query in ontology/qc', async () => {
    const core = sharedCore();
    const report = await validateKnowledge(core.k, core.store);
    const failing = report.qc.filter((q) => q.rows.length > 0).map((q) => ({ name: q.name, count: q.rows.length, first: q.rows.slice(0, 5) }));
    expect(failing).toEqual([]);
  });
});
