import type { FastifyRequest } from 'fastify';
import type { DocumentNode } from './graphql-js.js';
import type { KeptAnswer, KeptReply, KeyContext } from './response-plans.js';

/** The parameters of a GraphQL POST the direct path takes: a JSON object with these keys and no other. */
interface Params {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

const PARAMS: ReadonlySet<string> = new Set(['query', 'variables', 'operationName']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The parameters of a request, when it is a POST whose body fastify parsed into a JSON object holding a string
 * `query`, an object `variables` (or none) and a string `operationName` (or none), and nothing else; undefined for
 * anything else (GET, batches, extensions, another content type...), which yoga handles as always.
 */
function paramsOf(req: FastifyRequest): Params | undefined {
  if (req.method !== 'POST' || !isObject(req.body)) return undefined;
  const body = req.body;
  for (const k in body) if (!PARAMS.has(k)) return undefined;
  const { query, variables, operationName } = body;
  if (typeof query !== 'string') return undefined;
  if (variables != null && !isObject(variables)) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return { query, variables: variables ?? undefined, operationName: operationName ?? undefined };
}

/** Everything of a request besides its parameters that yoga reads before it executes: how the body and the answer are typed. */
const shapeKey = (p: Params, req: FastifyRequest): string => `${p.operationName ?? ''}\u0000${req.headers.accept ?? ''}\u0000${req.headers['content-type'] ?? ''}`;

/** A request shape yoga has answered with a kept answer: the document it parsed and the headers it sent. */
interface Route {
  doc: DocumentNode;
  headers: readonly (readonly [string, string])[];
}

export interface DirectAnswer {
  bytes: Buffer;
  headers: readonly (readonly [string, string])[];
}

export interface DirectAnswerOptions {
  /** Most query texts remembered (the oldest goes first). */
  maxQueries: number;
  /** Most characters of query text remembered in all; a query longer than a quarter of it is never remembered. */
  maxChars: number;
}

/** Most shapes (operation, Accept, Content-Type) remembered for one query text. */
const MAX_SHAPES_PER_QUERY = 16;

export const DIRECT_DEFAULTS: DirectAnswerOptions = { maxQueries: 256, maxChars: 1024 * 1024 };

/** The plugin's lookup: the kept answer for a request, by the key yoga's execution would compute. */
export type KeptLookup = (doc: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, ctx: KeyContext) => KeptAnswer | undefined;

/**
 * The direct path of kept answers (ADR 0011). Once yoga has answered a request with a kept answer (ADR 0009), the
 * request's shape is remembered: its query text, operation name, Accept and Content-Type. Everything yoga does
 * before execution (reading the parameters, parsing, validation, the depth and cost limits, choosing the result
 * processor) depends on that shape alone, or also on variables that the answer's key holds. A later request of the
 * same shape is then keyed exactly as yoga's execution keys it; when an answer is kept under that key, the route
 * sends it with the headers yoga sent, without building a fetch Request and Response or running the plugin
 * pipeline. Anything else, and every miss, goes through yoga.
 */
export class DirectAnswers {
  private readonly routes = new Map<string, Map<string, Route>>();
  private chars = 0;

  constructor(
    private readonly lookup: KeptLookup,
    private readonly opts: DirectAnswerOptions = DIRECT_DEFAULTS,
  ) {}

  /** The kept answer for a request of a known shape, or undefined: then yoga answers it. */
  answer(req: FastifyRequest): DirectAnswer | undefined {
    if (this.routes.size === 0) return undefined;
    const p = paramsOf(req);
    const route = p && this.routes.get(p.query)?.get(shapeKey(p, req));
    if (!route) return undefined;
    // The operation name is part of the shape: the request's is the one yoga ran.
    const kept = this.lookup(route.doc, p.operationName, p.variables ?? {}, { req });
    return kept && { bytes: kept.bytes, headers: route.headers };
  }

  /** After yoga answered `req` with a kept answer and status 200: remembers the request's shape and yoga's headers. */
  learn(req: FastifyRequest, headers: Headers, kept: KeptReply): void {
    const p = paramsOf(req);
    if (!p || p.query.length > this.opts.maxChars / 4) return;
    let shapes = this.routes.get(p.query);
    const key = shapeKey(p, req);
    if (shapes && (shapes.has(key) || shapes.size >= MAX_SHAPES_PER_QUERY)) return;
    if (!shapes) {
      while (this.routes.size >= this.opts.maxQueries || this.chars + p.query.length > this.opts.maxChars) {
        const oldest = this.routes.keys().next().value!;
        this.routes.delete(oldest);
        this.chars -= oldest.length;
      }
      this.routes.set(p.query, (shapes = new Map()));
      this.chars += p.query.length;
    }
    // The body's length is fastify's to write (it differs from answer to answer); every other header is yoga's.
    const sent: [string, string][] = [];
    headers.forEach((value, name) => {
      if (name !== 'content-length') sent.push([name, value]);
    });
    shapes.set(key, { doc: kept.doc, headers: sent });
  }

  /** Query texts remembered. */
  size(): number {
    return this.routes.size;
  }
}
