import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsedOnce } from '../../src/http/parsed-once.js';
import { RegkgError } from '../../src/errors.js';

describe('parsedOnce (query strings parsed once each)', () => {
  const Q = z.strictObject({ view: z.enum(['a', 'b']).default('a') });

  it('gives the same frozen value for the same query string, and parses a new string anew', () => {
    const parse = parsedOnce(Q);
    const one = parse('/x?view=b', { view: 'b' });
    expect(one).toEqual({ view: 'b' });
    expect(Object.isFrozen(one)).toBe(true);
    expect(parse('/x?view=b', { view: 'b' })).toBe(one);
    expect(parse('/x', {})).toEqual({ view: 'a' });
  });

  it('never keeps an invalid query: each time it is refused with the field and the allowed values', () => {
    const parse = parsedOnce(Q);
    for (let i = 0; i < 2; i++) {
      let err: unknown;
      try {
        parse('/x?view=c', { view: 'c' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RegkgError);
      expect((err as RegkgError).extras).toMatchObject({ field: 'view', allowed: ['a', 'b'] });
    }
  });

  it('is bounded: past max strings the oldest is dropped and parsed again when it comes back', () => {
    const parse = parsedOnce(Q, 2);
    const first = parse('/x?view=a&1', { view: 'a' });
    parse('/x?view=a&2', { view: 'a' });
    parse('/x?view=a&3', { view: 'a' });
    expect(parse('/x?view=a&1', { view: 'a' })).not.toBe(first);
  });
});
