import { Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from './graphql-js.js';
import type { Plugin } from 'graphql-yoga';
import { INTROSPECTION_ROOTS, STANDARD_INTROSPECTION, fragmentsOf, operationOf } from './document.js';
import { limitError } from './errors.js';

export interface Depths {
  /** Deepest field nesting outside introspection (`{ a { b } }` is 2). */
  depth: number;
  /** Deepest field nesting inside `__schema` / `__type`. */
  introspection: number;
}

/**
 * Field nesting of a selection set, following fragments. Each fragment is measured once (a document that
 * spreads fragments into fragments cannot make this exponential); a fragment cycle, invalid anyway, counts 0.
 */
export function depthsOf(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): Depths {
  const memo = new Map<string, Depths>();
  const measure = (set: SelectionSetNode, inIntrospection: boolean): Depths => {
    const out: Depths = { depth: 0, introspection: 0 };
    const add = (d: Depths, offset: number): void => {
      if (d.depth) out.depth = Math.max(out.depth, d.depth + offset);
      if (d.introspection) out.introspection = Math.max(out.introspection, d.introspection + offset);
    };
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const intro = inIntrospection || INTROSPECTION_ROOTS.has(sel.name.value);
        add(intro ? { depth: 0, introspection: 1 } : { depth: 1, introspection: 0 }, 0);
        if (sel.selectionSet) add(measure(sel.selectionSet, intro), 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        add(measure(sel.selectionSet, inIntrospection), 0);
      } else {
        const key = `${sel.name.value}\u0000${inIntrospection}`;
        const frag = fragments.get(sel.name.value);
        if (!memo.has(key) && frag) {
          memo.set(key, { depth: 0, introspection: 0 });
          memo.set(key, measure(frag.selectionSet, inIntrospection));
        }
        add(memo.get(key) ?? { depth: 0, introspection: 0 }, 0);
      }
    }
    return out;
  };
  return measure(selectionSet, false);
}

/**
 * A validation rule: no operation nests fields deeper than `maxDepth`. Introspection is measured on its own
 * against max(maxDepth, depth of the standard introspection query), so GraphiQL keeps working at any setting
 * while a hand-made cyclic `__type { fields { type { fields ...` stays bounded.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  const introspectionMax = Math.max(maxDepth, depthsOf(operationOf(STANDARD_INTROSPECTION)!.selectionSet, fragmentsOf(STANDARD_INTROSPECTION)).introspection);
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(op) {
      const doc = context.getDocument();
      const d = depthsOf(op.selectionSet, fragmentsOf(doc));
      const name = op.name ? ` ${op.name.value}` : '';
      if (d.depth > maxDepth) {
        context.reportError(limitError(`operation${name} nests fields ${d.depth} deep; the maximum is ${maxDepth} (REGKG_GRAPHQL_MAX_DEPTH)`, [op]));
      } else if (d.introspection > introspectionMax) {
        context.reportError(limitError(`introspection in operation${name} nests fields ${d.introspection} deep; the maximum is ${introspectionMax}`, [op]));
      }
    },
  });
}

/** The depth limit as a yoga plugin (its result is cached with the document by yoga's validation cache). */
export function useDepthLimit(maxDepth: number): Plugin {
  const rule = depthLimitRule(maxDepth);
  return { onValidate: ({ addValidationRule }) => addValidationRule(rule) };
}
