import { Worker } from 'node:worker_threads';
import { RegkgError } from '../errors.js';
import type { ResultFormat } from './negotiate.js';
import type { DatasetSpec, QueryForm } from './parse-request.js';

/** oxigraph runs a query synchronously inside WebAssembly: queries run in worker threads so that a heavy
 * query never blocks the event loop, and a query over its time limit is stopped by terminating its thread. */
const WORKER_URL = new URL('./query-worker.mjs', import.meta.url);

export interface QueryJob {
  query: string;
  form?: QueryForm;
  format: ResultFormat;
  dataset: DatasetSpec;
  /** Whether the caller may see the register's named graphs (an authenticated reader). */
  register?: boolean;
}

export interface QueryOutcome {
  body: string;
  /** Rows (SELECT), 1 (ASK) or distinct triples (CONSTRUCT/DESCRIBE). */
  count: number;
  /** Time the worker spent on the query, in ms. */
  ms: number;
}

export interface PoolOptions {
  /** N-Quads of the whole knowledge graph, computed once when the first worker starts. */
  nquads: () => Uint8Array;
  prefixes: Record<string, string>;
  /** The most worker threads. One starts with the pool; the others when a query finds every started one busy. */
  size: number;
  /** A worker beyond the first that has run no query for this long is stopped (its memory returned). Default 60 s. */
  idleMs?: number;
  timeoutMs: number;
  maxResults: number;
  /** How long a job may wait for a worker beyond `timeoutMs`, to cover a worker (re)loading its store. Default 5 s. */
  startupAllowanceMs?: number;
  /** Heap limit of each worker's JavaScript side (the store itself lives in WebAssembly memory). */
  maxOldGenerationSizeMb?: number;
  onEvent?: (event: PoolEvent) => void;
}

export type PoolEvent =
  | { type: 'ready'; worker: number; loadMs: number; quads: number }
  | { type: 'timeout'; worker: number; query: string }
  | { type: 'crash'; worker: number; error: string };

interface Pending {
  job: QueryJob;
  resolve: (o: QueryOutcome) => void;
  reject: (e: Error) => void;
  /** Bounds the time spent waiting for a free worker (timeoutMs + startupAllowanceMs). */
  queueTimer?: NodeJS.Timeout;
}

interface Slot {
  n: number;
  worker: Worker;
  ready: boolean;
  busy?: { id: number; pending: Pending; timer: NodeJS.Timeout };
  /** Stops this worker (not the first) after `idleMs` without a query. */
  idleTimer?: NodeJS.Timeout;
}

type WorkerMessage =
  | { type: 'ready'; loadMs: number; quads: number }
  | { type: 'result'; id: number; ok: true; body: string; count: number; ms: number }
  | { type: 'result'; id: number; ok: false; code: string; detail: string };

/**
 * A small elastic pool of query workers, each with its own oxigraph store loaded from the same N-Quads (~35-65 MiB
 * each). None runs until the first query; then one is kept; up to `size` run while queries overlap (a light query that finds the first worker busy
 * with a heavy one gets a second worker, after its ~0.5 s start the first time), and those beyond the first stop
 * after `idleMs` without a query. Jobs queue until a worker is free; a job that runs longer than `timeoutMs` gets
 * SPARQL_TIMEOUT and its worker is replaced. A job that waits longer than `timeoutMs + startupAllowanceMs` for a worker gets SPARQL_TIMEOUT
 * too: every running job ends within `timeoutMs`, so that wait only runs out under a flood of heavy queries.
 */
