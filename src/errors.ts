/**
 * The one catalogue of regkg errors. Codes are stable and never reused; docs/errors.md lists them
 * (a test ties the two together). Messages are templates filled from the error's params.
 */
export const ERRORS = {
  VALIDATION: { status: 400, title: 'Invalid request', template: 'The request does not match the schema: {detail}' },
  UNKNOWN_ID: { status: 400, title: 'Unknown identifier', template: 'Unknown value {value} at {field}' },
  CONTRADICTORY_PROFILE: { status: 400, title: 'Contradictory profile', template: '{detail}' },
  BAD_DATE: { status: 400, title: 'Invalid date', template: 'Invalid date {value} at {field}: expected YYYY-MM-DD' },
  NOT_FOUND: { status: 404, title: 'Not found', template: 'No resource at {path}' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed', template: 'Method {method} is not allowed on {path}' },
  NOT_ACCEPTABLE: { status: 406, title: 'Not acceptable', template: 'None of the requested media types can be produced: {detail}' },
  PRECONDITION_FAILED: { status: 412, title: 'Precondition failed', template: 'The resource changed since it was read: {detail}' },
  PRECONDITION_REQUIRED: { status: 428, title: 'Precondition required', template: 'Send If-Match with the ETag you read' },
  URI_TOO_LONG: { status: 414, title: 'URI too long', template: 'The request URI exceeds {limit} characters' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large', template: 'The request body exceeds {limit} bytes' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type', template: 'Content type {contentType} is not supported here; use {allowed}' },
  RATE_LIMITED: { status: 429, title: 'Too many requests', template: 'Rate limit exceeded; retry after {retryAfter}' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required', template: 'Send an API key (X-API-Key) or a bearer token' },
  FORBIDDEN: { status: 403, title: 'Forbidden', template: 'This operation needs the {role} role' },
  SPARQL_SYNTAX: { status: 400, title: 'Malformed SPARQL query', template: '{detail}' },
  SPARQL_UPDATE_REFUSED: { status: 403, title: 'SPARQL updates are refused', template: 'This endpoint is read-only: updates are not accepted' },
  SPARQL_TIMEOUT: { status: 503, title: 'SPARQL query timed out', template: 'The query ran longer than {limitMs} ms and was stopped' },
  SPARQL_TOO_LARGE: { status: 413, title: 'SPARQL result too large', template: 'The result exceeds {limit} rows or triples; narrow the query or add LIMIT' },
  GRAPHQL_LIMIT: { status: 400, title: 'GraphQL query too complex', template: '{detail}' },
  STORE_UNAVAILABLE: { status: 503, title: 'Store unavailable', template: 'The register store is unavailable: {detail}' },
  RULE_INVALID: { status: 500, title: 'Invalid rule', template: 'Invalid rule at {where}: {detail}' },
  KNOWLEDGE_INVALID: { status: 500, title: 'Invalid knowledge graph', template: 'Invalid knowledge source at {where}: {detail}' },
  CONFIG_INVALID: { status: 500, title: 'Invalid configuration', template: 'Invalid configuration: {detail}' },
  INTERNAL: { status: 500, title: 'Internal error', template: 'An unexpected error occurred; it has been logged with request id {requestId}' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export type ErrorParams = Record<string, string | number | undefined>;

/** Extra, structured members of the problem document (field path, allowed values...). */
export interface ProblemExtras {
  field?: string;
  allowed?: readonly string[];
  errors?: { field: string; message: string; allowed?: readonly string[] }[];
}

export class RegkgError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: ErrorParams;
  readonly extras: ProblemExtras;

  constructor(code: ErrorCode, params: ErrorParams = {}, extras: ProblemExtras = {}) {
    super(formatMessage(code, params));
    this.name = 'RegkgError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.params = params;
    this.extras = extras;
  }
}

export function formatMessage(code: ErrorCode, params: ErrorParams): string {
  return ERRORS[code].template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** The full public code, as documented: `REGKG_ERR_<CODE>`. */
export function publicCode(code: ErrorCode): string {
  return `REGKG_ERR_${code}`;
}
