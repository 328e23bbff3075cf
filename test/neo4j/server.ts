/**
 * A real Neo4j 5 (Community, embedded through org.neo4j.test:neo4j-harness) for the test suite.
 *
 * The Java launcher lives in test/neo4j/launcher and is built by test/neo4j/build.sh, which
 * startNeo4j() runs itself (it returns at once when the build is up to date).
 *
 * Environment:
 *   NEO4J_TEST_JAVA       java executable (default: `java` on PATH; Neo4j 5.26 needs Java 17 or 21)
 *   NEO4J_TEST_JAVA_OPTS  extra JVM options, space-separated, appended after the defaults
 *   NEO4J_TEST_VERBOSE=1  copy the server's stderr to this process's stderr
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BUILD_SCRIPT = path.join(HERE, 'build.sh');
const TARGET = path.join(HERE, 'launcher', 'target');
const CLASSPATH = [path.join(TARGET, 'neo4j-test-server.jar'), path.join(TARGET, 'lib', '*')].join(path.delimiter);
const MAIN_CLASS = 'regkg.testing.Neo4jTestServer';
const READY = /^NEO4J_READY bolt:\/\/127\.0\.0\.1:(\d+)\s*$/;

const DEFAULT_USER = 'neo4j';
const DEFAULT_PASSWORD = 'regkg-test-password';
const DEFAULT_START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
/** Restarting on the same port can race with the old socket's release: retry a bind failure this long. */
const BIND_RETRY_MS = 15_000;

const DEFAULT_JVM_OPTS = [
  '-Xms64m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:+ExitOnOutOfMemoryError',
  '-XX:-OmitStackTraceInFastThrow',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dlog4j2.disable.jmx=true',
  '-Dfile.encoding=UTF-8',
];

export interface StartNeo4jOptions {
  /** Bolt port on 127.0.0.1. Default: a free port chosen by the server; restarts reuse it. */
  port?: number;
  /** Password of user `neo4j` (at least 8 characters). `null` disables authentication. */
  password?: string | null;
  /**
   * Data directory (kept after stop). Default: a new directory under os.tmpdir(), removed when this
   * process exits, or else by the next startNeo4j() once this process is gone.
   */
  dataDir?: string;
  /** How long to wait for the READY line. Default 120 s. */
  startTimeoutMs?: number;
}

export interface Neo4jTestServer {
  /** bolt://127.0.0.1:PORT */
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly port: number;
  readonly dataDir: string;
  /** PID of the running Java process, or undefined while stopped. */
  pid(): number | undefined;
  /** Starts the server again after stop() or kill(), on the same port and data directory. */
  start(): Promise<void>;
  /** Clean shutdown (SIGTERM; SIGKILL after 30 s). Keeps the data directory. Idempotent. */
  stop(): Promise<void>;
  /** Abrupt death (SIGKILL): the next start recovers from the transaction logs. Idempotent. */
  kill(): Promise<void>;
  /** stop() then start(): same port, same data directory. */
  restart(): Promise<void>;
}

let buildOnce: Promise<void> | undefined;

/** Runs test/neo4j/build.sh once per process (a no-op when the build is up to date). */
export function ensureNeo4jBuilt(): Promise<void> {
  buildOnce ??= new Promise<void>((resolve, reject) => {
    execFile('bash', [BUILD_SCRIPT], { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) {
        reject(new Error(`test/neo4j/build.sh failed: ${error.message}\n${stderr}`));
      } else {
        resolve();
      }
    });
  });
  return buildOnce;
}

const TEMP_PREFIX = 'regkg-neo4j-';
const OWNER_FILE = '.owner-pid';
const tempDirs = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes data directories left under os.tmpdir() by earlier test processes that are gone
 * (a test runner may end its workers without running 'exit' handlers).
 */
function sweepStaleTempDirs(): void {
  const tmp = os.tmpdir();
  let names: string[];
  try {
    // mkdtemp adds six characters to the prefix.
    names = readdirSync(tmp).filter((name) => name.length === TEMP_PREFIX.length + 6 && name.startsWith(TEMP_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(tmp, name);
    try {
      if (!statSync(dir).isDirectory()) continue;
      let stale: boolean;
      try {
        const owner = Number(readFileSync(path.join(dir, OWNER_FILE), 'utf8').trim());
        stale = !Number.isInteger(owner) || owner <= 0 || (owner !== process.pid && !processAlive(owner));
      } catch {
        // No owner file: only a directory being created right now, or a very old one.
        stale = Date.now() - statSync(dir).mtimeMs > 10 * 60_000;
      }
      if (stale) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process may be sweeping the same directory: ignore.
    }
  }
}
const liveChildren = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort against orphans; the launcher also exits when its stdin (our pipe) closes.
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

function jvmOpts(): string[] {
  const extra = (process.env.NEO4J_TEST_JAVA_OPTS ?? '').split(/\s+/).filter((s) => s.length > 0);
  return [...DEFAULT_JVM_OPTS, ...extra];
}

class StartError extends Error {
  constructor(
    message: string,
    readonly bindFailure: boolean,
  ) {
    super(message);
  }
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<void>;
}

function waitExit(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
  });
}

