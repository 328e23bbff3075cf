import { z } from 'zod';

/** A calendar date, YYYY-MM-DD: the day must exist (2026-02-30 does not; 2028-02-29 does). */
export const IsoDate = z.iso.date({ message: 'expected a date YYYY-MM-DD' });

/** Id of a condition, rule, concept or collection: kebab-case. */
const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id');

/** Dotted path of a profile field, e.g. `annexIProduct.legislation`. */
const FieldPath = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)?$/, 'expected a profile field path');

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { derived: string }
  | { field: string; has: string }
  | { field: string; hasAny: string[] }
  | { field: string; memberOf: string }
  | { field: string; is: boolean }
  | { field: string; present: boolean }
  | { field: string; nonEmpty: boolean }
  | { field: string; gt: number }
  | { field: string; gte: number }
  | { field: string; lt: number }
  | { field: string; lte: number }
  | { field: string; before: string }
  | { field: string; onOrAfter: string };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
    z.strictObject({ derived: Id }),
    z.strictObject({ field: FieldPath, has: Id }),
    z.strictObject({ field: FieldPath, hasAny: z.array(Id).min(1) }),
    z.strictObject({ field: FieldPath, memberOf: Id }),
    z.strictObject({ field: FieldPath, is: z.boolean() }),
    z.strictObject({ field: FieldPath, present: z.boolean() }),
    z.strictObject({ field: FieldPath, nonEmpty: z.boolean() }),
    z.strictObject({ field: FieldPath, gt: z.number() }),
    z.strictObject({ field: FieldPath, gte: z.number() }),
    z.strictObject({ field: FieldPath, lt: z.number() }),
    z.strictObject({ field: FieldPath, lte: z.number() }),
    z.strictObject({ field: FieldPath, before: IsoDate }),
    z.strictObject({ field: FieldPath, onOrAfter: IsoDate }),
  ]),
);

/** Text in English, optionally also in French and German: a plain string is English. */
export const LocalText = z.union([z.string().min(1), z.strictObject({ en: z.string().min(1), fr: z.string().min(1).optional(), de: z.string().min(1).optional() })]);
export type LocalText = z.infer<typeof LocalText>;

export const RuleSchema = z.strictObject({
  id: Id,
  label: LocalText,
  /** Provisions the rule implements: refs relative to the act (`art_6/par_2`) or full IRIs. */
  provisions: z.array(z.string().min(1)).min(1),
  /**
   * Law versions in which the rule holds, with the date from which its conclusions hold under each.
   * Omitted: the rule holds in every version, with no date of its own.
   */
  effective: z.record(Id, IsoDate).optional(),
  when: ConditionSchema,
  derive: z.array(Id).default([]),
  notApplicable: z.strictObject({ regime: z.string().min(1), reason: LocalText }).optional(),
  outOfScope: LocalText.optional(),
  warning: LocalText.optional(),
  note: z.string().optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const RuleFileSchema = z.strictObject({
  act: z.string().url().optional(),
  rules: z.array(RuleSchema).min(1),
});
