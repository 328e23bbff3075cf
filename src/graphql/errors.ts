import { GraphQLError, type ASTNode } from './graphql-js.js';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { ERRORS, RegkgError, publicCode } from '../errors.js';

/** The RegkgError an error was caused by, looking through GraphQL's wrapping (resolver, variable coercion). */
export function regkgCause(error: unknown): RegkgError | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e; i++) {
    if (e instanceof RegkgError) return e;
    e = e instanceof GraphQLError ? e.originalError : undefined;
  }
  return undefined;
}

/**
 * A catalogued error as a GraphQL error: the message, and `extensions` {code, status, field, allowed, errors}.
 * The cause is carried by the extensions, not as `originalError` (yoga would count that as unexpected). An error
 * outside any field (a variable that fails to coerce) rejects the request: HTTP 400 under the GraphQL-over-HTTP
 * media type, 200 under application/json (`spec: true`), like GraphQL's own validation errors.
 */
export function toGraphQLError(e: RegkgError, at?: GraphQLError | { nodes?: readonly ASTNode[] }): GraphQLError {
  const g = at instanceof GraphQLError ? at : undefined;
  // GraphQL's wrapping message says where (`Variable "$asOf" got invalid value ...; <ours>`): keep it.
  return new GraphQLError(g?.message ?? e.message, {
    nodes: g?.nodes ?? at?.nodes,
    source: g?.source,
    positions: g?.positions,
    path: g?.path,
    extensions: {
      code: publicCode(e.code),
      status: e.status,
      ...(e.extras.field !== undefined ? { field: e.extras.field } : {}),
      ...(e.extras.allowed ? { allowed: e.extras.allowed } : {}),
      ...(e.extras.errors ? { errors: e.extras.errors } : {}),
      ...(g?.path ? {} : { http: { spec: true, status: e.status } }),
    },
  });
}

/** True for an error that yoga would mask: neither a catalogued error nor one GraphQL itself raised. */
export function isUnexpected(error: unknown): boolean {
  return !regkgCause(error) && yogaMaskError(error, '') !== error;
}

/**
 * yoga's `maskedErrors.maskError`: catalogued errors are shown with their code and details; GraphQL's own
 * (syntax, validation) pass unchanged; anything else becomes a generic REGKG_ERR_INTERNAL (logged elsewhere).
 */
export function maskError(error: unknown, _message: string): Error {
  const cause = regkgCause(error);
  if (cause) return toGraphQLError(cause, error instanceof GraphQLError ? error : undefined);
  const masked = yogaMaskError(error, ERRORS.INTERNAL.title, false);
  if (masked === error) return masked;
  const g = error instanceof GraphQLError ? error : undefined;
  return new GraphQLError('An unexpected error occurred; it has been logged with the request id (x-request-id)', {
    nodes: g?.nodes,
    source: g?.source,
    positions: g?.positions,
    path: g?.path,
    // `unexpected` (stripped from the response by yoga) makes a data-less answer an HTTP 500.
    extensions: { code: publicCode('INTERNAL'), status: ERRORS.INTERNAL.status, unexpected: true },
  });
}

/** REGKG_ERR_GRAPHQL_LIMIT: the request is refused before execution (depth or cost). */
export function limitError(detail: string, nodes?: readonly ASTNode[]): GraphQLError {
  return toGraphQLError(new RegkgError('GRAPHQL_LIMIT', { detail }), { nodes });
}
