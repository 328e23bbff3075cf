import { readFileSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { createSchema } from 'graphql-yoga';
import type { RegkgContext } from './context.js';
import { resolvers } from './resolvers.js';
import { DateScalar, JsonScalar } from './scalars.js';

/** The hand-written SDL (reviewable); docs/schema.graphql is generated from the executable schema built here. */
export const TYPE_DEFS = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

let built: GraphQLSchema | undefined;

/** The executable schema. It does not depend on a knowledge version: resolvers reach the core through the context. */
export function regkgSchema(): GraphQLSchema {
  built ??= createSchema<RegkgContext>({
    typeDefs: TYPE_DEFS,
    resolvers: { ...resolvers, Date: DateScalar, JSON: JsonScalar },
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  return built;
}
