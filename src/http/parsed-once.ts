import type { z } from 'zod';
import { parseWith } from '../domain/validate.js';

/**
 * parseWith for query strings, keeping each string's parsed value (frozen) once it is valid: the same query string
 * always parses to the same value (the schemas compute nothing from the clock or the request). Bounded: past `max`
 * strings the oldest goes. Invalid queries are parsed every time, so their errors stay complete.
 */
export function parsedOnce<T extends object>(schema: z.ZodType<T>, max = 500): (url: string, query: unknown) => T {
  const kept = new Map<string, T>();
  return (url, query) => {
    const i = url.indexOf('?');
    const key = i < 0 ? '' : url.slice(i + 1);
    let v = kept.get(key);
    if (v === undefined) {
      v = Object.freeze(parseWith(schema, query));
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
      kept.set(key, v);
    }
    return v;
  };
}
