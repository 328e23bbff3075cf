import { describe, expect, it } from 'vitest';
import { RefsWriter, REFS_SKIPS, refsAssessmentJson } from '../../src/domain/assessment-refs.js';
import { sharedCore } from '../support/core.js';
import { makeProfiles } from '../../bench/profiles.js';
import { loadCases } from '../conformance/case-schema.js';

const core = sharedCore();
const reference = (p: Record<string, unknown>, asOf: string, lang: 'en' | 'fr' | 'de'): string =>
  refsAssessmentJson(core.assessor.assess(p, { asOf, lang, skip: REFS_SKIPS }));

// The bench mix and every conformance case's profile: high-risk routes, derogations, GPAI, prohibitions, exclusions,
// roles changing hands, partial profiles with questions.
const profiles = [
  ...makeProfiles(1500, 7).map((p) => core.validateProfile(p)),
  ...loadCases().filter((c) => !c.expect.error).map((c) => core.validateProfile(c.profile)),
];
// Before the Act, each law version's first days, the Art 5 and Art 50 dates, the Annex III and Annex I dates.
const DATES = ['2024-01-01', '2024-08-01', '2025-02-02', '2026-08-02', '2026-11-28', '2026-12-02', '2027-12-02', '2028-08-02'];

describe('RefsWriter (a plan kept per rules\' outcome)', () => {
  it('writes the same bytes as the reference writer, for every profile, date and language, from new and from kept plans', () => {
    const w = new RefsWriter(core.assessor, 100_000);
    let compared = 0;
    for (const round of [0, 1]) {
      for (const asOf of DATES) {
        for (const lang of ['en', 'fr', 'de'] as const) {
          for (const [i, p] of profiles.entries()) {
            if ((i + DATES.indexOf(asOf)) % (lang === 'en' ? 2 : 7) !== 0) continue;
            expect(w.write(p, asOf, lang), `${String(p.name)} ${asOf} ${lang} round ${round}`).toBe(reference(p, asOf, lang));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
    // Plans are shared: far fewer outcomes than answers, and the second round built none.
    expect(w.stats.built).toBeLessThan(compared / 4);
    expect(w.stats.reused).toBeGreaterThan(compared / 2);
  });

  it('keeps two profiles with the same outcome apart where they differ: the facts each step quotes and the questions', () => {
    const w = new RefsWriter(core.assessor);
    const a = { name: 'a', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'] };
    const b = { name: 'b', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4b'], profilesNaturalPersons: false };
    const ja = w.write(core.validateProfile(a), '2026-11-28');
    const jb = w.write(core.validateProfile(b), '2026-11-28');
    expect(w.stats).toEqual({ built: 1, reused: 1 });
    const [ra, rb] = [JSON.parse(ja), JSON.parse(jb)];
    expect(ra.obligations).toEqual(rb.obligations);
    expect(JSON.stringify(ra.explanations)).toContain('annex-iii-4a');
    expect(JSON.stringify(rb.explanations)).toContain('annex-iii-4b');
    expect(ra.questions).toContain('profilesNaturalPersons');
    expect(rb.questions).not.toContain('profilesNaturalPersons');
    expect(ja).toBe(reference(core.validateProfile(a), '2026-11-28', 'en'));
    expect(jb).toBe(reference(core.validateProfile(b), '2026-11-28', 'en'));
  });

  it('is bounded: past maxPlans the oldest plan goes, and answers stay the same', () => {
    const w = new RefsWriter(core.assessor, 5);
    for (const p of profiles.slice(0, 300)) {
      expect(w.write(p, '2026-11-28')).toBe(reference(p, '2026-11-28', 'en'));
      expect(w.size).toBeLessThanOrEqual(5);
    }
    expect(w.stats.built).toBeGreaterThan(5);
  });

  it('writeBytes: each answer\'s bytes stay intact while later answers are written', () => {
    const w = new RefsWriter(core.assessor);
    const kept = profiles.slice(0, 400).map((p) => ({ p, bytes: w.writeBytes(p, '2026-11-28') }));
    for (const { p, bytes } of kept) expect(bytes.toString('utf8')).toBe(reference(p, '2026-11-28', 'en'));
  });

  it('writeBytes gives the UTF-8 of write, in every language', () => {
    const w = new RefsWriter(core.assessor);
    for (const lang of ['en', 'fr', 'de'] as const) {
      for (const p of profiles.slice(0, 60)) {
        const bytes = w.writeBytes(p, '2027-12-02', lang);
        expect(bytes.toString('utf8')).toBe(w.write(p, '2027-12-02', lang));
        expect(bytes.equals(Buffer.from(reference(p, '2027-12-02', lang)))).toBe(true);
      }
    }
  });
});
