/**
 * A GraphQL input value as plain JSON for the core's zod schemas: GraphQL hands over null-prototype objects
 * and explicit nulls (clients send `null` for "not given"); the profile contract has no nulls, so they go.
 */
export function plainInput(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainInput);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = plainInput(v);
  return out;
}
