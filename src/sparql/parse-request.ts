import { RegkgError } from '../errors.js';

/** The four SPARQL query forms. */
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

/** The dataset a query runs over (SPARQL 1.1 Protocol §2.1.4). */
export type DatasetSpec =
  /** No dataset in the request nor in the query: the default graph is the union of all named graphs. */
  | { kind: 'union' }
  /** The query names its own dataset with FROM / FROM NAMED. */
  | { kind: 'query' }
  /** `default-graph-uri` / `named-graph-uri` given: they replace any dataset in the query. */
  | { kind: 'protocol'; defaultGraphs: string[]; namedGraphs: string[] };

export interface SparqlRequest {
  query: string;
  /** Undefined when the text does not start like a query: the parser will say why. */
  form?: QueryForm;
  dataset: DatasetSpec;
}

/** What the HTTP layer hands over: nothing fastify-specific. */
export interface RawSparqlRequest {
  method: string;
  contentType?: string;
  /** Parsed URL query string (repeated keys as arrays). */
  urlQuery: Record<string, unknown>;
  /** Raw body text for POST. */
  body?: unknown;
}

const SUPPORTED_POST_TYPES = ['application/x-www-form-urlencoded', 'application/sparql-query'];
const UPDATE_KEYWORDS = new Set(['INSERT', 'DELETE', 'LOAD', 'CLEAR', 'CREATE', 'DROP', 'COPY', 'MOVE', 'ADD', 'WITH']);
const FORMS = new Set<string>(['SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE']);

/** Values of one parameter as a list of strings, from a fastify query object or URLSearchParams. */
function valuesOf(source: Record<string, unknown> | URLSearchParams, name: string): string[] {
  if (source instanceof URLSearchParams) return source.getAll(name);
  const v = source[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function single(values: string[], name: string): string | undefined {
  if (values.length > 1) throw new RegkgError('VALIDATION', { detail: `${name}: give the parameter once (got ${values.length})` }, { field: name });
  return values[0];
}

/** Media type without parameters, lower case. */
export function baseMediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads a SPARQL 1.1 Protocol query request (GET `?query=`, POST form-urlencoded, POST application/sparql-query).
 * Returns undefined for a GET without `query` (the caller shows the editor or the service description).
 * Updates (an `update` parameter, application/sparql-update, or update syntax) are refused.
 */
export function parseSparqlRequest(raw: RawSparqlRequest): SparqlRequest | undefined {
  let params: Record<string, unknown> | URLSearchParams = raw.urlQuery;
  let query: string | undefined;
  if (raw.method === 'GET' || raw.method === 'HEAD') {
    if (valuesOf(params, 'update').length) throw new RegkgError('SPARQL_UPDATE_REFUSED');
    query = single(valuesOf(params, 'query'), 'query');
    if (query === undefined) return undefined;
  } else if (raw.method === 'POST') {
    const type = baseMediaType(raw.contentType);
    const body = typeof raw.body === 'string' ? raw.body : '';
    if (type === 'application/sparql-update') throw new RegkgError('SPARQL_UPDATE_REFUSED');
    if (type === 'application/x-www-form-urlencoded') {
      params = new URLSearchParams(body);
      if (valuesOf(params, 'update').length) throw new RegkgError('SPARQL_UPDATE_REFUSED');
      query = single(valuesOf(params, 'query'), 'query');
      if (query === undefined) throw new RegkgError('VALIDATION', { detail: 'query: required in the form body' }, { field: 'query' });
    } else if (type === 'application/sparql-query') {
      query = body;
    } else {
      throw new RegkgError('UNSUPPORTED_MEDIA_TYPE', { contentType: type || '(none)', allowed: SUPPORTED_POST_TYPES.join(' or ') }, { allowed: SUPPORTED_POST_TYPES });
    }
  } else {
    throw new RegkgError('METHOD_NOT_ALLOWED', { method: raw.method, path: '/sparql' });
  }
  if (!query.trim()) throw new RegkgError('SPARQL_SYNTAX', { detail: 'The query is empty' });

  const shape = analyseQuery(query);
  if (shape.update) throw new RegkgError('SPARQL_UPDATE_REFUSED');
  const defaultGraphs = valuesOf(params, 'default-graph-uri');
  const namedGraphs = valuesOf(params, 'named-graph-uri');
  for (const iri of [...defaultGraphs, ...namedGraphs]) {
    if (!/^[a-z][a-z0-9+.-]*:[^\s<>"{}|^`\\]*$/i.test(iri)) {
      throw new RegkgError('VALIDATION', { detail: `default-graph-uri/named-graph-uri: not an absolute IRI: ${iri}` }, { field: 'default-graph-uri' });
    }
  }
  const dataset: DatasetSpec =
    defaultGraphs.length || namedGraphs.length
      ? { kind: 'protocol', defaultGraphs, namedGraphs }
      : shape.datasetInQuery
        ? { kind: 'query' }
        : { kind: 'union' };
  return { query, form: shape.form, dataset };
}

export interface QueryShape {
  form?: QueryForm;
  update: boolean;
  /** The query has FROM or FROM NAMED clauses. */
  datasetInQuery: boolean;
}

/**
 * A lexical look at a query: which form it is, whether it is an update, whether it names its dataset.
 * Just enough to choose a response format before running it; the real parser runs in the worker.
 */
export function analyseQuery(text: string): QueryShape {
  // Drop comments, strings and IRIs so that keywords inside them do not count.
  const stripped = text.replace(
    /#[^\n\r]*|<[^<>"{}|^`\\\s]*>|"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'/g,
    (m) => (m.startsWith('#') ? ' ' : m.startsWith('<') ? ' <> ' : ' "" '),
  );
  const prologue = /^\s*(?:(?:BASE\s*<>|PREFIX\s+[^\s:]*:\s*<>|VERSION\s*"")\s*)*/i;
  const rest = stripped.replace(prologue, '');
  const first = /^([A-Za-z]+)/.exec(rest)?.[1]?.toUpperCase();
  const form = first && FORMS.has(first) ? (first as QueryForm) : undefined;
  const update = first !== undefined && UPDATE_KEYWORDS.has(first);
  const datasetInQuery = /(?:^|[\s)}*])FROM\s+(?:NAMED\s+)?(?:<>|[A-Za-z_][\w.-]*:|:)/i.test(rest);
  return { form, update, datasetInQuery };
}
