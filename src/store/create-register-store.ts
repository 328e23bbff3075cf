import path from 'node:path';
import type { Config } from '../config/config.js';
import { neo4jConnectionOf } from './neo4j-driver.js';
import { Neo4jStore } from './neo4j-store.js';
import type { RegisterStore } from './register-store.js';
import { SqliteStore } from './sqlite-store.js';

/** The register file of the embedded store, under REGKG_DATA_DIR. */
export function registerFileOf(config: Config): string {
  return path.join(config.REGKG_DATA_DIR, 'register.sqlite');
}

/** Opens the register store REGKG_STORE selects: embedded (SQLite file), memory (SQLite :memory:) or neo4j. */
export function createRegisterStore(config: Config): RegisterStore {
  switch (config.REGKG_STORE) {
    case 'neo4j':
      return new Neo4jStore(neo4jConnectionOf(config));
    case 'memory':
      return new SqliteStore({ file: ':memory:' });
    case 'embedded':
      return new SqliteStore({ file: registerFileOf(config) });
  }
}
