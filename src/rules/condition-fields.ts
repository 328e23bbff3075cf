import { NS } from '../graph/namespaces.js';
import type { Condition } from './rule-schema.js';

/** Profile field paths a condition reads, in first-use order. */
export function conditionFields(c: Condition, out: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => conditionFields(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionFields(x, out));
  else if ('not' in c) conditionFields(c.not, out);
  else if ('field' in c && !out.includes(c.field)) out.push(c.field);
  return out;
}

/** Derived conditions a condition refers to. */
export function derivedRefs(c: Condition, out: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => derivedRefs(x, out));
  else if ('any' in c) c.any.forEach((x) => derivedRefs(x, out));
  else if ('not' in c) derivedRefs(c.not, out);
  else if ('derived' in c && !out.includes(c.derived)) out.push(c.derived);
  return out;
}

/** Resolves a provision reference written in a rule (`art_6/par_2`) to its IRI. */
export function provisionRef(ref: string): string {
  return /^https?:\/\//.test(ref) ? ref : `${NS.aia}${ref}`;
}
