import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from './context.js';
import type { DirectAnswer } from './direct-answers.js';
import { keptAnswerOf, type KeptReply } from './response-plans.js';

/** The part of a yoga server the route needs (a bare yoga works too: the benchmark's baseline uses one). */
export interface YogaLike {
  handleNodeRequestAndResponse(req: FastifyRequest, reply: FastifyReply, ctx: ServerContext): Response | Promise<Response>;
  /** The direct path of kept answers (ADR 0011): regkg's yoga has one. */
  direct?: {
    answer(req: FastifyRequest): DirectAnswer | undefined;
    learn(req: FastifyRequest, headers: Headers, kept: KeptReply): void;
  };
}

/**
 * GraphiQL is served with its assets inlined (@graphql-yoga/render-graphiql): it needs inline scripts, styles and
 * blob workers, which helmet's policy for the rest of the site does not allow, so the GraphiQL page gets this one.
 */
const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
].join('; ');

const STREAMED = /^(text\/event-stream|multipart\/mixed)/;

/**
 * Mounts a yoga server on a fastify route, as yoga's Fastify integration does: yoga handles the Node request,
 * its Response's status and headers are copied to the reply. A regular (non-streamed) body is sent as one string.
 */
export function mountYoga(app: FastifyInstance, yoga: YogaLike, url: string): void {
  // `application/graphql` bodies are accepted as text here only (this plugin's encapsulated scope).
  app.addContentTypeParser('application/graphql', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.route({
    url,
    method: ['GET', 'POST'],
    schema: { hide: true },
    handler: async (req, reply) => {
      const direct = yoga.direct?.answer(req);
      if (direct) {
        reply.status(200);
        for (const [name, value] of direct.headers) reply.header(name, value);
        return reply.send(direct.bytes);
      }
      const response = await yoga.handleNodeRequestAndResponse(req, reply, { req, reply });
      reply.status(response.status);
      response.headers.forEach((value, key) => {
        reply.header(key, value);
      });
      const type = response.headers.get('content-type') ?? '';
      if (type.startsWith('text/html')) reply.header('content-security-policy', GRAPHIQL_CSP);
      if (response.body === null) return reply.send();
      if (STREAMED.test(type)) return reply.send(response.body);
      // JSON and HTML: yoga's body is a string. A kept answer (ADR 0009) has its UTF-8 bytes ready: sent when the
      // body is that very text (one pointer comparison), so nothing is encoded again; the request's shape is then
      // learnt for the direct path above (ADR 0011).
      const text = await response.text();
      const kept = keptAnswerOf.get(reply);
      if (kept === undefined || kept.answer.text !== text) return reply.send(text);
      if (response.status === 200) yoga.direct?.learn(req, response.headers, kept);
      return reply.send(kept.answer.bytes);
    },
  });
}
