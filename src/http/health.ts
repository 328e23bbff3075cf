import type { FastifyInstance } from 'fastify';

/** Liveness and readiness. Ready means the knowledge graph is loaded and the store answers. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const ok = app.core.store.query('ASK { ?s ?p ?o }', { use_default_graph_as_union: true }) === true;
    if (!ok) reply.code(503);
    return { status: ok ? 'ready' : 'not-ready', knowledgeVersion: app.core.k.version };
  });
}
