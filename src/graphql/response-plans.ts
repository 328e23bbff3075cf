import {
  Kind,
  getNamedType,
  isCompositeType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from './graphql-js.js';
import type { Plugin } from 'graphql-yoga';
import { createRequire } from 'node:module';
import type { compileVariableParsing as CompileVariableParsing } from 'graphql-jit/dist/variables';
import type { Core } from '../core.js';
import { requestLang, type RegkgContext } from './context.js';
import { plainInput } from './input.js';
import { fragmentsOf, operationOf } from './document.js';

// graphql-jit's variable coercion, as its execution uses it. Its ES module build imports paths without extensions,
// which Node refuses: the CommonJS build is loaded, as @envelop/graphql-jit loads graphql-jit itself.
const { compileVariableParsing } = createRequire(import.meta.url)('graphql-jit/dist/variables') as { compileVariableParsing: typeof CompileVariableParsing };

/**
 * Root fields whose answer is a function of their arguments, the response language and the knowledge version alone
 * (each resolver reads only the core): an answer to an operation made of them can be kept for the next identical one.
 */
export const KNOWLEDGE_ROOTS: ReadonlySet<string> = new Set([
  'obligations',
  'obligation',
  'provision',
  'riskClasses',
  'vocabulary',
  'conceptSchemes',
  'lawVersions',
  'timeline',
  'techniques',
  'technique',
  'evidenceTypes',
  'evidenceType',
]);

/**
 * Fields of an assessment that depend on the profile beyond its rules' outcome (ADR 0008): the facts each step
 * quotes, the questions and the checks' parameters. Every other field under `assess` is the same for two profiles
 * with the same outcome key; test/graphql/response-plans.test.ts checks that field by field over the bench mix and
 * the conformance cases.
 */
export const PROFILE_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  Assessment: new Set(['questions']),
  Because: new Set(['facts']),
  // A check's parameters are filled from the profile (use cases, deployment context, languages offered).
  Check: new Set(['parameters']),
};

/** How an operation's answer can be kept: not at all, by its variables, or by its variables and the outcome key. */
type Shape =
  | { kind: 'none' }
  | { kind: 'knowledge'; id: number }
  | {
      kind: 'outcome';
      id: number;
      /** The variable that holds the profile; asOf and lang as written (a literal, a variable or absent). */
      profile: string;
      asOf: ValueNode | undefined;
      lang: ValueNode | undefined;
      /** The operation's variables coerced as GraphQL does (graphql-jit's compiled coercion, as execution uses). */
      coerce: ReturnType<typeof compileVariableParsing>;
    };

const NONE: Shape = { kind: 'none' };

/** Whether a selection under `type` reaches one of PROFILE_FIELDS (fragments followed once each). */
function readsProfile(schema: GraphQLSchema, set: SelectionSetNode, type: GraphQLCompositeType, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen = new Set<string>()): boolean {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (PROFILE_FIELDS[type.name]?.has(sel.name.value)) return true;
      if (!sel.selectionSet) continue;
      const def = isObjectType(type) ? type.getFields()[sel.name.value] : undefined;
      const named = def && getNamedType(def.type);
      // An unknown field cannot reach execution (validation refuses it); counting it as profile is the safe side.
      if (!named || !isCompositeType(named) || readsProfile(schema, sel.selectionSet, named, fragments, seen)) return true;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
      if (!t || !isCompositeType(t) || readsProfile(schema, sel.selectionSet, t, fragments, seen)) return true;
    } else {
      if (seen.has(sel.name.value)) continue;
      seen.add(sel.name.value);
      const frag = fragments.get(sel.name.value);
      const t = frag && schema.getType(frag.typeCondition.name.value);
      if (!frag || !t || !isCompositeType(t) || readsProfile(schema, frag.selectionSet, t, fragments, seen)) return true;
    }
  }
  return false;
}

let shapes = 0;

