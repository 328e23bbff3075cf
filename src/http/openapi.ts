import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/** OpenAPI 3.1 built from the routes' schemas (themselves generated from zod), at /openapi.json; Swagger UI at /docs. */
export const openapiPlugin = fp(async function openapi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'regkg API',
        version: '1.0.0',
        description:
          'The EU AI Act (Regulation (EU) 2024/1689, as amended) as a knowledge graph: assessments, obligations, provisions, vocabulary. Summaries are non-authoritative paraphrases; EUR-Lex holds the authoritative text.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'A key from REGKG_API_KEYS (roles reader < editor < admin)' },
          bearer: { type: 'http', scheme: 'bearer', description: 'The same key as a bearer token' },
        },
      },
      tags: [
        { name: 'assessment', description: 'Assess a described AI system' },
        { name: 'knowledge', description: 'Look up obligations, provisions and vocabulary' },
      ],
    },
  });
  // The register needs a key: its routes declare both ways of sending one. The knowledge graph stays open.
  app.addHook('onRoute', (route) => {
    if (/^\/v1\/(systems|audit)/.test(route.url) && route.schema && !route.schema.hide) {
      (route.schema as Record<string, unknown>).security = [{ apiKey: [] }, { bearer: [] }];
    }
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}, { name: 'regkg-openapi' });
