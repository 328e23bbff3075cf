import path from 'node:path';
import type { Config } from '../config/config.js';
import type { RegisterStore } from './register-store.js';
import { SqliteStore } from './sqlite-store.js';

/** The register file of the embedded store, under REGKG_DATA_DIR. */
export function registerFileOf(config: Config): string {
  return path.join(config.REGKG_DATA_DIR, 'register.sqlite');
}

/**
 * Opens the register store REGKG_STORE selects: embedded (SQLite file), memory (SQLite :memory:) or neo4j.
 * The Neo4j driver is loaded only when it is used (it costs ~0.3 s of startup otherwise).
 */
export async function createRegisterStore(config: Config): Promise<RegisterStore> {
  switch (config.REGKG_STORE) {
    case 'neo4j': {
      const [{ neo4jConnectionOf }, { Neo4jStore }] = await Promise.all([import('./neo4j-driver.js'), import('./neo4j-store.js')]);
      return new Neo4jStore(neo4jConnectionOf(config));
    }
    case 'memory':
      return new SqliteStore({ file: ':memory:' });
    case 'embedded':
      return new SqliteStore({ file: registerFileOf(config) });
  }
}
