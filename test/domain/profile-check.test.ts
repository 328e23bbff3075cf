import { describe, expect, it } from 'vitest';
import { profileCheck } from '../../src/domain/profile.js';
import { sharedCore } from '../support/core.js';
import { makeProfiles } from '../../bench/profiles.js';
import { loadCases } from '../conformance/case-schema.js';

const core = sharedCore();
const check = profileCheck(core.profileSchema);
const zodSays = (x: unknown): boolean => core.profileSchema.safeParse(x).success;

/** Wrong values for a field of each value type: wrong JSON types, unknown ids, bounds, empty and null. */
function wrongValues(valueType: string, allowed: readonly string[]): unknown[] {
  // Lengths count code points on both sides: 300 emoji are 600 UTF-16 units but 300 characters; 501 are too many.
  const common = [null, {}, [[]], true, 0, -1, 1.5, '', 'x'.repeat(501), '😀'.repeat(300), '😀'.repeat(501), ['no-such-id'], 'no-such-id', [1], [null]];
  if (valueType === 'ConceptSet') return [...common, allowed.slice(0, 1).concat(['no-such-id']), Array(allowed.length * 2 + 1).fill(allowed[0])];
  if (valueType === 'Concept') return [...common, allowed[0]?.toUpperCase(), ` ${allowed[0]}`];
  if (valueType === 'Date') return [...common, '2026-1-01', '20260101', '2026-01-01T00:00:00Z', ' 2026-01-01'];
  if (valueType === 'LanguageSet') return [...common, ['EN-'], ['e'], ['en_GB'], Array(101).fill('en')];
  if (valueType === 'Number') return [...common, '1', -0.0001];
  return common;
}

describe('the fast profile check (ajv, from the zod schema)', () => {
  const valid = [
    ...makeProfiles(1500, 3),
    ...loadCases().map((c) => c.profile),
    { name: 'json-ld', roles: ['provider'], '@context': { x: 1 }, '@type': ['A'], '@id': 'urn:x' },
  ];

  it('gives zod\'s verdict on every bench profile, every conformance case (valid or not) and their broken variants', () => {
    let compared = 0;
    let refused = 0;
    const same = (x: unknown, what: string): void => {
      const z = zodSays(x);
      expect(check(x), what).toBe(z);
      compared++;
      if (!z) refused++;
    };
    for (const p of valid) same(p, `as given: ${JSON.stringify(p).slice(0, 200)}`);
    const fields = core.k.fields;
    for (const [i, p] of valid.slice(0, 120).entries()) {
      for (const f of fields) {
        const allowed = core.k.schemes.get(f.scheme ?? '')?.concepts ?? [];
        const [head, sub] = f.path.split('.') as [string, string | undefined];
        for (const bad of wrongValues(f.valueType, allowed)) {
          const copy = structuredClone(p) as Record<string, unknown>;
          if (sub) copy[head] = { ...((copy[head] as object | undefined) ?? {}), [sub]: bad };
          else copy[head] = bad;
          same(copy, `${f.path} = ${JSON.stringify(bad)?.slice(0, 60)} in profile ${i}`);
        }
        // The field absent, and (for a nested field) its object with only this field.
        const without = structuredClone(p) as Record<string, unknown>;
        if (sub && without[head]) delete (without[head] as Record<string, unknown>)[sub];
        else delete without[head];
        same(without, `${f.path} absent in profile ${i}`);
      }
      same({ ...p, unknownField: 1 }, 'an unknown field');
      same({ ...p, annexIProduct: { legislation: 'machinery', safetyComponentOrProduct: true, thirdPartyConformityAssessment: true, extra: 1 } }, 'an unknown nested field');
    }
    for (const x of [null, [], 'x', 1, true, {}, { name: 'n' }, { roles: ['provider'] }]) same(x, JSON.stringify(x));
    expect(compared).toBeGreaterThan(20_000);
    // Both sides were exercised: thousands refused, and all of the mix accepted.
    expect(refused).toBeGreaterThan(5_000);
    expect(compared - refused).toBeGreaterThan(1_500);
  });

  it('answers an assessment the same whichever path the profile took', () => {
    for (const p of valid.slice(0, 200)) {
      if (!zodSays(p)) continue;
      const viaZod = core.assessor.assess(core.validateProfile(p), { asOf: '2026-11-28' });
      expect(JSON.stringify(core.assess(p, { asOf: '2026-11-28' }))).toBe(JSON.stringify(viaZod));
    }
  });
});
