import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { REPO_ROOT } from '../../src/graph/source-files.js';

const Date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const CaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  provisions: z.array(z.string()).min(1),
  asOf: Date.optional(),
  profile: z.record(z.string(), z.unknown()),
  expect: z.strictObject({
    inScope: z.boolean().optional(),
    riskClasses: z.array(z.string()).optional(),
    lawVersion: z.string().optional(),
    obligations: z.strictObject({ includes: z.array(z.string()).optional(), excludes: z.array(z.string()).optional() }).optional(),
    appliesFrom: z.record(z.string(), Date).optional(),
    inForce: z.record(z.string(), z.boolean()).optional(),
    notApplicable: z.array(z.string()).optional(),
    rulesFired: z.array(z.string()).optional(),
    warnings: z.number().int().min(0).optional(),
    questions: z.array(z.string()).optional(),
    error: z.string().optional(),
  }),
});
export type Case = z.infer<typeof CaseSchema> & { file: string };

export const DEFAULT_AS_OF = '2026-11-28';

/** Every conformance case under rules/cases/, validated. */
export function loadCases(): Case[] {
  const dir = join(REPO_ROOT, 'rules/cases');
  const out: Case[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { cases: unknown[] };
    for (const raw of doc.cases) out.push({ ...CaseSchema.parse(raw), file });
  }
  return out;
}