/** The shape of an operation (worked out once per parsed document and operation name). */
function shapeOf(schema: GraphQLSchema, doc: DocumentNode, op: OperationDefinitionNode | undefined): Shape {
  if (!op || op.operation !== 'query' || op.directives?.length) return NONE;
  const roots = op.selectionSet.selections;
  if (!roots.every((s) => s.kind === Kind.FIELD && !s.directives?.length)) return NONE;
  const fields = roots as readonly (typeof roots[number] & { kind: Kind.FIELD })[];
  if (fields.every((f) => KNOWLEDGE_ROOTS.has(f.name.value))) return { kind: 'knowledge', id: shapes++ };
  const [assess] = fields;
  if (fields.length !== 1 || assess!.name.value !== 'assess' || !assess!.selectionSet) return NONE;
  const arg = (name: string) => assess!.arguments?.find((a) => a.name.value === name)?.value;
  const profile = arg('profile');
  const type = schema.getType('Assessment');
  if (profile?.kind !== Kind.VARIABLE || !type || !isCompositeType(type) || readsProfile(schema, assess!.selectionSet, type, fragmentsOf(doc))) return NONE;
  return { kind: 'outcome', id: shapes++, profile: profile.name.value, asOf: arg('asOf'), lang: arg('lang'), coerce: compileVariableParsing(schema, op.variableDefinitions ?? []) };
}

/** A `Date` or `Lang` argument: its literal, or its variable's coerced value; undefined when absent or null. */
function argValue(node: ValueNode | undefined, coerced: Record<string, unknown>): string | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.STRING || node.kind === Kind.ENUM) return node.value;
  const v = node.kind === Kind.VARIABLE ? coerced[node.name.value] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** yoga's result processors write a result with its own `stringify` when it has one (graphql-jit sets it too). */
type Stringified = { stringify?: (result: unknown) => string };

/** A kept answer: its JSON text (what yoga's processors write) and the same text as UTF-8, encoded once. */
export interface KeptAnswer {
  text: string;
  bytes: Buffer;
}

/** A request yoga answered with a kept answer: the answer, and the parsed document it ran. */
export interface KeptReply {
  answer: KeptAnswer;
  doc: DocumentNode;
}

/**
 * The kept answer a request was given, by the fastify reply it travels with: the route sends its bytes when yoga's
 * response body is that very text (see mountYoga), instead of encoding the text again, and learns the request's
 * shape for the direct path (ADR 0011).
 */
export const keptAnswerOf = new WeakMap<object, KeptReply>();

export interface KeptAnswerStats {
  kept: number;
  /** Kept answers sent again by yoga (after parsing, validation and every plugin before this one). */
  reused: number;
  /** Kept answers sent again by the route, without entering yoga (ADR 0011). */
  direct: number;
  size(): number;
}

/** What keys an answer: the request's parsed document, operation, raw variables and its Accept-Language. */
export type KeyContext = Parameters<typeof requestLang>[0];

export interface ResponsePlanOptions {
  /** Most answers kept (the oldest goes first); 0 keeps none. */
  maxEntries: number;
  /** Most characters kept over all answers and their keys; an answer longer than a tenth of it is never kept. */
  maxChars: number;
}

/** A key longer than this (variables sent beside a lookup count in it) is not kept: keys count in the budget too. */
export const MAX_KEY_CHARS = 4096;

/**
 * Keeps the JSON text of answers whose bytes are fixed by what the key holds (ADR 0009), and sends it again instead
 * of executing and serialising the operation once more:
 * - knowledge lookups (every root field in KNOWLEDGE_ROOTS): by document, operation, variables as sent and the
 *   language negotiated from Accept-Language;
 * - `assess` with a selection that reads neither facts nor questions: by document, operation, the other variables,
 *   and the rules' outcome key of the profile (asOf and language included). The rules still run for every request;
 *   no profile value is ever part of a key.
 * Only answers without errors are kept. Validation, the depth and cost limits and every other check run before this
 * plugin as for any request. The plugin is per core: one knowledge version.
 */
