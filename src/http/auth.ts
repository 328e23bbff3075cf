import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import { RegkgError } from '../errors.js';

/** Roles, weakest first: each includes the ones before it. */
export const ROLES = ['reader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** Recorded in the audit log: the key's name, or `key-<first 8 hex of its SHA-256>`; never the key. */
  id: string;
  role: Role;
}

interface KeyEntry {
  role: Role;
  id: string;
}

export const MIN_KEY_LENGTH = 16;

const digest = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * Parses REGKG_API_KEYS: `key:role[:name]` entries separated by commas, e.g.
 * `3f9c...e1:admin:ops,77aa...90:reader:dashboard`. Keys are held as SHA-256 digests only.
 */
export function parseApiKeys(spec: string | undefined): Map<string, KeyEntry> {
  const keys = new Map<string, KeyEntry>();
  const entries = (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const [i, entry] of entries.entries()) {
    const [key = '', role = '', name, ...rest] = entry.split(':');
    const where = `REGKG_API_KEYS entry ${i + 1}`;
    const fail = (why: string): never => {
      throw new RegkgError('CONFIG_INVALID', { detail: `${where}: ${why}` });
    };
    if (rest.length > 0) fail('expected key:role or key:role:name');
    if (key.length < MIN_KEY_LENGTH) fail(`a key needs at least ${MIN_KEY_LENGTH} characters`);
    if (!(ROLES as readonly string[]).includes(role)) fail(`unknown role "${role}"; allowed: ${ROLES.join(', ')}`);
    if (name !== undefined && !/^[A-Za-z0-9._@-]{1,64}$/.test(name)) fail('a name has 1-64 letters, digits or . _ @ -');
    const d = digest(key);
    if (keys.has(d)) fail('the same key is listed twice');
    keys.set(d, { role: role as Role, id: name ?? `key-${d.slice(0, 8)}` });
  }
  return keys;
}

export function hasRole(actor: Actor, role: Role): boolean {
  return ROLES.indexOf(actor.role) >= ROLES.indexOf(role);
}

/**
 * How register requests are authenticated (see docs/adr/0003-register-auth.md):
 * - `keys`: API keys from REGKG_API_KEYS, sent as `X-API-Key` or `Authorization: Bearer`;
 * - `open`: no keys and REGKG_STORE=memory: a throw-away local register, every caller is the `local` admin;
 * - `closed`: no keys and a persistent store: every register request is refused with 401.
 */
export type AuthMode = 'keys' | 'open' | 'closed';

export const LOCAL_ACTOR: Actor = { id: 'local', role: 'admin' };

export class RegisterAuth {
  readonly mode: AuthMode;
  private readonly keys: Map<string, KeyEntry>;

  constructor(config: Pick<Config, 'REGKG_API_KEYS' | 'REGKG_STORE'>) {
    this.keys = parseApiKeys(config.REGKG_API_KEYS);
    this.mode = this.keys.size > 0 ? 'keys' : config.REGKG_STORE === 'memory' ? 'open' : 'closed';
  }

  /** The credential a request carries, if any. */
  static credentialOf(headers: IncomingHttpHeaders): string | undefined {
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey;
    const authz = headers.authorization;
    const m = typeof authz === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authz) : null;
    return m ? m[1] : undefined;
  }

  /** Who sent the request: undefined without a credential; 401 for a credential that matches no key. */
  identify(headers: IncomingHttpHeaders): Actor | undefined {
    if (this.mode === 'open') return LOCAL_ACTOR;
    const credential = RegisterAuth.credentialOf(headers);
    if (credential === undefined) return undefined;
    const entry = this.keys.get(digest(credential));
    if (!entry) throw new RegkgError('UNAUTHENTICATED');
    return { id: entry.id, role: entry.role };
  }

  /** The actor, if it holds `role`: 401 without a (valid) credential, 403 with too weak a role. */
  authorize(headers: IncomingHttpHeaders, role: Role): Actor {
    const actor = this.identify(headers);
    return this.check(actor, role);
  }

  check(actor: Actor | undefined, role: Role): Actor {
    if (!actor) throw new RegkgError('UNAUTHENTICATED');
    if (!hasRole(actor, role)) throw new RegkgError('FORBIDDEN', { role });
    return actor;
  }

  /** A preHandler that authorises the request for `role` and sets `request.actor`. */
  require(role: Role): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
    return async (req, reply) => {
      try {
        req.actor = this.authorize(req.headers, role);
      } catch (e) {
        if (e instanceof RegkgError && e.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer realm="regkg-register"');
        throw e;
      }
    };
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}
