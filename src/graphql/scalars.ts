import { GraphQLScalarType, Kind, type ValueNode } from './graphql-js.js';
import { checkDate } from '../core.js';
import { RegkgError } from '../errors.js';
import { toGraphQLError } from './errors.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The core's own date check (REGKG_ERR_BAD_DATE). The scalar does not know which argument or input field it
 * parses, so the error names none; GraphQL's message around it does (`Variable "$p" ... at "p.placedOnMarketBefore"`).
 */
function parseDate(value: string): string {
  try {
    return checkDate(value, 'Date');
  } catch (e) {
    throw e instanceof RegkgError ? new RegkgError(e.code, e.params) : e;
  }
}

/** `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, `YYYY-MM-DD` (ISO 8601, no time zone).',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize(value) {
    // An output date that is not one is a data error: thrown as unexpected (masked and logged).
    if (typeof value === 'string' && ISO_DATE.test(value)) return value;
    throw new TypeError(`not a YYYY-MM-DD date: ${JSON.stringify(value)}`);
  },
  // A variable: the RegkgError is found again through GraphQL's wrapping by maskError.
  parseValue: (value) => parseDate(typeof value === 'string' ? value : JSON.stringify(value)),
  parseLiteral(node) {
    const value = node.kind === Kind.STRING ? node.value : printLiteral(node);
    try {
      return parseDate(value);
    } catch (e) {
      throw e instanceof RegkgError ? toGraphQLError(e, { nodes: [node] }) : e;
    }
  },
});

function printLiteral(node: ValueNode): string {
  return 'value' in node ? String(node.value) : node.kind;
}

function literalValue(node: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.ENUM:
      return node.value;
    case Kind.LIST:
      return node.values.map((v) => literalValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalValue(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[node.name.value];
  }
}

/** Any JSON value (technique parameters). */
export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Arbitrary JSON (technique parameters).',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc8259',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node, variables) => literalValue(node, variables),
});
