import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load-rules.js';
import { RuleSet, T, U } from '../../src/rules/evaluator.js';
import { RegkgError } from '../../src/errors.js';
import type { SourceFile } from '../../src/graph/source-files.js';

const file = (text: string, path = 'rules/test.yaml'): SourceFile => ({ path, kind: 'rules', text });
const set = (yaml: string, collections: Record<string, string[]> = {}): RuleSet => new RuleSet(loadRules([file(yaml)]), new Map(Object.entries(collections)));
const facts = (o: Record<string, unknown>): Map<string, never> =>
  new Map(Object.entries(o).map(([k, v]) => [k, (Array.isArray(v) ? new Set(v) : v) as never]));

const RULES = `
rules:
  - id: b-high
    label: B
    provisions: [art_6/par_2]
    effective: { v1: 2026-08-02, v2: 2027-12-02 }
    when:
      all:
        - { derived: a-scope }
        - { field: uses, hasAny: [x, y] }
        - { not: { derived: c-derog } }
    derive: [high]
  - id: a-scope
    label: A
    provisions: [art_2]
    when: { field: inEU, is: true }
    derive: [a-scope]
  - id: c-derog
    label: C
    provisions: [art_6/par_3]
    when:
      all:
        - { field: derog, nonEmpty: true }
        - { not: { field: profiles, is: true } }
    derive: [c-derog]
  - id: d-big
    label: D
    provisions: [art_51]
    when: { field: model.flop, gt: 1.0e+25 }
    derive: [big]
`;

