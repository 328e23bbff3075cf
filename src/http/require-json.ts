import type { FastifyRequest } from 'fastify';
import { RegkgError } from '../errors.js';

/**
 * Refuses a body that is not JSON with 415, naming the accepted types. Profiles may also come as JSON-LD
 * (`jsonLd: true`); the app parses `application/ld+json` like JSON.
 */
export function requireJson(req: FastifyRequest, { jsonLd = false }: { jsonLd?: boolean } = {}): void {
  const ct = String(req.headers['content-type'] ?? '');
  const ok = jsonLd ? /^application\/(ld\+)?json\b/i : /^application\/json\b/i;
  if (!ok.test(ct)) {
    throw new RegkgError('UNSUPPORTED_MEDIA_TYPE', { contentType: ct || '(none)', allowed: jsonLd ? 'application/json or application/ld+json' : 'application/json' });
  }
}
