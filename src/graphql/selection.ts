import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { AssessmentParts } from '../domain/assess.js';

interface SelectionInfo {
  fieldNodes: readonly FieldNode[];
  fragments: Record<string, FragmentDefinitionNode>;
}

/** The field names selected directly under a selection set, through inline fragments and fragment spreads. */
function selected(set: SelectionSetNode | undefined, fragments: SelectionInfo['fragments'], into: Map<string, FieldNode[]>): void {
  if (!set) return;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) into.set(s.name.value, [...(into.get(s.name.value) ?? []), s]);
    else if (s.kind === Kind.INLINE_FRAGMENT) selected(s.selectionSet, fragments, into);
    else if (s.kind === Kind.FRAGMENT_SPREAD) selected(fragments[s.name.value]?.selectionSet, fragments, into);
  }
}

function fieldsUnder(nodes: readonly FieldNode[], fragments: SelectionInfo['fragments']): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  for (const n of nodes) selected(n.selectionSet, fragments, out);
  return out;
}

/**
 * The assessment parts a GraphQL selection does not ask for, so the engine need not build them
 * (`assess { riskClasses obligations { id } }` needs neither explanations, checks nor questions).
 * Directives such as @include are not evaluated: a field that appears at all counts as selected.
 */
export function unselectedParts(info: SelectionInfo): AssessmentParts {
  const top = fieldsUnder(info.fieldNodes, info.fragments);
  const ob = fieldsUnder(top.get('obligations') ?? [], info.fragments);
  return {
    questions: !top.has('questions'),
    because: !ob.has('because') && !top.has('explanations'),
    checks: !ob.has('checks') && !ob.has('evidence'),
    timeline: !top.has('timeline'),
  };
}
