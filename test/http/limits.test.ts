import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { RegkgError } from '../../src/errors.js';
import { testApp } from '../support/app.js';

describe('limits and configuration', () => {
  it('refuses an over-long URL with 414 problem+json', async () => {
    const app = await testApp({ REGKG_MAX_URL_LENGTH: 300 });
    const res = await app.inject({ method: 'GET', url: `/v1/obligations?q=${'a'.repeat(400)}` });
    expect(res.statusCode).toBe(414);
    expect(res.json().code).toBe('REGKG_ERR_URI_TOO_LONG');
    await app.close();
  });

  it('fails fast on a bad setting with a readable message naming it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ REGKG_STORE: 'mongo' })).toThrow(/REGKG_STORE/);
    expect(() => loadConfig({ REGKG_SPARQL_WORKERS: '0' })).toThrow(/REGKG_SPARQL_WORKERS/);
    expect(() => loadConfig({ REGKG_TYPO: '1' })).toThrow(/unknown setting\(s\) REGKG_TYPO/);
    expect(() => loadConfig({ REGKG_STORE: 'neo4j' })).toThrow(RegkgError);
    expect(loadConfig({ PORT: '8080', REGKG_CORS_ORIGINS: 'https://a.example, https://b.example' })).toMatchObject({ PORT: 8080, REGKG_CORS_ORIGINS: ['https://a.example', 'https://b.example'] });
  });
});
