import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parseApiKeys, RegisterAuth } from '../../src/http/auth.js';
import { PROFILES } from '../store/store-contract.js';
import { testApp } from '../support/app.js';
import { call, KEYS, registerApp } from './register-support.js';

describe('register authentication', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await registerApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 401 with a WWW-Authenticate challenge without a key, and for a wrong key', async () => {
    const none = await call(app, 'nobody', { method: 'GET', url: '/v1/systems' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json().code).toBe('REGKG_ERR_UNAUTHENTICATED');
    const wrong = await app.inject({ method: 'GET', url: '/v1/systems', headers: { 'x-api-key': 'not-a-key-at-all-00000' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('accepts a key as a bearer token', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/systems', headers: { authorization: `Bearer ${KEYS.reader}` } });
    expect(res.statusCode).toBe(200);
  });

  it('lets readers read but not write (403), editors write but not read the audit', async () => {
    expect((await call(app, 'reader', { method: 'POST', url: '/v1/systems', json: { profile: PROFILES.spamFilter } })).statusCode).toBe(403);
    expect((await call(app, 'editor', { method: 'POST', url: '/v1/systems', json: { profile: PROFILES.spamFilter } })).statusCode).toBe(201);
    const audit = await call(app, 'editor', { method: 'GET', url: '/v1/audit' });
    expect(audit.statusCode).toBe(403);
    expect(audit.json().detail).toMatch(/admin/);
    expect((await call(app, 'admin', { method: 'GET', url: '/v1/audit' })).statusCode).toBe(200);
  });

  it('checks credentials before anything else: 401 beats 404 and 400', async () => {
    expect((await call(app, 'nobody', { method: 'GET', url: '/v1/systems/0000000000000000000000000' })).statusCode).toBe(401);
    expect((await call(app, 'nobody', { method: 'POST', url: '/v1/systems', json: { nonsense: true } })).statusCode).toBe(401);
  });

  it('keeps the knowledge graph open without any key', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/obligations?limit=1' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/v1/assessments', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(PROFILES.spamFilter) })).statusCode).toBe(200);
  });
});

describe('register without configured keys', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'regkg-auth-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses every register request (401) with a persistent store', async () => {
    const app = await testApp({ REGKG_STORE: 'embedded', REGKG_DATA_DIR: dir });
    try {
      expect((await app.inject({ method: 'GET', url: '/v1/systems' })).statusCode).toBe(401);
      const post = await app.inject({ method: 'POST', url: '/v1/systems', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ profile: PROFILES.spamFilter }) });
      expect(post.statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/v1/obligations?limit=1' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('is open to the local admin with the throw-away memory store', async () => {
    const app = await testApp({ REGKG_STORE: 'memory' });
    try {
      const post = await app.inject({ method: 'POST', url: '/v1/systems', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ profile: PROFILES.spamFilter }) });
      expect(post.statusCode).toBe(201);
      expect(post.json().createdBy).toBe('local');
      expect((await app.inject({ method: 'GET', url: '/v1/audit' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('REGKG_API_KEYS', () => {
  it('parses key:role[:name] entries and names unnamed keys by their digest', () => {
    const auth = new RegisterAuth({ REGKG_STORE: 'embedded', REGKG_API_KEYS: `${KEYS.admin}:admin:ops, ${KEYS.reader}:reader` });
    expect(auth.mode).toBe('keys');
    expect(auth.identify({ 'x-api-key': KEYS.admin })).toEqual({ id: 'ops', role: 'admin' });
    expect(auth.identify({ 'x-api-key': KEYS.reader })).toMatchObject({ id: expect.stringMatching(/^key-[0-9a-f]{8}$/), role: 'reader' });
    expect(auth.identify({})).toBeUndefined();
  });

  it('refuses short keys, unknown roles, bad names and duplicates at boot', () => {
    expect(() => parseApiKeys('key1:admin')).toThrowError(/at least 16 characters/);
    expect(() => parseApiKeys(`${KEYS.admin}:root`)).toThrowError(/unknown role "root"/);
    expect(() => parseApiKeys(`${KEYS.admin}:admin:bad name`)).toThrowError(/name/);
    expect(() => parseApiKeys(`${KEYS.admin}:admin,${KEYS.admin}:reader`)).toThrowError(/twice/);
    expect(() => parseApiKeys(`${KEYS.admin}:admin:a:b`)).toThrowError(/key:role/);
  });
});
