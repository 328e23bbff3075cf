import type { z } from 'zod';
import { RegkgError } from '../errors.js';

/** Turns zod issues into one problem: the first offending field, its allowed values, and every issue. */
export function validationError(issues: readonly z.core.$ZodIssue[], prefix = ''): RegkgError {
  const errors = issues.map((i) => {
    const field = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    const allowed = 'values' in i && Array.isArray(i.values) ? (i.values as unknown[]).map(String) : undefined;
    const keys = i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys : undefined;
    const message = keys ? `unknown field(s) ${keys.join(', ')}` : i.message;
    return { field: keys ? [field, keys[0]].filter(Boolean).join('.') : field, message, ...(allowed ? { allowed } : {}) };
  });
  const first = errors[0]!;
  if (first.allowed) {
    const issue = issues[0] as { input?: unknown };
    return new RegkgError('UNKNOWN_ID', { value: JSON.stringify(issue.input ?? null), field: first.field || '(body)' }, { field: first.field, allowed: first.allowed, errors });
  }
  return new RegkgError('VALIDATION', { detail: `${first.field || '(body)'}: ${first.message}` }, { field: first.field, errors });
}

export function parseWith<T>(schema: z.ZodType<T>, input: unknown, prefix = ''): T {
  const r = schema.safeParse(input, { reportInput: true });
  if (!r.success) throw validationError(r.error.issues, prefix);
  return r.data;
}
