import { z } from 'zod';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Knowledge, ProfileField } from '../graph/knowledge.js';
import type { FactValue, Facts } from '../rules/evaluator.js';
import { IsoDate } from '../rules/rule-schema.js';

/** A system profile as received (contract v1). Its shape is built from ontology/profile-fields.ttl. */
export type Profile = Record<string, unknown> & { name: string; roles: string[] };

/** The ids a profile field accepts (concepts of its scheme that a profile may state). */
export function allowedValues(k: Knowledge, field: ProfileField): string[] {
  if (!field.scheme) return [];
  const scheme = k.schemes.get(field.scheme);
  if (!scheme) return [];
  return scheme.concepts.filter((id) => !k.conceptById.get(`${field.scheme}/${id}`)?.derivedOnly);
}

function leafSchema(k: Knowledge, f: ProfileField): z.ZodType {
  switch (f.valueType) {
    case 'String':
      return f.required ? z.string().min(1).max(500) : z.string().max(10_000);
    case 'Boolean':
      return z.boolean();
    case 'Number':
      return z.number().nonnegative();
    case 'Date':
      return IsoDate;
    case 'LanguageSet':
      return z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'expected a BCP 47 language tag such as lb or de-LU')).max(100);
    case 'Concept':
    case 'ConceptSet': {
      const ids = allowedValues(k, f);
      const e = z.enum(ids as [string, ...string[]]);
      if (f.valueType === 'Concept') return e;
      const arr = z.array(e).max(ids.length * 2);
      return f.minItems ? arr.min(f.minItems) : arr;
    }
    default:
      throw new Error(`profile field ${f.path} has unknown value type ${f.valueType}`);
  }
}

/** The zod schema of a profile, generated from the knowledge graph's field descriptions. */
export function buildProfileSchema(k: Knowledge): z.ZodObject {
  const top: Record<string, z.ZodType> = {};
  const objects = new Map<string, Record<string, z.ZodType>>();
  for (const f of k.fields) {
    const [head, sub] = f.path.split('.') as [string, string | undefined];
    if (sub) {
      const shape = objects.get(head) ?? {};
      const s = leafSchema(k, f);
      shape[sub] = f.required ? s : s.optional();
      objects.set(head, shape);
    }
  }
  for (const f of k.fields) {
    if (f.path.includes('.')) continue;
    const s = f.valueType === 'Object' ? z.strictObject(objects.get(f.path) ?? {}) : leafSchema(k, f);
    top[f.path] = (f.required ? s : s.optional()).describe(f.question.en);
  }
  // A profile may come as JSON-LD: its keywords are accepted and ignored.
  top['@context'] = z.unknown().optional();
  top['@type'] = z.unknown().optional();
  top['@id'] = z.string().optional();
  return z.strictObject(top);
}

/**
 * A fast yes/no check of a profile: the JSON Schema generated from the zod schema (as for OpenAPI), compiled by ajv.
 * A profile it accepts is one zod accepts as is (the profile schema has no defaults or transforms, so zod's output
 * would be an equal copy); anything it refuses is handed to zod, which gives the error. zod stays the one schema
 * language: this is derived from it, never written by hand. A test feeds both thousands of valid and broken
 * profiles and requires the same verdict.
 */
export function profileCheck(schema: z.ZodObject): (input: unknown) => input is Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
  // String lengths: ajv counts code points by default, as zod 4 does (a test checks with emoji).
  // `format: date` comes with the pattern zod writes for real calendar dates: the pattern is the check.
  const ajv = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true, formats: { date: true } });
  return ajv.compile(json) as unknown as (input: unknown) => input is Record<string, unknown>;
}

const pathsOf = new WeakMap<Knowledge, (ProfileField & { head: string; sub: string | undefined })[]>();

/** The profile fields with their paths split once per knowledge version ('annexIProduct.legislation' → head, sub). */
function fieldPaths(k: Knowledge): (ProfileField & { head: string; sub: string | undefined })[] {
  let list = pathsOf.get(k);
  if (!list) {
    list = k.fields.map((f) => {
      const [head, sub] = f.path.split('.') as [string, string | undefined];
      return { ...f, head, sub };
    });
    pathsOf.set(k, list);
  }
  return list;
}

/** Reduces a validated profile to facts for the evaluator (defaults applied, absent = unknown). */
export function toFacts(k: Knowledge, profile: Record<string, unknown>): Map<string, FactValue> {
  const facts = new Map<string, FactValue>();
  for (const f of fieldPaths(k)) {
    const { head, sub } = f;
    const raw = sub ? (profile[head] as Record<string, unknown> | undefined)?.[sub] : profile[head];
    let v: FactValue | undefined;
    if (raw === undefined || raw === null) {
      if (f.defaultValue !== undefined) v = f.defaultValue;
    } else if (f.valueType === 'ConceptSet' || f.valueType === 'LanguageSet') v = new Set(raw as string[]);
    else if (f.valueType === 'Concept') v = new Set([raw as string]);
    else if (f.valueType === 'Object') v = true;
    else v = raw as FactValue;
    if (v !== undefined) facts.set(f.path, v);
  }
  return facts;
}

export type { Facts };
