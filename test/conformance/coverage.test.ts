import { describe, expect, it } from 'vitest';
import { sharedCore } from '../support/core.js';
import { DEFAULT_AS_OF, loadCases } from './case-schema.js';

const cases = loadCases();
const core = sharedCore();

describe('conformance coverage', () => {
  it('has at least 100 cases with unique ids', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('fires every rule in at least one case', () => {
    const fired = new Set<string>();
    for (const c of cases) {
      if (c.expect.error) continue;
      const profile = core.validateProfile(c.profile);
      const { evaluation } = core.assessor.evaluate(profile, c.asOf ?? DEFAULT_AS_OF);
      for (const f of evaluation.fired) fired.add(f.rule.id);
    }
    const never = core.k.rules.map((r) => r.id).filter((id) => !fired.has(id));
    expect(never, 'rules that no case fires').toEqual([]);
  });

  it('uses every profile id of every scheme in at least one case', () => {
    const used = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string') used.add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    for (const c of cases) walk(c.profile);
    const missing: string[] = [];
    for (const f of core.k.fields) {
      if (!f.scheme) continue;
      for (const id of core.k.schemes.get(f.scheme)?.concepts ?? []) {
        if (core.k.conceptById.get(`${f.scheme}/${id}`)?.derivedOnly) continue;
        if (!used.has(id)) missing.push(`${f.scheme}/${id}`);
      }
    }
    expect(missing, 'profile ids no case uses').toEqual([]);
  });

  it('cites existing provisions in every case', () => {
    const unknown = cases.flatMap((c) => c.provisions.map((p) => `https://w3id.org/regkg/eli/reg/2024/1689/${p}`)).filter((iri) => !core.k.provisions.has(iri));
    expect([...new Set(unknown)]).toEqual([]);
  });
});