function launch(args: {
  port: number;
  dataDir: string;
  password: string | null;
  timeoutMs: number;
}): Promise<{ running: Running; port: number }> {
  const javaArgs = [
    ...jvmOpts(),
    '-cp',
    CLASSPATH,
    MAIN_CLASS,
    '--data-dir',
    args.dataDir,
    '--port',
    String(args.port),
    '--exit-on-stdin-eof',
  ];
  const env = { ...process.env };
  delete env.NEO4J_PASSWORD;
  delete env.NEO4J_BOLT_PORT;
  delete env.NEO4J_DATA_DIR;
  if (args.password !== null) javaArgs.push('--password', args.password);

  // The harness makes a random home folder (logs only) per start and deletes it on a clean stop;
  // a kill leaves it behind, so clear them before each start.
  rmSync(path.join(args.dataDir, 'home'), { recursive: true, force: true });
  mkdirSync(args.dataDir, { recursive: true });

  const child = spawn(process.env.NEO4J_TEST_JAVA ?? 'java', javaArgs, {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  const exited = waitExit(child).then(() => {
    liveChildren.delete(child);
  });
  const stderrTail: string[] = [];
  const verbose = process.env.NEO4J_TEST_VERBOSE === '1';
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (verbose) process.stderr.write(`[neo4j] ${line}\n`);
    stderrTail.push(line);
    if (stderrTail.length > 200) stderrTail.shift();
  });
  // Avoid an unhandled EPIPE when the server has gone and we close our end.
  child.stdin.on('error', () => undefined);

  return new Promise((resolve, reject) => {
    let settled = false;
    const failure = (why: string): StartError => {
      const tail = stderrTail.join('\n');
      return new StartError(`Neo4j test server ${why}\n--- stderr (tail) ---\n${tail}`, /Address already in use|PortBindException/.test(tail));
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      void exited.then(() => reject(failure(`did not become ready within ${args.timeoutMs} ms`)));
    }, args.timeoutMs);
    child.once('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`could not run Java for the Neo4j test server: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Let the stderr reader drain before reporting.
      setImmediate(() => reject(failure(`exited before it was ready (code ${code}, signal ${signal})`)));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = READY.exec(line);
      if (!match || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ running: { child, exited }, port: Number(match[1]) });
    });
  });
}

async function terminate(running: Running, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const { child, exited } = running;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill(signal);
    if (signal === 'SIGTERM') {
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
  }
  await exited;
  child.stdin.destroy();
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a real Neo4j 5 server on 127.0.0.1 and resolves once Bolt accepts connections.
 * Call stop() (or kill()) when done.
 */
export async function startNeo4j(opts: StartNeo4jOptions = {}): Promise<Neo4jTestServer> {
  await ensureNeo4jBuilt();
  installExitHook();

  const password = opts.password === undefined ? DEFAULT_PASSWORD : opts.password;
  if (password !== null && password.length < 8) {
    throw new Error('startNeo4j: password must have at least 8 characters');
  }
  let dataDir = opts.dataDir;
  if (dataDir === undefined) {
    sweepStaleTempDirs();
    dataDir = mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
    writeFileSync(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
    tempDirs.add(dataDir);
  }
  const timeoutMs = opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const dir = dataDir;

  let port = opts.port ?? 0;
  let running: Running | undefined;
  let busy: Promise<void> = Promise.resolve();

  /** Serialises start/stop/kill so that overlapping calls cannot leave two servers. */
  const serial = (op: () => Promise<void>): Promise<void> => {
    const next = busy.then(op, op);
    busy = next.catch(() => undefined);
    return next;
  };

  const doStart = async (): Promise<void> => {
    if (running) return;
    const deadline = Date.now() + BIND_RETRY_MS;
    for (;;) {
      try {
        const launched = await launch({ port, dataDir: dir, password, timeoutMs });
        running = launched.running;
        port = launched.port;
        void running.exited.then(() => {
          if (running === launched.running) running = undefined;
        });
        return;
      } catch (error) {
        const retry = error instanceof StartError && error.bindFailure && port !== 0 && Date.now() < deadline;
        if (!retry) throw error;
        await sleep(500);
      }
    }
  };

  const doStop = async (signal: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    const current = running;
    running = undefined;
    if (current) await terminate(current, signal);
  };

  await doStart();

  return {
    get uri() {
      return `bolt://127.0.0.1:${port}`;
    },
    user: DEFAULT_USER,
    password: password ?? '',
    get port() {
      return port;
    },
    dataDir: dir,
    pid: () => running?.child.pid,
    start: () => serial(doStart),
    stop: () => serial(() => doStop('SIGTERM')),
    kill: () => serial(() => doStop('SIGKILL')),
    restart: () =>
      serial(async () => {
        await doStop('SIGTERM');
        await doStart();
      }),
  };
}
