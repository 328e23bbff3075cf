import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import type { Core } from '../core.js';
import type { Lang } from '../graph/graph-view.js';
import { negotiateLang } from '../http/language.js';
import type { obligationQuery } from '../http/rest-schemas.js';

/** What the fastify route hands to yoga with each request (absent under `yoga.fetch()`). */
export interface ServerContext {
  req?: FastifyRequest;
  reply?: FastifyReply;
}

/** The context every resolver sees. */
export interface RegkgContext extends ServerContext {
  core: Core;
  /** The REST query schema of GET /v1/obligations: GraphQL filters are validated by the very same zod schema. */
  obligationQuery: ReturnType<typeof obligationQuery>;
  /** The fetch Request yoga built (its headers drive language negotiation). */
  request: Request;
  /** The language chosen at each root field, by response key: nested resolvers answer in the same language. */
  langs: Map<string, Lang>;
}

function rootKey(info: GraphQLResolveInfo): string {
  let p = info.path;
  while (p.prev) p = p.prev;
  return String(p.key);
}

/** At a root field: the response language (explicit `lang`, else Accept-Language, else en), recorded for its subtree. */
export function rootLang(ctx: RegkgContext, info: GraphQLResolveInfo, explicit?: string | null): Lang {
  const lang = requestLang(ctx, explicit);
  ctx.langs.set(rootKey(info), lang);
  return lang;
}

/** The response language of a request: `explicit` if it is one, else Accept-Language, else en. */
export function requestLang(ctx: { req?: FastifyRequest; request?: Request }, explicit?: string | null): Lang {
  // negotiateLang reads only the Accept-Language header; yoga's Request carries it with or without fastify.
  const req = ctx.req ?? ({ headers: { 'accept-language': ctx.request?.headers.get('accept-language') ?? '' } } as FastifyRequest);
  return negotiateLang(req, explicit ?? undefined);
}

/** In a nested resolver: the language its root field chose. */
export function langAt(ctx: RegkgContext, info: GraphQLResolveInfo): Lang {
  return ctx.langs.get(rootKey(info)) ?? 'en';
}
