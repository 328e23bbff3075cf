import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config/config.js';
import { sharedCore } from './core.js';

/** An app over the shared core, for app.inject() tests. */
export async function testApp(overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig(overrides), core: sharedCore() });
  await app.ready();
  return app;
}
