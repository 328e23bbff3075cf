import { readFileSync } from 'node:fs';
import neo4j, { type Driver } from 'neo4j-driver';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startNeo4j, type Neo4jTestServer } from './server.js';

const MINUTE = 60_000;

function rssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

describe('real Neo4j test server', () => {
  let server: Neo4jTestServer;
  let driver: Driver;

  beforeAll(async () => {
    const t0 = Date.now();
    server = await startNeo4j();
    console.log(`neo4j: ready at ${server.uri} in ${Date.now() - t0} ms, RSS ${rssMiB(server.pid())} MiB`);
    driver = neo4j.driver(server.uri, neo4j.auth.basic(server.user, server.password));
  }, 3 * MINUTE);

  afterAll(async () => {
    await driver?.close();
    await server?.stop();
  }, MINUTE);

  it('answers RETURN 1 and reports a 5.x server', async () => {
    const result = await driver.executeQuery('RETURN 1 AS one');
    expect(result.records[0]?.get('one').toNumber()).toBe(1);
    const info = await driver.getServerInfo();
    expect(info.agent).toMatch(/^Neo4j\/5\./);
  }, MINUTE);

  it('rejects a wrong password', async () => {
    const wrong = neo4j.driver(server.uri, neo4j.auth.basic(server.user, 'not-the-password'));
    try {
      await expect(wrong.executeQuery('RETURN 1')).rejects.toMatchObject({
        code: 'Neo.ClientError.Security.Unauthorized',
      });
    } finally {
      await wrong.close();
    }
  }, MINUTE);

  it('keeps committed data across a clean restart on the same port', async () => {
    await driver.executeQuery('CREATE (:Smoke {id: $id})', { id: 'restart' });
    const uriBefore = server.uri;

    const t0 = Date.now();
    await server.restart();
    console.log(`neo4j: restart took ${Date.now() - t0} ms, RSS ${rssMiB(server.pid())} MiB`);
    expect(server.uri).toBe(uriBefore);

    // The same driver (whose pooled connections died) must work again with a new session.
    const session = driver.session();
    try {
      const count = await session.executeRead(async (tx) => {
        const res = await tx.run('MATCH (n:Smoke {id: $id}) RETURN count(n) AS c', { id: 'restart' });
        return res.records[0]?.get('c').toNumber();
      });
      expect(count).toBe(1);
    } finally {
      await session.close();
    }
  }, 3 * MINUTE);

  it('recovers committed data after a kill (SIGKILL) and start', async () => {
    await driver.executeQuery('CREATE (:Smoke {id: $id})', { id: 'kill' });
    await server.kill();
    expect(server.pid()).toBeUndefined();
    await expect(driver.verifyConnectivity()).rejects.toMatchObject({ code: 'ServiceUnavailable' });

    const t0 = Date.now();
    await server.start();
    console.log(`neo4j: start after kill (recovery) took ${Date.now() - t0} ms`);

    const result = await driver.executeQuery('MATCH (n:Smoke) RETURN n.id AS id ORDER BY id');
    expect(result.records.map((r) => r.get('id'))).toEqual(['kill', 'restart']);
  }, 3 * MINUTE);
});
