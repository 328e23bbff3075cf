import { Kind, getIntrospectionQuery, parse, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from './graphql-js.js';

/** Root fields whose subtrees are introspection. */
export const INTROSPECTION_ROOTS: ReadonlySet<string> = new Set(['__schema', '__type']);

/** The standard introspection query with every option on: the most GraphiQL and code generators send. */
export const STANDARD_INTROSPECTION: DocumentNode = parse(
  getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true }),
);

export function fragmentsOf(doc: DocumentNode): Map<string, FragmentDefinitionNode> {
  const m = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) m.set(d.name.value, d);
  return m;
}

/** The operation a request runs: the named one, or the only one. */
export function operationOf(doc: DocumentNode, name?: string | null): OperationDefinitionNode | undefined {
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return name ? ops.find((o) => o.name?.value === name) : ops.length === 1 ? ops[0] : undefined;
}
