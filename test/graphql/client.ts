import type { FastifyBaseLogger } from 'fastify';
import type { Core } from '../../src/core.js';
import { testConfig, type Config } from '../../src/config/config.js';
import { createRegkgYoga, type RegkgYoga } from '../../src/graphql/yoga.js';
import { sharedCore } from '../support/core.js';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface LogEntry {
  level: string;
  args: unknown[];
}

/** A logger that keeps what it is given (silent otherwise). */
export function memoryLogger(entries: LogEntry[] = []): FastifyBaseLogger & { entries: LogEntry[] } {
  const at = (level: string) => (...args: unknown[]) => void entries.push({ level, args });
  const log = {
    entries,
    level: 'trace',
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    silent: () => undefined,
    child: () => log,
  };
  return log as unknown as FastifyBaseLogger & { entries: LogEntry[] };
}

/** A yoga server over the shared core (no fastify), for `yoga.fetch()` tests. */
export function testYoga(overrides: Partial<Config> = {}, core: Core = sharedCore(), log = memoryLogger()): RegkgYoga {
  return createRegkgYoga(core, testConfig(overrides), log);
}

/** POSTs one GraphQL request through `yoga.fetch()`. */
export async function gql<T = Record<string, unknown>>(yoga: RegkgYoga, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GqlResult<T>> {
  const res = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as Omit<GqlResult<T>, 'status'>) };
}

export const CV_SCREENER = { name: 'CV screener', roles: ['deployer'], annexIIIUseCases: ['annex-iii-4a'], deployerContext: ['employer-workplace'] };
