import type { FastifyInstance } from 'fastify';
import { mountYoga } from './fastify-route.js';
import { GRAPHQL_PATH, createRegkgYoga } from './yoga.js';

/** GraphQL at /graphql (GET and POST; GraphiQL for browsers), a thin adapter over the shared core. */
export async function graphqlPlugin(app: FastifyInstance): Promise<void> {
  mountYoga(app, createRegkgYoga(app.core, app.config, app.log), GRAPHQL_PATH);
}
