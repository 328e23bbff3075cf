import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core.js';
import { loadKnowledge } from '../../src/graph/knowledge.js';
import { sharedCore } from '../support/core.js';

const core = sharedCore();
const asOf = '2026-11-28';

describe('assess', () => {
  it('gives the same bytes from two independently loaded knowledge graphs', () => {
    const other = createCore(loadKnowledge());
    const p = { name: 'x', roles: ['provider', 'deployer'], annexIIIUseCases: ['annex-iii-5b'], deployerContext: ['public-service-provider'], transparencyTriggers: ['interacts-with-natural-persons'] };
    expect(JSON.stringify(other.assess(p, { asOf }))).toBe(JSON.stringify(core.assess(p, { asOf })));
    expect(other.k.version).toBe(core.k.version);
  });

  it('lists no risk class and no duty for an out-of-scope system, with the reason', () => {
    const a = core.assess({ name: 'lab', roles: ['provider'], scopeExclusions: ['scientific-research-only'], annexIIIUseCases: ['annex-iii-4a'] }, { asOf });
    expect(a.inScope).toBe(false);
    expect(a.riskClasses).toEqual([]);
    expect(a.obligations).toEqual([]);
    expect(a.outOfScopeReasons[0]!.provisions).toContain('https://w3id.org/regkg/eli/reg/2024/1689/art_2/par_6');
  });

  it('gives minimal only when no other class applies, with the AI literacy duty', () => {
    const a = core.assess({ name: 'recommender', roles: ['provider'] }, { asOf });
    expect(a.riskClasses).toEqual(['minimal']);
    expect(a.obligations.map((o) => o.id)).toContain('aia-art4');
  });

  it('presumes systemic risk only above 10^25 FLOP, and gives both GPAI classes then', () => {
    const at = core.assess({ name: 'm', roles: ['provider'], gpaiModel: { trainingComputeFlop: 1e25 } }, { asOf });
    expect(at.riskClasses).toEqual(['gpai']);
    const above = core.assess({ name: 'm', roles: ['provider'], gpaiModel: { trainingComputeFlop: 2e25 } }, { asOf });
    expect(above.riskClasses).toEqual(['gpai', 'gpai-systemic-risk']);
    expect(above.obligations.map((o) => o.id)).toEqual(expect.arrayContaining(['aia-art52-1', 'aia-art55-1-a']));
  });

  it('explains each duty with the rules, provisions and facts behind it', () => {
    const a = core.assess({ name: 'cv', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'] }, { asOf });
    const o = a.obligations.find((x) => x.id === 'aia-art26-7')!;
    const rules = o.because.map((b) => b.rule);
    expect(rules).toEqual(expect.arrayContaining(['scope-in-scope', 'hr-annex-iii', 'hr-duties-annex-iii', 'deployer-employer', 'role-deployer-declared']));
    const hr = o.because.find((b) => b.rule === 'hr-annex-iii')!;
    expect(hr.facts).toEqual(['annexIIIUseCases=annex-iii-4a', 'not(condition:derogation-claimed)']);
    expect(hr.from).toBe('2027-12-02');
  });

  it('reports the Art 6(3) derogation as why the system is not high-risk', () => {
    const a = core.assess({ name: 'tagger', roles: ['provider'], annexIIIUseCases: ['annex-iii-4a'], derogationConditions: ['preparatory-task'], profilesNaturalPersons: false }, { asOf });
    expect(a.riskClasses).not.toContain('high-risk');
    expect(a.notApplicable.map((n) => n.regime)).toContain('high-risk');
    expect(a.obligations.map((o) => o.id)).toEqual(expect.arrayContaining(['aia-art6-4', 'aia-art49-2']));
  });
});

describe('the rules\' generated pass', () => {
  it('concludes what every rule\'s check concludes, on the bench mix and every conformance case, under both law versions', async () => {
    const { makeProfiles } = await import('../../bench/profiles.js');
    const { loadCases } = await import('../conformance/case-schema.js');
    const { toFacts } = await import('../../src/domain/profile.js');
    const profiles = [...makeProfiles(2000, 11), ...loadCases().filter((c) => !c.expect.error).map((c) => c.profile)];
    const rs = core.assessor.rules;
    const show = (e: ReturnType<typeof rs.evaluate>): string =>
      JSON.stringify([[...e.derived].map(([k, d]) => [k, d.rule.id, d.facts, d.deps, d.from]), e.fired.map((f) => [f.rule.id, f.facts, f.deps, f.from])]);
    let fired = 0;
    for (const p of profiles) {
      const facts = toFacts(core.k, core.validateProfile(p));
      for (const lv of core.k.lawVersions.map((v) => v.id)) {
        const e = rs.evaluate(facts, lv);
        expect(show(e)).toBe(show(rs.evaluateByChecks(facts, lv)));
        fired += e.fired.length;
      }
    }
    expect(fired).toBeGreaterThan(profiles.length * 2);
  });
});
