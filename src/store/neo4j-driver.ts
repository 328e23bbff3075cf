import neo4j, { Neo4jError, type Driver } from 'neo4j-driver';
import type { Config } from '../config/config.js';
import { RegkgError } from '../errors.js';

export interface Neo4jConnection {
  uri: string;
  user?: string;
  password?: string;
  database?: string;
  /** How long executeWrite/executeRead retry transient failures before giving up. */
  maxRetryMs: number;
  connectionTimeoutMs: number;
}

export function neo4jConnectionOf(config: Config): Neo4jConnection {
  if (!config.NEO4J_URI) throw new RegkgError('CONFIG_INVALID', { detail: 'NEO4J_URI is required for Neo4j' });
  return {
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
    maxRetryMs: config.NEO4J_MAX_RETRY_MS,
    connectionTimeoutMs: config.NEO4J_CONNECTION_TIMEOUT_MS,
  };
}

/**
 * A driver with short timeouts: with Neo4j down, a request fails in about `maxRetryMs` with 503 instead of hanging.
 * The driver's pool reconnects by itself when the server comes back; nothing here has to.
 */
export function createNeo4jDriver(c: Neo4jConnection): Driver {
  const auth = c.user ? neo4j.auth.basic(c.user, c.password ?? '') : undefined;
  return neo4j.driver(c.uri, auth, {
    disableLosslessIntegers: true,
    maxTransactionRetryTime: c.maxRetryMs,
    connectionTimeout: c.connectionTimeoutMs,
    connectionAcquisitionTimeout: c.connectionTimeoutMs,
    maxConnectionPoolSize: 50,
    userAgent: 'regkg',
  });
}

const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.ClientError.Database.DatabaseNotFound']);

/** Maps driver errors meaning "Neo4j cannot take this now" to STORE_UNAVAILABLE (503); others pass through. */
export function mapNeo4jError(e: unknown): unknown {
  if (e instanceof RegkgError) return e;
  if (e instanceof Neo4jError) {
    const code = e.code;
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('Neo.TransientError.') || e.retriable) {
      return new RegkgError('STORE_UNAVAILABLE', { detail: `Neo4j: ${code}` });
    }
    if (code.startsWith('Neo.ClientError.Security.')) {
      return new RegkgError('STORE_UNAVAILABLE', { detail: 'Neo4j refused the credentials' });
    }
  }
  return e;
}

export function isConstraintViolation(e: unknown): boolean {
  return e instanceof Neo4jError && e.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';
}
