import { Worker } from 'node:worker_threads';
import type { AssessmentView, Core } from '../core.js';
import { RegkgError, type ErrorCode, type ErrorParams, type ProblemExtras } from '../errors.js';
import type { Lang } from '../graph/graph-view.js';

// From src/ (tsx, vitest) the thread starts through a plain-JavaScript entry that registers tsx; from dist/ (npm
// start, the image: ADR 0010) the compiled module is the entry.
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./assess-worker.mjs', import.meta.url) : new URL('./assess-worker-main.js', import.meta.url);

export interface AssessJob {
  input: unknown;
  asOf?: string;
  lang?: Lang;
  view: AssessmentView;
}

export interface AssessPoolOptions {
  /** The most threads (0: every assessment runs on the event loop). */
  size: number;
  /** A thread that has run no assessment for this long is stopped (its copy of the knowledge freed). */
  idleMs: number;
  /** Jobs a thread may hold before further jobs run on the event loop instead. */
  maxQueuedPerThread?: number;
  /** Assessments run on the event loop within one second that start a thread (default 50/s). */
  startRate?: number;
  onEvent?: (e: { type: 'ready' | 'stopped' | 'crash'; thread: number; detail?: string }) => void;
}

type Reply = { id: number; bytes: Uint8Array } | { id: number; error: { code: ErrorCode; params: ErrorParams; extras: ProblemExtras } } | { id: number; failure: string };

interface Thread {
  n: number;
  worker: Worker;
  ready: boolean;
  pending: Map<number, { resolve: (bytes: Buffer) => void; reject: (e: Error) => void }>;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Assessments off the event loop. The engine is CPU-bound: while one assessment runs, the server's single event
 * loop can neither parse nor write anything else. Under concurrent assessments this pool starts a thread with its
 * own core (a second copy of the knowledge, ~115 MiB), sends it the jobs while it is ready, and stops it after
 * `idleMs` without work, so a server at rest holds one copy. A job runs on the event loop when no thread is ready
 * (starting, stopped, crashed, or busy beyond `maxQueuedPerThread`), with the same answer: the thread uses the same
 * knowledge files and is only used when its knowledge version equals the server's. See ADR 0007.
 */
export class AssessPool {
  private threads: Thread[] = [];
  private nextId = 1;
  private closed = false;
  /** Assessments run on the event loop in the current one-second window: past `startRate`, a thread starts. */
  private windowStart = 0;
  private windowCount = 0;
  /** No thread starts before this time (set when one failed to start, so a broken start is not retried every second). */
  private spawnAfter = 0;
  /** Set when a thread's knowledge differs from the server's: threads are then never used. */
  private disabled = false;
  readonly stats = { started: 0, stopped: 0, crashes: 0, onThread: 0, onLoop: 0 };

  constructor(
    private readonly core: Core,
    private readonly opts: AssessPoolOptions,
  ) {}

  /** Threads running now (starting or ready). */
  get size(): number {
    return this.threads.length;
  }

  /** Resolves once a thread is ready (starting one if none runs); for tests and warm-up. */
  async whenReady(): Promise<void> {
    if (this.opts.size === 0 || this.disabled) throw new Error('the assessment threads stopped');
    if (this.threads.length === 0) this.spawn();
    while (!this.threads.some((t) => t.ready)) {
      if (this.closed || this.threads.length === 0) throw new Error('the assessment threads stopped');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The assessment as JSON (UTF-8 bytes), from a thread when one is ready, else computed here. */
  async assessBytes(job: AssessJob): Promise<Buffer> {
    const here = (): Buffer => this.core.assessBytes(job.input, { asOf: job.asOf, lang: job.lang, view: job.view });
    const t = this.pick();
    if (!t) {
      this.stats.onLoop++;
      this.maybeGrow();
      return here();
    }
    this.stats.onThread++;
    try {
      return await this.send(t, job);
    } catch (e) {
      // The thread stopped or crashed while holding the job: it runs here instead.
      if ((e as { retryHere?: boolean }).retryHere) return here();
      throw e;
    }
  }

  /** Counts assessments run on the event loop; past `startRate` in a second, starts a thread (one at a time). */
  private maybeGrow(): void {
    if (this.opts.size === 0 || this.closed || this.disabled) return;
    const now = performance.now();
    if (now < this.spawnAfter) return;
    if (now - this.windowStart > 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    if (++this.windowCount >= (this.opts.startRate ?? 50) && this.threads.length < this.opts.size && this.threads.every((x) => x.ready)) {
      this.windowCount = 0;
      this.spawn();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => this.stop(t, new Error('the assessment threads are closing'))));
  }

  private pick(): Thread | undefined {
    const max = this.opts.maxQueuedPerThread ?? 256;
    let best: Thread | undefined;
    for (const t of this.threads) if (t.ready && t.pending.size < max && (!best || t.pending.size < best.pending.size)) best = t;
    return best;
  }

  private send(t: Thread, job: AssessJob): Promise<Buffer> {
    clearTimeout(t.idleTimer);
    t.idleTimer = undefined;
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      t.pending.set(id, { resolve, reject });
      t.worker.postMessage({ id, ...job });
    });
  }

