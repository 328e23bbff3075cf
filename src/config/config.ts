import { z } from 'zod';
import { RegkgError } from '../errors.js';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const csv = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

/** Every setting regkg reads, validated once at boot. This is the only module that reads process.env. */
export const ConfigSchema = z.strictObject({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REGKG_PUBLIC_BASE: z.string().url().optional(),
  REGKG_BODY_LIMIT: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  REGKG_MAX_URL_LENGTH: z.coerce.number().int().min(256).max(65_536).default(8192),
  REGKG_RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(600),
  REGKG_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).default(60_000),
  REGKG_CORS_ORIGINS: csv.default(['*']),
  REGKG_SPARQL_TIMEOUT_MS: z.coerce.number().int().min(10).max(600_000).default(10_000),
  REGKG_SPARQL_MAX_RESULTS: z.coerce.number().int().min(1).default(10_000),
  /** Most SPARQL query worker threads; each holds its own copy of the store (35-65 MiB). One is kept, the others run while queries overlap. */
  REGKG_SPARQL_WORKERS: z.coerce.number().int().min(1).max(8).default(2),
  /** A SPARQL worker beyond the first stops after this long without a query. */
  REGKG_SPARQL_WORKER_IDLE_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /**
   * Most assessment threads; 0 (default): assessments run on the event loop. With 1, a thread starts once more than
   * 50 assessments a second arrive and holds a second copy of the knowledge (~115 MiB, more under load) until idle:
   * ~40 % more assessments per second for that memory (bench/README.md). Off by default for the 300 MB target.
   */
  REGKG_ASSESS_THREADS: z.coerce.number().int().min(0).max(4).default(0),
  /** An assessment thread stops after this long without an assessment. */
  REGKG_ASSESS_THREAD_IDLE_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  REGKG_GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(10),
  REGKG_GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(5_000),
  REGKG_GRAPHQL_INTROSPECTION: bool.default(true),
  /**
   * Most GraphQL answers kept (ADR 0009): knowledge lookups, and `assess` selections without facts, questions or
   * check parameters, by the rules' outcome. 0 keeps none. At most 8 Mi characters in all, each held as text and as
   * UTF-8 (~16 MiB); the oldest answer goes first.
   */
  REGKG_GRAPHQL_KEPT_ANSWERS: z.coerce.number().int().min(0).max(100_000).default(1_000),
  REGKG_STORE: z.enum(['embedded', 'neo4j', 'memory']).default('embedded'),
  REGKG_DATA_DIR: z.string().default('./data'),
  REGKG_API_KEYS: z.string().optional(),
  NEO4J_URI: z.string().optional(),
  NEO4J_USER: z.string().optional(),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z.string().optional(),
  /** How long a Neo4j write may be retried (transient errors, lost connections) before answering 503. */
  NEO4J_MAX_RETRY_MS: z.coerce.number().int().min(0).max(120_000).default(5_000),
  /** Connect and connection-acquisition timeout towards Neo4j. */
  NEO4J_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(3_000),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Names of the environment variables the config accepts (used to check docker-compose.yml). */
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape);

/** Reads the config from an environment (process.env by default); unknown REGKG_ variables are an error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string> = {};
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (CONFIG_KEYS.includes(k)) picked[k] = v;
    else if (k.startsWith('REGKG_')) unknown.push(k);
  }
  if (unknown.length) throw new RegkgError('CONFIG_INVALID', { detail: `unknown setting(s) ${unknown.sort().join(', ')}; allowed: ${CONFIG_KEYS.join(', ')}` });
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new RegkgError('CONFIG_INVALID', { detail });
  }
  if (parsed.data.REGKG_STORE === 'neo4j' && !parsed.data.NEO4J_URI) {
    throw new RegkgError('CONFIG_INVALID', { detail: 'REGKG_STORE=neo4j needs NEO4J_URI' });
  }
  return parsed.data;
}

/** A config for tests and embedding: defaults plus overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // The register defaults to the throw-away in-memory store so that tests never write under ./data.
  return { ...ConfigSchema.parse({}), LOG_LEVEL: 'silent', REGKG_RATE_LIMIT_MAX: 0, REGKG_STORE: 'memory', ...overrides };
}
