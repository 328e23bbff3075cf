import type { FastifyInstance } from 'fastify';
import { graphqlPlugin } from './graphql/plugin.js';
import { sparqlPlugin } from './sparql/plugin.js';
import { linkedDataPlugin } from './http/linked-data.js';
import { exportsPlugin } from './http/exports.js';
import { webPlugin } from './web/plugin.js';

/** Adapters mounted next to the REST API, each a plugin over the shared core. */
export const optionalPlugins: ((app: FastifyInstance) => Promise<void>)[] = [
  graphqlPlugin,
  sparqlPlugin,
  exportsPlugin,
  linkedDataPlugin,
  webPlugin,
];