  private spawn(): void {
    const used = new Set(this.threads.map((t) => t.n));
    let n = 0;
    while (used.has(n)) n++;
    // A small young generation: the thread allocates fast and briefly; 8 MB kept ~65 MiB less resident after a load,
    // for the same throughput (measured with autocannon, 50 connections, 6 s).
    const worker = new Worker(WORKER_URL, { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    worker.unref();
    const t: Thread = { n, worker, ready: false, pending: new Map() };
    this.threads.push(t);
    this.stats.started++;
    worker.on('message', (m: Reply | { type: 'ready'; knowledgeVersion: string }) => {
      if ('type' in m) {
        if (m.knowledgeVersion !== this.core.k.version) {
          // Built from other knowledge than this server's core (a test's fixture, say): never used.
          this.opts.onEvent?.({ type: 'stopped', thread: n, detail: `knowledge ${m.knowledgeVersion} is not the server's ${this.core.k.version}` });
          this.disabled = true;
          this.remove(t, new Error('knowledge version mismatch'));
          return;
        }
        t.ready = true;
        this.opts.onEvent?.({ type: 'ready', thread: n });
        this.armIdle(t);
        return;
      }
      const p = t.pending.get(m.id);
      if (!p) return;
      t.pending.delete(m.id);
      // A Buffer posted from the thread arrives as a plain Uint8Array (a copy): viewed as a Buffer, not copied again.
      if ('bytes' in m) p.resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
      else if ('error' in m) p.reject(new RegkgError(m.error.code, m.error.params, m.error.extras));
      else p.reject(new Error(`assessment thread: ${m.failure}`));
      if (t.pending.size === 0) this.armIdle(t);
    });
    const crashed = (detail: string): void => {
      if (!this.threads.includes(t)) return;
      this.stats.crashes++;
      // A thread that died before it was ready will not be restarted for a minute.
      if (!t.ready) this.spawnAfter = performance.now() + 60_000;
      this.opts.onEvent?.({ type: 'crash', thread: n, detail });
      this.remove(t, new Error(`assessment thread stopped: ${detail}`));
    };
    worker.on('error', (err) => crashed(err.message));
    worker.on('exit', (code) => crashed(`exit code ${code}`));
  }

  private armIdle(t: Thread): void {
    if (t.idleTimer) return;
    t.idleTimer = setTimeout(() => {
      t.idleTimer = undefined;
      if (t.pending.size > 0 || !this.threads.includes(t)) return;
      this.stats.stopped++;
      this.opts.onEvent?.({ type: 'stopped', thread: t.n });
      this.remove(t, new Error('idle'));
    }, this.opts.idleMs);
    t.idleTimer.unref();
  }

  private remove(t: Thread, reason: Error): void {
    const i = this.threads.indexOf(t);
    if (i !== -1) this.threads.splice(i, 1);
    void this.stop(t, reason);
  }

  /** Stops a thread; the jobs it held run again on the event loop (the answer is the same). */
  private async stop(t: Thread, reason: Error): Promise<void> {
    clearTimeout(t.idleTimer);
    const held = [...t.pending.values()];
    t.pending.clear();
    for (const p of held) p.reject(Object.assign(reason, { retryHere: true }));
    await t.worker.terminate();
  }
}
