import { describe, expect, it } from 'vitest';
import { RegkgError } from '../../src/errors.js';
import type { Assessment } from '../../src/domain/assessment-types.js';
import { sharedCore } from '../support/core.js';
import { DEFAULT_AS_OF, loadCases, type Case } from './case-schema.js';

const cases = loadCases();
const core = sharedCore();

/** Every rule id that an assessment shows as having fired. */
export function firedRules(a: Assessment): Set<string> {
  const out = new Set<string>();
  for (const o of a.obligations) for (const b of o.because) out.add(b.rule);
  for (const n of a.notApplicable) out.add(n.rule);
  for (const w of a.warnings) if (w.rule) out.add(w.rule);
  for (const r of a.outOfScopeReasons) out.add(r.rule);
  return out;
}

function check(c: Case): void {
  const e = c.expect;
  if (e.error) {
    let thrown: unknown;
    try {
      core.assess(c.profile, { asOf: c.asOf ?? DEFAULT_AS_OF });
    } catch (err) {
      thrown = err;
    }
    expect(thrown, 'the profile must be rejected').toBeInstanceOf(RegkgError);
    expect((thrown as RegkgError).code).toBe(e.error);
    return;
  }
  const a = core.assess(c.profile, { asOf: c.asOf ?? DEFAULT_AS_OF });
  const ids = new Set(a.obligations.map((o) => o.id));
  if (e.inScope !== undefined) expect(a.inScope, 'inScope').toBe(e.inScope);
  if (e.riskClasses) expect(a.riskClasses, 'riskClasses').toEqual([...e.riskClasses].sort());
  if (e.lawVersion) expect(a.lawVersion.id, 'lawVersion').toBe(e.lawVersion);
  for (const id of e.obligations?.includes ?? []) expect(ids.has(id), `obligation ${id} applies`).toBe(true);
  for (const id of e.obligations?.excludes ?? []) expect(ids.has(id), `obligation ${id} does not apply`).toBe(false);
  for (const [id, date] of Object.entries(e.appliesFrom ?? {})) {
    const dates = a.obligations.filter((o) => o.id === id).map((o) => o.appliesFrom);
    expect(dates, `appliesFrom of ${id}`).toContain(date);
  }
  for (const [id, inForce] of Object.entries(e.inForce ?? {})) {
    expect(a.obligations.find((o) => o.id === id)?.inForce, `inForce of ${id}`).toBe(inForce);
  }
  const regimes = a.notApplicable.map((n) => n.regime);
  for (const r of e.notApplicable ?? []) expect(regimes, 'notApplicable regimes').toContain(r);
  const fired = firedRules(a);
  for (const r of e.rulesFired ?? []) expect([...fired], `rule ${r} fired`).toContain(r);
  if (e.warnings !== undefined) expect(a.warnings.length, 'warnings').toBeGreaterThanOrEqual(e.warnings);
  const asked = a.questions.map((q) => q.field);
  for (const f of e.questions ?? []) expect(asked, 'questions').toContain(f);
}

describe('conformance cases (rules/cases)', () => {
  const byFile = new Map<string, Case[]>();
  for (const c of cases) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  for (const [file, list] of byFile) {
    describe(file, () => {
      for (const c of list) it(`${c.id}: ${c.title}`, () => check(c));
    });
  }
});