export function useResponsePlans(
  core: Core,
  schema: GraphQLSchema,
  opts: ResponsePlanOptions,
): Plugin<RegkgContext> & {
  stats: KeptAnswerStats;
  /** The answer kept for a request, if any: the same key as yoga's execution would compute (ADR 0011). */
  lookup(doc: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, ctx: KeyContext): KeptAnswer | undefined;
} {
  const byDoc = new WeakMap<DocumentNode, Map<string, Shape>>();
  const answers = new Map<string, KeptAnswer>();
  let chars = 0;
  const stats: KeptAnswerStats = { kept: 0, reused: 0, direct: 0, size: () => answers.size };

  const keep = (key: string, text: string): KeptAnswer | undefined => {
    const size = key.length + text.length;
    if (key.length > MAX_KEY_CHARS || size > opts.maxChars / 10) return undefined;
    const had = answers.get(key);
    if (had) return had;
    while (answers.size >= opts.maxEntries || chars + size > opts.maxChars) {
      const [oldest, a] = answers.entries().next().value!;
      answers.delete(oldest);
      chars -= oldest.length + a.text.length;
    }
    const kept = { text, bytes: Buffer.from(text) };
    answers.set(key, kept);
    chars += size;
    stats.kept++;
    return kept;
  };

  /** The key of a request's answer, or undefined when it cannot be kept. */
  const keyOf = (doc: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, ctx: KeyContext): string | undefined => {
    let ops = byDoc.get(doc);
    if (!ops) byDoc.set(doc, (ops = new Map()));
    const opKey = operationName ?? '';
    let shape = ops.get(opKey);
    if (!shape) ops.set(opKey, (shape = shapeOf(schema, doc, operationOf(doc, operationName))));
    if (shape.kind === 'none') return undefined;
    if (shape.kind === 'knowledge') return `k${shape.id}\u0000${requestLang(ctx)}\u0000${JSON.stringify(variables)}`;
    // The arguments exactly as the `assess` resolver receives them: coerced by GraphQL, then plainInput.
    const vars = shape.coerce(variables);
    if (!('coerced' in vars)) return undefined; // refused: the operation runs and reports it as GraphQL does
    const { [shape.profile]: _profile, ...others } = variables;
    try {
      const lang = requestLang(ctx, argValue(shape.lang, vars.coerced));
      return `o${shape.id}\u0000${JSON.stringify(others)}\u0000${core.outcomeKey(plainInput(vars.coerced[shape.profile]), { asOf: argValue(shape.asOf, vars.coerced), lang })}`;
    } catch {
      return undefined; // refused by the core: the operation runs and reports it as the resolver does
    }
  };

  return {
    stats,
    lookup(doc, operationName, variables, ctx) {
      if (opts.maxEntries <= 0) return undefined;
      const key = keyOf(doc, operationName, variables, ctx);
      const kept = key === undefined ? undefined : answers.get(key);
      if (kept) stats.direct++;
      return kept;
    },
    onExecute({ args, setResultAndStopExecution }) {
      if (opts.maxEntries <= 0) return;
      const key = keyOf(args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>, args.contextValue);
      if (key === undefined) return;
      const reply = args.contextValue.reply;
      const kept = answers.get(key);
      if (kept !== undefined) {
        stats.reused++;
        if (reply) keptAnswerOf.set(reply, { answer: kept, doc: args.document });
        // No data, errors or extensions to look at: yoga's processors (JSON, SSE, multipart) write `stringify`'s text.
        setResultAndStopExecution({ stringify: () => kept.text } as Stringified as never);
        return;
      }
      return {
        onExecuteDone({ result }) {
          const r = result as Stringified & { errors?: unknown; extensions?: unknown };
          if (r.errors || r.extensions || Symbol.asyncIterator in r) return;
          const write = r.stringify ?? JSON.stringify;
          r.stringify = (res) => {
            const text = write(res);
            const out = keep(key, text);
            if (out && reply) keptAnswerOf.set(reply, { answer: out, doc: args.document });
            return text;
          };
        },
      };
    },
  };
}
