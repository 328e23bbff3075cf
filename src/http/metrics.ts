import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics at /metrics: default process metrics plus request counts and durations per route. Not
 * encapsulated (fastify-plugin): its hook must see every route of the app, not only its own.
 */
export const metricsPlugin = fp(metrics, { name: 'regkg-metrics' });

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus registry /metrics serves: adapters add their own metrics to it. */
    metrics: Registry;
  }
}

async function metrics(app: FastifyInstance): Promise<void> {
  const registry = new Registry();
  app.decorate('metrics', registry);
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'regkg_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'regkg_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  // Each label set's series looked up once (prom-client hashes the labels on every call otherwise). Bounded by the
  // routes, methods and statuses this app has.
  const series = new Map<string, { count: { inc(): void }; time: { observe(v: number): void } }>();
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const key = `${req.method} ${reply.statusCode} ${route}`;
    let s = series.get(key);
    if (!s) {
      s = { count: requests.labels({ method: req.method, route, status: String(reply.statusCode) }), time: duration.labels({ method: req.method, route }) };
      if (series.size < 10_000) series.set(key, s);
    }
    s.count.inc();
    s.time.observe(reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
