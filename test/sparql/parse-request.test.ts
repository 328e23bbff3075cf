import { describe, expect, it } from 'vitest';
import { analyseQuery, parseSparqlRequest } from '../../src/sparql/parse-request.js';
import { RegkgError } from '../../src/errors.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof RegkgError ? e.code : 'OTHER';
  }
  return undefined;
};

describe('parseSparqlRequest', () => {
  it('reads a GET query with its dataset parameters', () => {
    const r = parseSparqlRequest({ method: 'GET', urlQuery: { query: 'SELECT * WHERE {}', 'default-graph-uri': ['https://a/g1', 'https://a/g2'], 'named-graph-uri': 'https://a/g3' } });
    expect(r).toEqual({ query: 'SELECT * WHERE {}', form: 'SELECT', dataset: { kind: 'protocol', defaultGraphs: ['https://a/g1', 'https://a/g2'], namedGraphs: ['https://a/g3'] } });
  });

  it('returns undefined for a GET without a query (editor or service description)', () => {
    expect(parseSparqlRequest({ method: 'GET', urlQuery: {} })).toBeUndefined();
  });

  it('reads a form-encoded POST, graphs from the body', () => {
    const body = new URLSearchParams({ query: 'ASK {}', 'named-graph-uri': 'https://a/g' }).toString();
    const r = parseSparqlRequest({ method: 'POST', contentType: 'application/x-www-form-urlencoded; charset=UTF-8', urlQuery: {}, body });
    expect(r).toMatchObject({ query: 'ASK {}', form: 'ASK', dataset: { kind: 'protocol', defaultGraphs: [], namedGraphs: ['https://a/g'] } });
  });

  it('reads a direct application/sparql-query POST, graphs from the URL', () => {
    const r = parseSparqlRequest({ method: 'POST', contentType: 'application/sparql-query', urlQuery: { 'default-graph-uri': 'https://a/g' }, body: 'CONSTRUCT WHERE { ?s ?p ?o }' });
    expect(r).toMatchObject({ form: 'CONSTRUCT', dataset: { kind: 'protocol', defaultGraphs: ['https://a/g'] } });
  });

  it('uses the union default graph unless the query names its own dataset', () => {
    expect(parseSparqlRequest({ method: 'GET', urlQuery: { query: 'SELECT * WHERE { ?s ?p ?o }' } })?.dataset).toEqual({ kind: 'union' });
    expect(parseSparqlRequest({ method: 'GET', urlQuery: { query: 'SELECT * FROM <https://a/g> WHERE { ?s ?p ?o }' } })?.dataset).toEqual({ kind: 'query' });
  });

  it('refuses updates in every form with SPARQL_UPDATE_REFUSED', () => {
    expect(codeOf(() => parseSparqlRequest({ method: 'GET', urlQuery: { update: 'CLEAR ALL' } }))).toBe('SPARQL_UPDATE_REFUSED');
    expect(codeOf(() => parseSparqlRequest({ method: 'POST', contentType: 'application/x-www-form-urlencoded', urlQuery: {}, body: 'update=CLEAR%20ALL' }))).toBe('SPARQL_UPDATE_REFUSED');
    expect(codeOf(() => parseSparqlRequest({ method: 'POST', contentType: 'application/sparql-update', urlQuery: {}, body: 'CLEAR ALL' }))).toBe('SPARQL_UPDATE_REFUSED');
    expect(codeOf(() => parseSparqlRequest({ method: 'GET', urlQuery: { query: 'PREFIX ex: <http://ex/#> INSERT DATA { ex:a ex:b ex:c }' } }))).toBe('SPARQL_UPDATE_REFUSED');
  });

  it('refuses other content types with 415 and names the allowed ones', () => {
    try {
      parseSparqlRequest({ method: 'POST', contentType: 'application/json', urlQuery: {}, body: '{}' });
      expect.unreachable();
    } catch (e) {
      expect((e as RegkgError).code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect((e as RegkgError).extras.allowed).toEqual(['application/x-www-form-urlencoded', 'application/sparql-query']);
    }
  });

  it('rejects a missing or repeated query parameter and non-IRI graph names', () => {
    expect(codeOf(() => parseSparqlRequest({ method: 'POST', contentType: 'application/x-www-form-urlencoded', urlQuery: {}, body: 'x=1' }))).toBe('VALIDATION');
    expect(codeOf(() => parseSparqlRequest({ method: 'GET', urlQuery: { query: ['ASK {}', 'ASK {}'] } }))).toBe('VALIDATION');
    expect(codeOf(() => parseSparqlRequest({ method: 'GET', urlQuery: { query: 'ASK {}', 'default-graph-uri': 'not an iri' } }))).toBe('VALIDATION');
    expect(codeOf(() => parseSparqlRequest({ method: 'GET', urlQuery: { query: '  ' } }))).toBe('SPARQL_SYNTAX');
  });
});

describe('analyseQuery', () => {
  it('finds the form after a prologue with comments', () => {
    const q = '# a comment with SELECT\nBASE <http://ex/>\nPREFIX ex: <http://ex/#frag>\n  prefix : <http://ex/>\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }';
    expect(analyseQuery(q)).toEqual({ form: 'CONSTRUCT', update: false, datasetInQuery: false });
    expect(analyseQuery('DESCRIBE <http://ex/a>').form).toBe('DESCRIBE');
    expect(analyseQuery('ask {}').form).toBe('ASK');
  });

  it('does not mistake FROM inside strings, IRIs, variables or names for a dataset clause', () => {
    expect(analyseQuery('SELECT ?from WHERE { ?s <http://ex/FROM> "FROM <x>" ; ex:from ?from }').datasetInQuery).toBe(false);
    expect(analyseQuery('SELECT * FROM NAMED <http://ex/g> WHERE { GRAPH ?g { ?s ?p ?o } }').datasetInQuery).toBe(true);
    expect(analyseQuery('SELECT *\nfrom ex:g WHERE {}').datasetInQuery).toBe(true);
  });

  it('flags update operations and leaves the form undefined for nonsense', () => {
    expect(analyseQuery('WITH <http://ex/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }').update).toBe(true);
    expect(analyseQuery('DROP ALL').update).toBe(true);
    expect(analyseQuery('SELEC ?x WHERE {}')).toEqual({ form: undefined, update: false, datasetInQuery: false });
  });
});
