import { createHash } from 'node:crypto';

/** A quoted strong ETag from the parts that identify one state of a resource (deterministic: safe to recompute). */
export function etagOf(...parts: (string | number)[]): string {
  return `"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 22)}"`;
}

/**
 * Whether an If-Match header value matches the current ETag (RFC 9110 §13.1.1: strong comparison,
 * `*` matches any current representation, a list matches if any member does; weak tags never match).
 */
export function ifMatchMatches(header: string, etag: string): boolean {
  const value = header.trim();
  if (value === '*') return true;
  return value
    .split(',')
    .map((t) => t.trim())
    .some((t) => !t.startsWith('W/') && t === etag);
}

/** Canonical JSON (sorted keys) for hashing requests and assessments. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
