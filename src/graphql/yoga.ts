import { NoSchemaIntrospectionCustomRule, type GraphQLError } from './graphql-js.js';
import { createYoga, useErrorHandler, type GraphiQLOptions, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { useGraphQlJit } from '@envelop/graphql-jit';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.js';
import type { Core } from '../core.js';
import { obligationQuery } from '../http/rest-schemas.js';
import type { RegkgContext, ServerContext } from './context.js';
import { useCostLimit } from './cost-limit.js';
import { useDepthLimit } from './depth-limit.js';
import { isUnexpected, maskError } from './errors.js';
import { regkgSchema } from './schema.js';
import { useResponsePlans, type KeptAnswerStats } from './response-plans.js';
import { DirectAnswers } from './direct-answers.js';

/** The character budget of kept GraphQL answers: 8 Mi characters, kept as text and as UTF-8 (~16 MiB for ASCII). */
export const KEPT_ANSWER_CHARS = 8 * 1024 * 1024;

export const GRAPHQL_PATH = '/graphql';

export type GraphqlSettings = Pick<Config, 'REGKG_GRAPHQL_MAX_DEPTH' | 'REGKG_GRAPHQL_MAX_COST' | 'REGKG_GRAPHQL_INTROSPECTION' | 'REGKG_GRAPHQL_KEPT_ANSWERS'>;

export type RegkgYoga = YogaServerInstance<ServerContext, Omit<RegkgContext, keyof ServerContext | 'request'>> & {
  /** Answers kept and reused (ADR 0009), for tests and the bench. */
  readonly keptAnswers: KeptAnswerStats;
  /** The route's direct path to kept answers (ADR 0011). */
  readonly direct: DirectAnswers;
};

/**
 * Introspection switched off: `__schema` / `__type` are refused (GraphQL's own rule), and validation errors
 * carry no "Did you mean ...?" suggestions, which would otherwise spell out the schema field by field.
 */
function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule, validateFn, setValidationFn }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
      setValidationFn((schema, doc, rules, options, typeInfo) => validateFn(schema, doc, rules, { ...options, hideSuggestions: true }, typeInfo));
    },
  };
}

/** Logs unexpected errors once, with the request's logger (its request id), before they are masked. */
function useUnexpectedErrorLog(log: FastifyBaseLogger) {
  return useErrorHandler<RegkgContext>(({ errors, context, phase }) => {
    for (const err of errors as readonly GraphQLError[]) {
      if (isUnexpected(err)) ((context as Partial<RegkgContext>).req?.log ?? log).error({ err: err.originalError ?? err, phase, path: err.path }, 'unexpected GraphQL error');
    }
  });
}

/**
 * The GraphQL server over one core: the regkg schema, masked errors with the catalogue's codes, depth and cost
 * limits, introspection and GraphiQL unless switched off. CORS, body size and rate limits are fastify's.
 */
export function createRegkgYoga(core: Core, settings: GraphqlSettings, log: FastifyBaseLogger): RegkgYoga {
  const ObligationQuery = obligationQuery(core);
  const schema = regkgSchema();
  const plans = useResponsePlans(core, schema, { maxEntries: settings.REGKG_GRAPHQL_KEPT_ANSWERS, maxChars: KEPT_ANSWER_CHARS });
  const yoga = createYoga<ServerContext, Omit<RegkgContext, keyof ServerContext | 'request'>>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: () => ({ core, obligationQuery: ObligationQuery, langs: new Map() }),
    graphiql: settings.REGKG_GRAPHQL_INTROSPECTION ? { title: 'regkg GraphQL', defaultQuery: DEFAULT_QUERY } : false,
    // GraphiQL with its assets bundled (no CDN: regkg must work on a closed network). The bundle holds ~60 MiB once
    // loaded: it is loaded when a browser first asks for the page, not by API clients.
    renderGraphiQL: async (opts: GraphiQLOptions) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(opts),
    landingPage: false,
    cors: false,
    maskedErrors: { maskError },
    // yoga logs each error it masks; the plugin below logs unexpected ones with the request id instead.
    logging: {
      debug: (...args) => log.debug(args.length === 1 ? args[0] : args),
      info: (...args) => log.info(args.length === 1 ? args[0] : args),
      warn: (...args) => log.warn(args.length === 1 ? args[0] : args),
      error: (...args) => log.debug({ yoga: args.map((a) => (a instanceof Error ? a.stack : String(a))) }, 'graphql error (masked)'),
    },
    plugins: [
      // Compiled execution (graphql-jit): the same results, several times faster on large answers such as assess.
      useGraphQlJit(),
      useDepthLimit(settings.REGKG_GRAPHQL_MAX_DEPTH),
      useCostLimit(settings.REGKG_GRAPHQL_MAX_COST),
      ...(settings.REGKG_GRAPHQL_INTROSPECTION ? [] : [useNoIntrospection()]),
      useUnexpectedErrorLog(log),
      // Last: it sees only operations every check above has let through.
      // Kept answers of a request shape yoga has answered are then sent by the route without entering yoga
      // (ADR 0011): a plugin added here that must see every request (authorisation, tracing, per-operation metrics)
      // must be given to that path too, or the path switched off.
      plans,
    ],
  });
  return Object.assign(yoga, { keptAnswers: plans.stats, direct: new DirectAnswers(plans.lookup) });
}

const DEFAULT_QUERY = `# regkg: the EU AI Act as a knowledge graph. Try:
query CvScreeningDeployer {
  assess(profile: { name: "CV screener", roles: ["deployer"], annexIIIUseCases: ["annex-iii-4a"], deployerContext: ["employer-workplace"] }) {
    riskClasses
    obligations { id label appliesFrom legalBasis { article paragraph eurLex } because { rule label } }
  }
}
`;
