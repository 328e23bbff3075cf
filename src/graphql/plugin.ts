import type { FastifyInstance } from 'fastify';
import { mountYoga, type YogaLike } from './fastify-route.js';

export const GRAPHQL_PATH = '/graphql';

/**
 * GraphQL at /graphql (GET and POST; GraphiQL for browsers), a thin adapter over the shared core.
 * yoga, graphql-jit and GraphiQL are loaded on first use: they cost ~0.7 s and ~120 MB, which neither readiness
 * nor a deployment that never uses GraphQL should pay. The first GraphQL request waits for them.
 */
export async function graphqlPlugin(app: FastifyInstance): Promise<void> {
  let yoga: Promise<YogaLike> | undefined;
  const load = (): Promise<YogaLike> => (yoga ??= import('./yoga.js').then((m) => m.createRegkgYoga(app.core, app.config, app.log)));
  mountYoga(app, { handleNodeRequestAndResponse: async (req, reply, ctx) => (await load()).handleNodeRequestAndResponse(req, reply, ctx) }, GRAPHQL_PATH);
}
