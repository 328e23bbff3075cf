/**
 * Where the bytes of a full assessment reply go, over the same 500-profile mix the HTTP bench sends.
 * Run: npx tsx bench/size-breakdown.ts
 */
import { createCore } from '../src/core.js';
import { makeProfiles } from './profiles.js';
import { assessmentJson } from '../src/domain/shared-json.js';
import { compactAssessmentJson } from '../src/domain/assessment-compact.js';
import { summaryOf } from '../src/domain/assessment-summary.js';

const core = createCore();
const profiles = makeProfiles(500).map((p) => core.validateProfile(p));
const sizes = new Map<string, number>();
let total = 0;
let compact = 0;
let summary = 0;
const add = (k: string, v: unknown): void => {
  const n = Buffer.byteLength(JSON.stringify(v) ?? '');
  sizes.set(k, (sizes.get(k) ?? 0) + n);
};
for (const p of profiles) {
  const assessment = core.assessor.assess(p, { asOf: '2026-11-28' });
  const json = assessmentJson(assessment);
  compact += Buffer.byteLength(compactAssessmentJson(assessment));
  summary += Buffer.byteLength(JSON.stringify(summaryOf(assessment)));
  total += Buffer.byteLength(json);
  const a = JSON.parse(json) as Record<string, unknown>;
  for (const [k, v] of Object.entries(a)) {
    if (k === 'obligations') {
      for (const o of v as Record<string, unknown>[]) for (const [ok, ov] of Object.entries(o)) add(`obligations[].${ok}`, ov);
    } else add(k, v);
  }
}
const rows = [...sizes].sort((x, y) => y[1] - x[1]);
const kib = (n: number): string => (n / profiles.length / 1024).toFixed(1);
console.log(`average reply: full ${kib(total)} KiB, view=compact ${kib(compact)} KiB, view=summary ${kib(summary)} KiB\nfull reply by field:`);
for (const [k, n] of rows) console.log(`${k.padEnd(32)} ${(n / profiles.length / 1024).toFixed(2).padStart(7)} KiB  ${((100 * n) / total).toFixed(1).padStart(5)} %`);
