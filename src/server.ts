import { buildApp } from './app.js';
import { loadConfig } from './config/config.js';
import { RegkgError } from './errors.js';

/** Process entry: config, buildApp, listen, graceful shutdown. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`regkg: ${e instanceof RegkgError ? e.message : String(e)}\n`);
    process.exit(2);
  }
  const t0 = performance.now();
  const app = await buildApp({ config });
  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info({ startupMs: Math.round(performance.now() - t0), knowledgeVersion: app.core.k.version }, 'regkg ready');
  if (config.LOG_LEVEL === 'silent') process.stdout.write(`regkg listening on http://${config.HOST}:${(app.server.address() as { port: number }).port}\n`);
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    app.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
