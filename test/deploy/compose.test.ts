import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_KEYS, loadConfig } from '../../src/config/config.js';
import { parseApiKeys } from '../../src/http/auth.js';
import { REPO_ROOT } from '../../src/graph/source-files.js';

interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  environment?: Record<string, string> | string[];
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string; interval?: string; retries?: number };
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function envOf(s: Service): Record<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

/** Compose interpolation with the defaults the file gives: ${X:-default} → default, ${X:?error} → `given`. */
function interpolate(value: string, given: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string | undefined) => {
    if (given[name] !== undefined) return given[name]!;
    if (op === '-') return arg ?? '';
    if (op === '?') throw new Error(`${name} must be set: ${arg}`);
    return '';
  });
}

const { neo4j, regkg } = compose.services as { neo4j: Service; regkg: Service };
const healthcheckText = (s: Service): string => [s.healthcheck?.test ?? []].flat().join(' ');

describe('docker-compose.yml', () => {
  it('runs regkg from the Dockerfile next to a Neo4j 5 Community server', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['neo4j', 'regkg']);
    expect(neo4j.image).toMatch(/^neo4j:5(\.\d+)*-community$/);
    const build = typeof regkg.build === 'string' ? { context: regkg.build } : regkg.build!;
    expect(existsSync(path.join(REPO_ROOT, build.context, build.dockerfile ?? 'Dockerfile'))).toBe(true);
    expect(regkg.depends_on?.neo4j?.condition).toBe('service_healthy');
  });

  it('publishes regkg on 3000 and keeps Neo4j on localhost', () => {
    expect(regkg.ports).toContain('3000:3000');
    expect(neo4j.ports?.every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
    expect(neo4j.ports?.some((p) => p.endsWith(':7687'))).toBe(true);
  });

  it('keeps the Neo4j data in a named volume', () => {
    const volume = neo4j.volumes?.find((v) => v.endsWith(':/data'));
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume!.split(':')[0]);
  });

  it('has healthchecks: Neo4j answers Cypher, regkg answers /readyz', () => {
    expect(healthcheckText(neo4j)).toMatch(/cypher-shell .*RETURN 1/);
    expect(healthcheckText(regkg)).toMatch(/\/readyz/);
    for (const s of [neo4j, regkg]) expect(s.healthcheck?.retries).toBeGreaterThan(0);
  });

  it('sets for regkg only variables that loadConfig accepts, and they configure the Neo4j register', () => {
    const env = envOf(regkg);
    const unknown = Object.keys(env).filter((k) => !CONFIG_KEYS.includes(k));
    expect(unknown).toEqual([]);
    const keys = 'a-compose-test-key-0123456789:admin:ops';
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v, { REGKG_API_KEYS: keys })]));
    const config = loadConfig(resolved);
    expect(config).toMatchObject({ REGKG_STORE: 'neo4j', NEO4J_URI: 'bolt://neo4j:7687', HOST: '0.0.0.0', PORT: 3000 });
    expect(parseApiKeys(config.REGKG_API_KEYS).size).toBe(1);
    expect(() => interpolate(env.REGKG_API_KEYS!, {})).toThrowError(/REGKG_API_KEYS must be set/);
  });

  it('gives regkg the password Neo4j was started with', () => {
    const auth = interpolate(envOf(neo4j).NEO4J_AUTH!, {});
    const password = interpolate(envOf(regkg).NEO4J_PASSWORD!, {});
    expect(auth).toBe(`${interpolate(envOf(regkg).NEO4J_USER!, {})}/${password}`);
  });
});

describe('Dockerfile', () => {
  it('builds on node:20-slim, runs as a non-root user and checks /readyz', () => {
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.every((f) => f === 'node:20-slim')).toBe(true);
    const user = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].pop()?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/readyz/m);
  });

  it('installs production dependencies only, with esbuild (the build) and tsx (the CLI) among them, and runs the build', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    for (const dep of ['tsx', 'esbuild']) {
      expect(pkg.dependencies[dep], dep).toBeDefined();
      expect(pkg.devDependencies[dep], dep).toBeUndefined();
    }
    expect(dockerfile).toMatch(/^RUN node scripts\/build\.mjs$/m);
    expect(dockerfile).toMatch(/^COPY --from=deps \/app\/dist \.\/dist$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "--max-semi-space-size=8", "--enable-source-maps", "dist\/server\.js"\]$/m);
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^12\./);
  });

  it('copies everything the server reads at run time', () => {
    for (const dir of ['src', 'ontology', 'rules', 'mappings', 'public']) expect(dockerfile).toMatch(new RegExp(`^COPY ${dir} `, 'm'));
  });
});
