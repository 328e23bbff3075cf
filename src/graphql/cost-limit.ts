import {
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from './graphql-js.js';
import type { Plugin } from 'graphql-yoga';
import { INTROSPECTION_ROOTS, STANDARD_INTROSPECTION, fragmentsOf, operationOf } from './document.js';
import { limitError } from './errors.js';

export interface Costs {
  cost: number;
  /** Cost of the `__schema` / `__type` subtrees, limited separately. */
  introspection: number;
  /** Whether a slicing argument came from a variable (then the cost depends on the variables, not only the document). */
  variable?: boolean;
}

export interface CostOptions {
  /** The argument that caps a list (its value, or its default, multiplies the selection). */
  slicingArgument: string;
  /** Assumed length of any other list of objects. */
  assumedListSize: number;
}

export const COST_DEFAULTS: CostOptions = { slicingArgument: 'limit', assumedListSize: 5 };

/**
 * Estimated cost of running an operation with its variables: 1 per field (`__typename` is free); the selection
 * under a list of objects counts once per element: `limit` elements (as given, from a variable, or its default)
 * for the list a paged field returns (`obligations(limit) { items }`, like `slicingArguments`/`sizedFields` of
 * the IBM GraphQL cost directives), `assumedListSize` for any other list. Fragments are measured once per type.
 */
export function costOf(schema: GraphQLSchema, doc: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, opts: CostOptions = COST_DEFAULTS): Costs {
  const op = operationOf(doc, operationName);
  const root = op && (op.operation === 'query' ? schema.getQueryType() : op.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType());
  if (!op || !root) return { cost: 0, introspection: 0 };
  const fragments = fragmentsOf(doc);
  const memo = new Map<string, Costs>();
  let variable = false;

  const fieldDef = (parent: GraphQLCompositeType, node: FieldNode): GraphQLField<unknown, unknown> | undefined => {
    const name = node.name.value;
    if (name === '__schema' && parent === root) return SchemaMetaFieldDef;
    if (name === '__type' && parent === root) return TypeMetaFieldDef;
    return isObjectType(parent) ? parent.getFields()[name] : undefined;
  };

  /** The value of the slicing argument (`limit`) if the field has one: given, from a variable, or its default. */
  const sliceOf = (def: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined => {
    const arg = def.args.find((a) => a.name === opts.slicingArgument);
    if (!arg) return undefined;
    const given = node.arguments?.find((a) => a.name.value === opts.slicingArgument);
    if (given?.value.kind === Kind.VARIABLE) variable = true;
    const v = given ? valueFromAST(given.value, arg.type, variables) : undefined;
    return Math.max(typeof v === 'number' ? v : typeof arg.defaultValue === 'number' ? arg.defaultValue : 1, 0);
  };

  /** `sizedBy`: the slicing argument of the enclosing page, which sizes the lists directly under it (`items`). */
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, inIntrospection: boolean, sizedBy?: number): Costs => {
    const out: Costs = { cost: 0, introspection: 0 };
    const add = (c: Costs, times = 1): void => {
      out.cost += c.cost * times;
      out.introspection += c.introspection * times;
    };
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === '__typename') continue;
        const intro = inIntrospection || INTROSPECTION_ROOTS.has(sel.name.value);
        add(intro ? { cost: 0, introspection: 1 } : { cost: 1, introspection: 0 });
        const def = fieldDef(parent, sel);
        const named = def && getNamedType(def.type);
        if (!def || !sel.selectionSet || !named || !isCompositeType(named)) continue;
        const slice = sliceOf(def, sel);
        if (isListType(getNullableType(def.type))) add(walk(sel.selectionSet, named, intro), slice ?? sizedBy ?? opts.assumedListSize);
        else add(walk(sel.selectionSet, named, intro, slice));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        add(walk(sel.selectionSet, t && isCompositeType(t) ? t : parent, inIntrospection, sizedBy));
      } else {
        const frag = fragments.get(sel.name.value);
        const t = frag && schema.getType(frag.typeCondition.name.value);
        if (!frag || !t || !isCompositeType(t)) continue;
        const key = `${frag.name.value}\u0000${t.name}\u0000${inIntrospection}\u0000${sizedBy}`;
        if (!memo.has(key)) {
          memo.set(key, { cost: 0, introspection: 0 }); // a cycle (invalid anyway) counts 0
          memo.set(key, walk(frag.selectionSet, t, inIntrospection, sizedBy));
        }
        add(memo.get(key)!);
      }
    }
    return out;
  };
  const total = walk(op.selectionSet, root, false);
  return variable ? { ...total, variable } : total;
}

/**
 * Refuses, before execution, an operation whose estimated cost exceeds `maxCost` (REGKG_GRAPHQL_MAX_COST).
 * Runs at execution because `limit` may come from a variable; introspection is limited on its own to
 * max(maxCost, cost of the standard introspection query) so GraphiQL always works.
 */
export function useCostLimit(maxCost: number, opts: CostOptions = COST_DEFAULTS): Plugin {
  const introspectionMax = new WeakMap<GraphQLSchema, number>();
  // yoga's parser cache hands back the same document for the same query text: a cost that does not depend on the
  // variables is worked out once per document and operation.
  const known = new WeakMap<DocumentNode, Map<string, Costs>>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const byOp = known.get(args.document);
      const opKey = args.operationName ?? '';
      let c = byOp?.get(opKey);
      if (!c) {
        c = costOf(args.schema, args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>, opts);
        if (!c.variable) {
          if (byOp) byOp.set(opKey, c);
          else known.set(args.document, new Map([[opKey, c]]));
        }
      }
      let imax = introspectionMax.get(args.schema);
      if (imax === undefined) {
        imax = Math.max(maxCost, costOf(args.schema, STANDARD_INTROSPECTION, undefined, {}, opts).introspection);
        introspectionMax.set(args.schema, imax);
      }
      const nodes = operationOf(args.document, args.operationName);
      if (c.cost > maxCost) {
        setResultAndStopExecution({ errors: [limitError(`estimated cost ${c.cost} exceeds the maximum of ${maxCost} (REGKG_GRAPHQL_MAX_COST): 1 per field, times \`${opts.slicingArgument}\` or ${opts.assumedListSize} per list; ask for fewer fields or a smaller ${opts.slicingArgument}`, nodes ? [nodes] : undefined)] });
      } else if (c.introspection > imax) {
        setResultAndStopExecution({ errors: [limitError(`estimated introspection cost ${c.introspection} exceeds the maximum of ${imax}`, nodes ? [nodes] : undefined)] });
      }
    },
  };
}
