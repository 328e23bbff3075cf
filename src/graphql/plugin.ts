import type { FastifyInstance } from 'fastify';
import { Counter } from 'prom-client';
import { mountYoga, type YogaLike } from './fastify-route.js';
import type { RegkgYoga } from './yoga.js';

export const GRAPHQL_PATH = '/graphql';

/**
 * GraphQL at /graphql (GET and POST; GraphiQL for browsers), a thin adapter over the shared core.
 * yoga, graphql-jit and GraphiQL are loaded on first use: they cost ~0.7 s and ~120 MB, which neither readiness
 * nor a deployment that never uses GraphQL should pay. The first GraphQL request waits for them.
 */
export async function graphqlPlugin(app: FastifyInstance): Promise<void> {
  let yoga: Promise<RegkgYoga> | undefined;
  let loaded: RegkgYoga | undefined;
  const load = (): Promise<RegkgYoga> => (yoga ??= import('./yoga.js').then((m) => (loaded = m.createRegkgYoga(app.core, app.config, app.log))));
  const route: YogaLike = {
    handleNodeRequestAndResponse: async (req, reply, ctx) => (await load()).handleNodeRequestAndResponse(req, reply, ctx),
    direct: {
      answer: (req) => loaded?.direct.answer(req),
      learn: (req, headers, kept) => loaded?.direct.learn(req, headers, kept),
    },
  };
  mountYoga(app, route, GRAPHQL_PATH);
  // Kept answers (ADR 0009, 0011), read when /metrics is scraped.
  new Counter({
    name: 'regkg_graphql_kept_answers_total',
    help: 'GraphQL answers kept (stored), and sent again through yoga (yoga) or by the route directly (direct)',
    labelNames: ['path'],
    registers: [app.metrics],
    collect() {
      const stats = loaded?.keptAnswers;
      this.reset();
      if (!stats) return;
      this.inc({ path: 'stored' }, stats.kept);
      this.inc({ path: 'yoga' }, stats.reused);
      this.inc({ path: 'direct' }, stats.direct);
    },
  });
}
