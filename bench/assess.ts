/**
 * Throughput of the pure evaluator over a realistic mix, against a baseline measured in the same run:
 * JSON.parse + JSON.stringify of the same profiles (the cost of touching the input at all).
 * Run: npx tsx bench/assess.ts
 */
import { createCore } from '../src/core.js';
import { makeProfiles } from './profiles.js';
import { assessmentJson } from '../src/domain/shared-json.js';
import { compactAssessmentJson } from '../src/domain/assessment-compact.js';
import { REFS_SKIPS, RefsWriter, refsAssessmentJson } from '../src/domain/assessment-refs.js';
import { toFacts } from '../src/domain/profile.js';
import { SUMMARY_SKIPS } from '../src/domain/assessment-summary.js';

const core = createCore();
const profiles = makeProfiles(5000).map((p) => core.validateProfile(p));
const asOf = '2026-11-28';

function run(label: string, n: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < 2000; i++) fn(i % profiles.length);
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += (fn(i % profiles.length) as { length?: number })?.length ?? 1;
  const ms = performance.now() - t0;
  const perSec = Math.round((n / ms) * 1000);
  console.log(`${label.padEnd(44)} ${perSec.toString().padStart(9)} /s   ${((ms * 1000) / n).toFixed(1).padStart(7)} µs each   (${sink > 0 ? 'ok' : ''})`);
  return perSec;
}

console.log(`knowledge ${core.k.version}: ${core.k.obligations.size} obligations, ${core.k.rules.length} rules`);
const base = run('baseline: JSON round trip of the profile', 50_000, (i) => JSON.stringify(JSON.parse(JSON.stringify(profiles[i]))));
const ev = run('rules only (closed-world evaluation)', 50_000, (i) => core.assessor.evaluate(profiles[i]!, asOf).evaluation.fired);
const facts = profiles.map((p) => toFacts(core.k, p));
run('  the generated pass (evaluate)', 50_000, (i) => core.assessor.rules.evaluate(facts[i]!, 'aia-2026').fired);
run('  every rule\'s check closure (evaluateByChecks)', 50_000, (i) => core.assessor.rules.evaluateByChecks(facts[i]!, 'aia-2026').fired);
const full = run('assess() (rules, obligations, questions)', 30_000, (i) => core.assessor.assess(profiles[i]!, { asOf }).obligations);
const ser = run('assess() + JSON.stringify of the answer', 20_000, (i) => JSON.stringify(core.assessor.assess(profiles[i]!, { asOf })));
const shared = run('assess() + assessmentJson (shared pieces)', 20_000, (i) => assessmentJson(core.assessor.assess(profiles[i]!, { asOf })));
run('assess() + refsAssessmentJson (view=refs, default)', 20_000, (i) => refsAssessmentJson(core.assessor.assess(profiles[i]!, { asOf, skip: REFS_SKIPS })));
// What POST /v1/assessments runs for the default view: a plan kept per rules' outcome (ADR 0008).
const writer = new RefsWriter(core.assessor);
const served = run('RefsWriter.writeBytes (view=refs, as served)', 50_000, (i) => writer.writeBytes(profiles[i]!, asOf));
console.log(`  ${writer.size} plans kept for ${profiles.length} profiles (${writer.stats.built} built, ${writer.stats.reused} reused)`);
// The cold path: one plan kept, so nearly every outcome's plan is built again.
const cold = new RefsWriter(core.assessor, 1);
run('RefsWriter, 1 plan kept (plans rebuilt: cold)', 20_000, (i) => cold.writeBytes(profiles[i]!, asOf));
run('assess() + compactAssessmentJson (view=compact)', 20_000, (i) => compactAssessmentJson(core.assessor.assess(profiles[i]!, { asOf })));
run('assess() for view=summary (parts skipped)', 30_000, (i) => core.assessor.assess(profiles[i]!, { asOf, skip: SUMMARY_SKIPS }).obligations);
console.log(`\nassess() is ${(base / full).toFixed(1)}x the cost of the JSON round trip; target >= 20000/s: ${full >= 20000 ? 'met' : 'NOT met'} (${full}/s); with JSON.stringify ${ser}/s, with the shared-piece serialiser ${shared}/s; rules alone ${ev}/s; the default view as served ${served}/s`);
