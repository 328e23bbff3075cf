import type { FastifyInstance } from 'fastify';
import type { SystemRegister } from '../store/system-register.js';

/**
 * Liveness and readiness. Ready means the knowledge graph is loaded (the SPARQL workers load their own stores). The register's state is
 * reported too, but does not make a replica unready: with the register store down the knowledge graph still answers
 * (register calls get 503), so a load balancer should keep sending it traffic.
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    // The knowledge graph is loaded before the app is built; an empty graph (a broken deployment) is not ready.
    const ok = app.core.k.quads.length > 0;
    if (!ok) reply.code(503);
    const register = (app as FastifyInstance & { systemRegister?: SystemRegister }).systemRegister;
    let registerState: 'ok' | 'unavailable' | undefined;
    if (register) {
      const probe = register.store.counts().then(
        () => 'ok' as const,
        () => 'unavailable' as const,
      );
      const timeout = new Promise<'unavailable'>((resolve) => setTimeout(() => resolve('unavailable'), 1000).unref());
      registerState = await Promise.race([probe, timeout]);
    }
    return { status: ok ? 'ready' : 'not-ready', knowledgeVersion: app.core.k.version, ...(registerState ? { register: registerState } : {}) };
  });
}
