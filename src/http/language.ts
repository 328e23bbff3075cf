import type { FastifyRequest } from 'fastify';
import { LANGS, type Lang } from '../graph/graph-view.js';

/** The response language: `lang` if given, else the best of Accept-Language among en, fr, de; else en. */
export function negotiateLang(req: FastifyRequest, explicit?: string): Lang {
  if (explicit && (LANGS as readonly string[]).includes(explicit)) return explicit as Lang;
  const header = String(req.headers['accept-language'] ?? '');
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((x) => x.trim().startsWith('q='));
      return { lang: (tag ?? '').slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => (LANGS as readonly string[]).includes(x.lang) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Lang | undefined) ?? 'en';
}