export class QueryPool {
  private slots: Slot[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private shared?: Uint8Array;
  private closed = false;
  private everReady = false;
  readonly stats = { started: 0, restarts: 0, timeouts: 0, queries: 0, stopped: 0 };

  constructor(private readonly opts: PoolOptions) {}

  /** Starts the first worker (idempotent); queries also start it on first use. */
  start(): void {
    if (this.closed || this.slots.length) return;
    this.slots.push(this.spawn(0));
  }

  /** The workers running now (started or loading). */
  get workers(): number {
    return this.slots.length;
  }

  /**
   * Resolves once every started worker has loaded its store (for benchmarks and warm-up); with `all`, first starts
   * every worker up to `size` (they stop again after `idleMs` without a query).
   */
  async whenReady(all = false): Promise<void> {
    this.start();
    if (all) while (this.slots.length < this.opts.size) this.slots.push(this.spawn(this.slots.length));
    while (!this.slots.every((s) => s.ready)) {
      if (this.closed) throw new Error('the SPARQL worker pool is closed');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  run(job: QueryJob): Promise<QueryOutcome> {
    if (this.closed) return Promise.reject(new Error('the SPARQL worker pool is closed'));
    this.start();
    this.stats.queries++;
    return new Promise<QueryOutcome>((resolve, reject) => {
      const pending: Pending = { job, resolve, reject };
      this.queue.push(pending);
      if (this.everReady) this.armQueueTimer(pending);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) {
      clearTimeout(p.queueTimer);
      p.reject(new Error('the SPARQL worker pool is closing'));
    }
    await Promise.all(
      this.slots.map(async (s) => {
        clearTimeout(s.idleTimer);
        if (s.busy) {
          clearTimeout(s.busy.timer);
          s.busy.pending.reject(new Error('the SPARQL worker pool is closing'));
        }
        await s.worker.terminate();
      }),
    );
    this.slots = [];
  }

  private sharedNquads(): Uint8Array {
    if (!this.shared) {
      const bytes = this.opts.nquads();
      const sab = new SharedArrayBuffer(bytes.byteLength);
      const view = new Uint8Array(sab);
      view.set(bytes);
      this.shared = view;
    }
    return this.shared;
  }

  private spawn(n: number): Slot {
    const worker = new Worker(WORKER_URL, {
      workerData: { nquads: this.sharedNquads(), prefixes: this.opts.prefixes },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxOldGenerationSizeMb ?? 512 },
    });
    worker.unref();
    this.stats.started++;
    const slot: Slot = { n, worker, ready: false };
    worker.on('message', (msg: WorkerMessage) => this.onMessage(slot, msg));
    worker.on('error', (err) => this.onCrash(slot, err));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.onCrash(slot, new Error(`worker exited with code ${code}`));
    });
    return slot;
  }

  private registerNquads = '';

  /** Sends a new snapshot of the register's graphs to every worker (and to workers started later). */
  setRegister(nquads: string): void {
    this.registerNquads = nquads;
    for (const slot of this.slots) slot.worker.postMessage({ type: 'register', nquads });
  }

  private onMessage(slot: Slot, msg: WorkerMessage): void {
    if (msg.type === 'ready') {
      if (this.registerNquads) slot.worker.postMessage({ type: 'register', nquads: this.registerNquads });
      slot.ready = true;
      if (!this.everReady) {
        this.everReady = true;
        for (const p of this.queue) this.armQueueTimer(p);
      }
      this.opts.onEvent?.({ type: 'ready', worker: slot.n, loadMs: msg.loadMs, quads: msg.quads });
      this.dispatch();
      return;
    }
    const busy = slot.busy;
    if (!busy || busy.id !== msg.id) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    if (msg.ok) busy.pending.resolve({ body: msg.body, count: msg.count, ms: msg.ms });
    else busy.pending.reject(this.failure(msg.code, msg.detail));
    this.dispatch();
  }

  private failure(code: string, detail: string): Error {
    if (code === 'SPARQL_SYNTAX') return new RegkgError('SPARQL_SYNTAX', { detail });
    if (code === 'SPARQL_TOO_LARGE') return new RegkgError('SPARQL_TOO_LARGE', { limit: this.opts.maxResults });
    if (code === 'FORBIDDEN') return new RegkgError('FORBIDDEN', { role: 'reader' });
    return new Error(`SPARQL worker: ${detail}`);
  }

  /** Replaces a worker that crashed or was stopped, failing the job it was running. */
  private replace(slot: Slot, error: Error): void {
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
      slot.busy.pending.reject(error);
      slot.busy = undefined;
    }
    clearTimeout(slot.idleTimer);
    const i = this.slots.indexOf(slot);
    if (this.closed || i === -1) return;
    this.stats.restarts++;
    this.slots[i] = this.spawn(slot.n);
  }

  private onCrash(slot: Slot, err: Error): void {
    if (!this.slots.includes(slot)) return;
    this.opts.onEvent?.({ type: 'crash', worker: slot.n, error: err.message });
    void slot.worker.terminate();
    this.replace(slot, new Error(`SPARQL worker crashed: ${err.message}`));
    this.dispatch();
  }

  private armQueueTimer(p: Pending): void {
    p.queueTimer = setTimeout(() => {
      const i = this.queue.indexOf(p);
      if (i === -1) return;
      this.queue.splice(i, 1);
      this.stats.timeouts++;
      p.reject(new RegkgError('SPARQL_TIMEOUT', { limitMs: this.opts.timeoutMs }));
    }, this.opts.timeoutMs + (this.opts.startupAllowanceMs ?? 5000));
    p.queueTimer.unref();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.busy) continue;
      const pending = this.queue.shift();
      if (!pending) {
        this.armIdle(slot);
        continue;
      }
      clearTimeout(slot.idleTimer);
      slot.idleTimer = undefined;
      clearTimeout(pending.queueTimer);
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.stats.timeouts++;
        this.opts.onEvent?.({ type: 'timeout', worker: slot.n, query: pending.job.query.slice(0, 200) });
        const stale = slot;
        this.replace(stale, new RegkgError('SPARQL_TIMEOUT', { limitMs: this.opts.timeoutMs }));
        void stale.worker.terminate();
        this.dispatch();
      }, this.opts.timeoutMs);
      timer.unref();
      slot.busy = { id, pending, timer };
      slot.worker.postMessage({ id, ...pending.job, cap: this.opts.maxResults });
    }
    // Jobs still wait and every worker is busy: start one more, up to `size` (one at a time).
    if (this.queue.length && this.everReady && !this.closed && this.slots.length < this.opts.size && this.slots.every((s) => s.ready)) {
      const used = new Set(this.slots.map((s) => s.n));
      let n = 0;
      while (used.has(n)) n++;
      this.slots.push(this.spawn(n));
    }
  }

  /** A free worker other than the first stops after `idleMs` without a query (the first is always kept). */
  private armIdle(slot: Slot): void {
    if (slot.idleTimer || this.slots.indexOf(slot) === 0) return;
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = undefined;
      const i = this.slots.indexOf(slot);
      if (i <= 0 || slot.busy || this.closed) return;
      this.slots.splice(i, 1);
      this.stats.stopped++;
      void slot.worker.terminate();
    }, this.opts.idleMs ?? 60_000);
    slot.idleTimer.unref();
  }
}
