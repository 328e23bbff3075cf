import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';

/** The origin the server prints in links: REGKG_PUBLIC_BASE if set, else the origin the request came to. */
export function publicBase(req: FastifyRequest, config: Pick<Config, 'REGKG_PUBLIC_BASE'>): string {
  if (config.REGKG_PUBLIC_BASE) return config.REGKG_PUBLIC_BASE.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}
