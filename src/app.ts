import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { randomUUID } from 'node:crypto';
import type { Config } from './config/config.js';
import { createCore, type Core } from './core.js';
import { RegkgError } from './errors.js';
import { sendProblem, toRegkgError } from './http/problem.js';
import { openapiPlugin } from './http/openapi.js';
import { restRoutes } from './http/rest-routes.js';
import { registerRoutes } from './http/register-routes.js';
import type { RegisterStore } from './store/register-store.js';
import { planRoutes } from './http/plan-routes.js';
import { metricsPlugin } from './http/metrics.js';
import { healthRoutes } from './http/health.js';
import { securityHeaders } from './http/security-headers.js';
import { optionalPlugins } from './plugins.js';

export interface BuildOptions {
  config: Config;
  core?: Core;
  /** The system register's store; default: the one REGKG_STORE selects, opened and closed by the app. */
  registerStore?: RegisterStore;
}

declare module 'fastify' {
  interface FastifyInstance {
    core: Core;
    config: Config;
  }
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/**
 * The access log: one line per request, fastify's own `request completed` (or `request errored`) line with the request
 * added (method, URL), which fastify writes on a separate `incoming request` line, dropped here. Under load
 * (15,000 requests a second) the pair held 20-200 MiB more RSS, varying from run to run, than a single line does
 * (bench/README.md).
 */
class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** Builds the application: registers plugins and routes, never listens (tests call this directly). */
export async function buildApp({ config, core = createCore(), registerStore }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.LOG_LEVEL === 'silent' ? false : { level: config.LOG_LEVEL },
    bodyLimit: config.REGKG_BODY_LIMIT,
    logController: new AccessLog(),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
  });
  app.decorate('core', core);
  app.decorate('config', config);

  // Validation happens in the handlers with zod (one schema language); JSON Schemas are for OpenAPI only.
  app.setValidatorCompiler(() => () => true);
  // Profiles may come as JSON-LD: parsed like JSON everywhere (the @context is accepted and ignored).
  app.addContentTypeParser('application/ld+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // Callback-style hooks: an async hook costs a promise per request on every route.
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.url.length > config.REGKG_MAX_URL_LENGTH) return done(new RegkgError('URI_TOO_LONG', { limit: config.REGKG_MAX_URL_LENGTH }));
    done();
  });

  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    done(null, payload);
  });

  app.setErrorHandler((err, req, reply) => {
    const e = toRegkgError(err, req, config.REGKG_BODY_LIMIT);
    if (e.code === 'INTERNAL') req.log.error({ err }, 'unexpected error');
    return sendProblem(reply, e);
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const allowed = METHODS.filter((m) => m !== req.method && app.hasRoute({ method: m, url: path }));
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(reply, new RegkgError('METHOD_NOT_ALLOWED', { method: req.method, path }));
    }
    return sendProblem(reply, new RegkgError('NOT_FOUND', { path }));
  });

  securityHeaders(app);
  await app.register(cors, { origin: config.REGKG_CORS_ORIGINS.includes('*') ? true : config.REGKG_CORS_ORIGINS, exposedHeaders: ['etag', 'x-request-id', 'link'] });
  if (config.REGKG_RATE_LIMIT_MAX > 0) {
    await app.register(rateLimit, {
      max: config.REGKG_RATE_LIMIT_MAX,
      timeWindow: config.REGKG_RATE_LIMIT_WINDOW_MS,
      errorResponseBuilder: (_req, ctx) => new RegkgError('RATE_LIMITED', { retryAfter: ctx.after }),
    });
  }
  await app.register(metricsPlugin);
  await app.register(openapiPlugin);
  await app.register(healthRoutes);
  await app.register(restRoutes, { prefix: '/v1' });
  await app.register(registerRoutes, { store: registerStore });
  await app.register(planRoutes, { prefix: '/v1' });
  for (const plugin of optionalPlugins) await app.register(plugin);
  return app;
}
