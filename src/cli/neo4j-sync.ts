import type { Driver } from 'neo4j-driver';
import type { Config } from '../config/config.js';
import type { Core } from '../core.js';
import { createNeo4jDriver, neo4jConnectionOf } from '../store/neo4j-driver.js';
import { loadProjection, projectKnowledge, syncProjection, type SyncReport } from '../store/neo4j-projection.js';

/**
 * `regkg neo4j sync`: projects the knowledge graph into Neo4j as ontology/neo4j-projection.yaml declares.
 * Idempotent: a second run with the same knowledge version leaves the same nodes and relationships.
 */
export async function runNeo4jSync(core: Core, config: Config, opts: { driver?: Driver; projectionFile?: string } = {}): Promise<SyncReport> {
  const conn = neo4jConnectionOf(config);
  const driver = opts.driver ?? createNeo4jDriver(conn);
  try {
    const projection = loadProjection(opts.projectionFile);
    const graph = projectKnowledge(core.k.quads, projection);
    return await syncProjection(driver, graph, projection, { database: conn.database, knowledgeVersion: core.k.version });
  } finally {
    if (!opts.driver) await driver.close();
  }
}