describe('rule evaluator', () => {
  it('runs rules after the rules whose conclusions they read, whatever the file order', () => {
    const rs = set(RULES);
    expect(rs.compiled.map((c) => c.rule.id).indexOf('b-high')).toBeGreaterThan(rs.compiled.map((c) => c.rule.id).indexOf('c-derog'));
    const r = rs.evaluate(facts({ inEU: true, uses: ['x'] }), 'v1');
    expect([...r.derived.keys()].sort()).toEqual(['a-scope', 'high']);
  });

  it('records the facts, the rules built on, and negations in the explanation', () => {
    const r = set(RULES).evaluate(facts({ inEU: true, uses: ['y', 'z'] }), 'v1');
    const d = r.derived.get('high')!;
    expect(d.rule.id).toBe('b-high');
    expect(d.deps).toEqual(['a-scope']);
    expect(d.facts).toEqual(['uses=y', 'not(condition:c-derog)']);
  });

  it('takes the date of the rule under the law version asked', () => {
    const rs = set(RULES);
    expect(rs.evaluate(facts({ inEU: true, uses: ['x'] }), 'v1').derived.get('high')!.from).toBe('2026-08-02');
    expect(rs.evaluate(facts({ inEU: true, uses: ['x'] }), 'v2').derived.get('high')!.from).toBe('2027-12-02');
    expect(rs.evaluate(facts({ inEU: true, uses: ['x'] }), 'v3').derived.has('high')).toBe(false);
  });

  it('lets a derived negation block a conclusion (stratified negation)', () => {
    const r = set(RULES).evaluate(facts({ inEU: true, uses: ['x'], derog: ['narrow'] }), 'v1');
    expect(r.derived.has('c-derog')).toBe(true);
    expect(r.derived.has('high')).toBe(false);
  });

  it('compares numbers strictly where the rule says greater than', () => {
    const rs = set(RULES);
    expect(rs.evaluate(facts({ 'model.flop': 1e25 }), 'v1').derived.has('big')).toBe(false);
    expect(rs.evaluate(facts({ 'model.flop': 1.0000001e25 }), 'v1').derived.has('big')).toBe(true);
  });

  it('leaves rules with unanswered fields undecided in three-valued evaluation', () => {
    const { values, undecided } = set(RULES).evaluate3(facts({ inEU: true, uses: ['x'] }), 'v1');
    expect(values.get('a-scope')).toBe(T);
    expect(values.get('high')).toBe(U);
    expect(undecided.map((c) => c.rule.id)).toContain('c-derog');
    expect(undecided.find((c) => c.rule.id === 'c-derog')!.fields).toEqual(['derog', 'profiles']);
  });

  it('gives, from its generated pass, exactly what every rule\'s check gives, for every kind of condition', () => {
    // One rule per operator (and their combinations), then facts that make each hold, fail and be absent. In o-date a
    // branch of `any` records a condition and then fails: its trace must be undone before the next branch.
    const ops = `
rules:
  - { id: o-has, label: L, provisions: [art_1], when: { field: s, has: a }, derive: [o-has] }
  - { id: o-any, label: L, provisions: [art_1], when: { field: s, hasAny: [b, c] }, derive: [o-any] }
  - { id: o-mem, label: L, provisions: [art_1], when: { field: s, memberOf: coll }, derive: [o-mem] }
  - { id: o-is, label: L, provisions: [art_1], when: { field: flag, is: false }, derive: [o-is] }
  - { id: o-pres, label: L, provisions: [art_1], when: { field: obj, present: true }, derive: [o-pres] }
  - { id: o-abs, label: L, provisions: [art_1], when: { field: obj, present: false }, derive: [o-abs] }
  - { id: o-ne, label: L, provisions: [art_1], when: { field: s, nonEmpty: false }, derive: [o-ne] }
  - { id: o-gte, label: L, provisions: [art_1], when: { field: n, gte: 2 }, derive: [o-gte] }
  - { id: o-gt, label: L, provisions: [art_1], when: { field: n, gt: 3 }, derive: [o-gt] }
  - { id: o-lt, label: L, provisions: [art_1], when: { field: n, lt: 3 }, derive: [o-lt] }
  - { id: o-lte, label: L, provisions: [art_1], when: { field: n, lte: 2 }, derive: [o-lte] }
  - { id: o-num, label: L, provisions: [art_1], when: { all: [{ field: n, gte: 2 }, { field: n, lt: 5 }, { not: { field: n, lte: 2 } }] }, derive: [o-num] }
  - { id: o-day, label: L, provisions: [art_1], when: { field: day, onOrAfter: 2025-06-01 }, derive: [o-day] }
  - { id: o-date, label: L, provisions: [art_1], when: { any: [{ field: day, before: 2025-01-01 }, { all: [{ derived: o-has }, { field: day, onOrAfter: 2026-01-01 }] }, { derived: o-any }] }, derive: [o-date] }
  - { id: o-eff, label: L, provisions: [art_1], effective: { v1: 2026-01-01 }, when: { not: { derived: o-date } }, derive: [o-eff] }
`;
    const rs = set(ops, { coll: ['d', 'e'] });
    const values: Record<string, unknown[]> = {
      s: [undefined, [], ['a'], ['b'], ['e'], ['a', 'c']],
      flag: [undefined, true, false],
      obj: [undefined, true],
      n: [undefined, 1, 2, 3, 5],
      day: [undefined, '2024-06-01', '2025-01-01', '2025-06-01', '2026-06-01'],
    };
    const show = (e: ReturnType<RuleSet['evaluate']>): string =>
      JSON.stringify([[...e.derived].map(([k, d]) => [k, d.rule.id, d.facts, d.deps, d.from]), e.fired.map((f) => [f.rule.id, f.facts, f.deps, f.from])]);
    let compared = 0;
    const fired = new Set<string>();
    for (const sv of values.s!) for (const fl of values.flag!) for (const ob of values.obj!) for (const n of values.n!) for (const day of values.day!) {
      const o: Record<string, unknown> = { s: sv, flag: fl, obj: ob, n, day };
      for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
      for (const lv of ['v1', 'v2']) {
        const e = rs.evaluate(facts(o), lv);
        expect(show(e), `${JSON.stringify(o)} ${lv}`).toBe(show(rs.evaluateByChecks(facts(o), lv)));
        for (const f of e.fired) fired.add(f.rule.id);
        compared++;
      }
    }
    expect(compared).toBe(6 * 3 * 2 * 5 * 5 * 2);
    // Every rule fired somewhere, so every operator was compared both holding and failing.
    expect([...fired].sort()).toEqual(rs.compiled.map((c) => c.rule.id).sort());
  });

  it('rejects a cycle between rules, naming them', () => {
    const cyclic = `
rules:
  - { id: p, label: P, provisions: [art_1], when: { derived: q }, derive: [p] }
  - { id: q, label: Q, provisions: [art_1], when: { not: { derived: p } }, derive: [q] }
`;
    expect(() => set(cyclic)).toThrow(/cycle: .*p.*q|cycle: .*q.*p/);
  });

  it('rejects an unknown collection with the rule and line', () => {
    const bad = `
rules:
  - { id: p, label: P, provisions: [art_1], when: { field: f, memberOf: nope }, derive: [p] }
`;
    expect(() => set(bad)).toThrow(/rules\/test.yaml:3 \(p\): unknown collection nope/);
  });

  it('rejects malformed rules with file, path and message', () => {
    const bad = `
rules:
  - { id: P!, label: P, provisions: [art_1], when: { derived: q } }
`;
    let err: unknown;
    try {
      loadRules([file(bad)]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegkgError);
    expect((err as Error).message).toMatch(/rules\/test.yaml at rules.0.id: expected a kebab-case id/);
  });

  it('rejects duplicate rule ids across files', () => {
    const a = 'rules:\n  - { id: p, label: P, provisions: [art_1], when: { derived: q }, derive: [p] }\n';
    expect(() => loadRules([file(a, 'rules/a.yaml'), file(a, 'rules/b.yaml')])).toThrow(/already defined at rules\/a.yaml:2/);
  });
});
