import { describe, expect, it } from 'vitest';
import { negotiateSparql, parseAccept, pickMediaType } from '../../src/sparql/negotiate.js';
import { RegkgError } from '../../src/errors.js';

describe('pickMediaType', () => {
  const offers = ['text/turtle', 'application/ld+json', 'text/html'];

  it('takes the server default for a missing Accept or */*', () => {
    expect(pickMediaType(undefined, offers)).toBe('text/turtle');
    expect(pickMediaType('*/*', offers)).toBe('text/turtle');
  });

  it('follows q-values and lets the most specific range decide', () => {
    expect(pickMediaType('text/turtle;q=0.5, application/ld+json', offers)).toBe('application/ld+json');
    expect(pickMediaType('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', offers)).toBe('text/html');
    expect(pickMediaType('*/*;q=0.9, text/turtle;q=0', offers)).toBe('application/ld+json');
    expect(pickMediaType('text/*', offers)).toBe('text/turtle');
  });

  it('returns undefined when nothing offered is acceptable', () => {
    expect(pickMediaType('image/png', offers)).toBeUndefined();
  });

  it('skips malformed ranges', () => {
    expect(parseAccept('garbage, text/csv;q=0.3')).toEqual([{ type: 'text', subtype: 'csv', q: 0.3 }]);
  });
});

describe('negotiateSparql', () => {
  it('answers SELECT in JSON by default and in XML, CSV or TSV on request', () => {
    expect(negotiateSparql(undefined, 'SELECT')).toEqual({ format: 'json', contentType: 'application/sparql-results+json; charset=utf-8' });
    expect(negotiateSparql('application/sparql-results+xml', 'ASK').format).toBe('xml');
    expect(negotiateSparql('text/csv', 'SELECT').format).toBe('csv');
    expect(negotiateSparql('text/tab-separated-values', 'SELECT').format).toBe('tsv');
    expect(negotiateSparql('application/json', 'SELECT').contentType).toBe('application/json; charset=utf-8');
  });

  it('answers CONSTRUCT and DESCRIBE in Turtle by default and in N-Triples, JSON-LD or RDF/XML on request', () => {
    expect(negotiateSparql('*/*', 'CONSTRUCT').format).toBe('turtle');
    expect(negotiateSparql('application/n-triples', 'DESCRIBE').format).toBe('ntriples');
    expect(negotiateSparql('application/ld+json', 'CONSTRUCT').format).toBe('jsonld');
    expect(negotiateSparql('application/rdf+xml', 'CONSTRUCT').format).toBe('rdfxml');
  });

  it('throws NOT_ACCEPTABLE with the allowed types when nothing fits', () => {
    try {
      negotiateSparql('text/turtle', 'SELECT');
      expect.unreachable();
    } catch (e) {
      expect((e as RegkgError).code).toBe('NOT_ACCEPTABLE');
      expect((e as RegkgError).extras.allowed).toContain('application/sparql-results+json');
    }
  });
});
