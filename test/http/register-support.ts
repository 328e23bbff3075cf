import type { FastifyInstance, InjectOptions } from 'fastify';
import { testApp } from '../support/app.js';

export const KEYS = {
  admin: 'admin-key-0123456789abcdef',
  editor: 'editor-key-0123456789abcdef',
  reader: 'reader-key-0123456789abcdef',
};
export const API_KEYS = `${KEYS.admin}:admin:alice,${KEYS.editor}:editor:bob,${KEYS.reader}:reader:carol`;

/** An app with an in-memory register and three keys (alice admin, bob editor, carol reader). */
export function registerApp(): Promise<FastifyInstance> {
  return testApp({ REGKG_STORE: 'memory', REGKG_API_KEYS: API_KEYS });
}

type Who = keyof typeof KEYS | 'nobody';

/** app.inject with a role's key (X-API-Key) and JSON bodies. */
export function call(app: FastifyInstance, who: Who, opts: InjectOptions & { json?: unknown }) {
  const { json, ...rest } = opts;
  const headers: Record<string, string> = { ...(rest.headers as Record<string, string> | undefined) };
  if (who !== 'nobody') headers['x-api-key'] = KEYS[who];
  if (json !== undefined) headers['content-type'] = 'application/json';
  return app.inject({ ...rest, headers, ...(json !== undefined ? { payload: JSON.stringify(json) } : {}) });
}

export async function createSystem(app: FastifyInstance, profile: unknown, asOf = '2026-01-01') {
  const res = await call(app, 'editor', { method: 'POST', url: '/v1/systems', json: { profile, asOf } });
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return { id: res.json().id as string, etag: String(res.headers.etag), body: res.json() };
}
