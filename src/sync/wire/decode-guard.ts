/**
 * Decoding remote updates where it cannot freeze the UI. A peer can send an update that is small
 * on the wire but slow to decode (a million one-clock structs, a million delete ranges, a hundred
 * thousand clients: about a second each on a laptop, several on a phone). `DecodeGuard` checks
 * each update in a module Worker (decode-worker.ts) with a time budget: past it, the worker is
 * terminated and the update refused as 'decode-timeout'. The worker also counts what applying the
 * update will cost and refuses one over the apply budget ('apply-budget'); an update that passed
 * is then held against the space's total caps (`SpaceBudget`, 'space-full'). Only updates that
 * passed are applied, on the main thread, by the caller (`applyCheckedUpdate`).
 *
 * What must stay true:
 * - Verdicts come back in the order the updates were given (FIFO: the worker takes its messages in
 *   order), so the caller can apply them in order.
 * - A few jobs are posted ahead (`MAX_IN_FLIGHT`, at most `MAX_IN_FLIGHT_BYTES` together), so the
 *   worker goes on to the next while this thread is still busy with the last answer; each job's
 *   time budget starts once the job before it answered (when the worker can have started it), so
 *   posting ahead never shortens a budget. A warm-up goes alone.
 * - A worker that overran its budget or failed is never reused: the next job gets a fresh one, and
 *   the jobs posted behind the one that failed go to the fresh worker again, in order.
 * - Where Workers do not exist (Node tests and tools), updates are checked in-thread, and only up
 *   to `inThreadMaxBytes`, so the unguarded path has a hard bound.
 * - The space caps are checked when a verdict is given, against what the doc holds then; updates
 *   admitted but not yet applied are not counted, so a space may pass a cap by the updates in
 *   flight (each bounded by `maxUpdateBytes`).
 *
 * @example
 * const guard = new DecodeGuard({ rules });
 * const verdict = await guard.check(payload);
 * if (verdict.ok) applyRemoteUpdate(doc, payload, origin, rules);
 */
import type { ApplyCost, SpaceBudget } from './apply-budget';
import type { DecodeRequest, DecodeResponse } from './decode-worker';
import { inspectUpdate, type UpdateRules, type UpdateVerdict } from './validate-update';

/** A verdict of the guard: the update check's, or why the check itself could not finish. */
export type GuardVerdict =
  | UpdateVerdict
  | { ok: false; reason: 'decode-timeout' | 'decode-worker-failed'; detail?: string };

/** A verdict with the apply cost the check measured (null when it did not decode). */
interface Checked {
  verdict: GuardVerdict;
  cost: ApplyCost | null;
}

/** The parts of a Worker the guard uses (tests inject fakes). */
export interface WorkerLike {
  postMessage(message: DecodeRequest, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: { data: DecodeResponse }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Starts a decode worker. */
export type WorkerFactory = () => WorkerLike;

export interface DecodeGuardOptions {
  rules: UpdateRules;
  /** Most time one check may take, in ms. Default 2,000. */
  budgetMs?: number;
  /** Worker factory; `null` checks in-thread. Default: the module worker where `Worker` exists. */
  createWorker?: WorkerFactory | null;
  /** In-thread checks refuse larger updates without decoding them. Default 4 MiB. */
  inThreadMaxBytes?: number;
  /** Timers (tests may inject fake ones). */
  timers?: GuardTimers;
  /** The space's total caps; absent: none (tools and tests). */
  space?: SpaceBudget | null;
}

/** Timer functions (called unbound: browsers throw "Illegal invocation" on `obj.setTimeout`). */
export interface GuardTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const globalTimers: GuardTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** Default budget for one check. */
export const DEFAULT_DECODE_BUDGET_MS = 2_000;
/** Default size bound for checks made without a worker. */
export const DEFAULT_IN_THREAD_MAX_BYTES = 4 * 1024 * 1024;

/** The module worker of decode-worker.ts, or null where Workers are unavailable. */
export function defaultWorkerFactory(): WorkerFactory | null {
  if (typeof Worker === 'undefined') return null;
  return () =>
    new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

interface Job {
  id: number;
  update: Uint8Array;
  budgetMs: number;
  /** A warm-up (starting a worker), not an update from a peer. */
  warm: boolean;
  resolve: (checked: Checked) => void;
}

/** Budget for starting a worker (warmUp): module loading is not the decode we are bounding. */
const WARM_UP_BUDGET_MS = 30_000;
/** Most a caller may stretch one check's budget (see `check`). */
const MAX_BUDGET_SCALE = 8;
/** The smallest valid v1 update: no structs, no deletions. */
const EMPTY_UPDATE = Uint8Array.of(0, 0);
/** Most jobs posted to the worker at once (see the header). */
const MAX_IN_FLIGHT = 4;
/** Most bytes posted to the worker at once, beyond the first job. */
const MAX_IN_FLIGHT_BYTES = 8 * 1024 * 1024;

export class DecodeGuard {
  readonly budgetMs: number;
  readonly inThreadMaxBytes: number;
  private readonly rules: UpdateRules;
  private readonly factory: WorkerFactory | null;
  private readonly timers: NonNullable<DecodeGuardOptions['timers']>;
  private readonly space: SpaceBudget | null;
  private worker: WorkerLike | null = null;
  private readonly queue: Job[] = [];
  /** Jobs posted to the worker, oldest first; only the oldest has its timer running. */
  private readonly posted: Job[] = [];
  private timer: unknown = null;
  private nextId = 1;
  private disposed = false;
  /** Workers started so far (a terminated one is replaced by a new one). */
  workersStarted = 0;

  constructor(opts: DecodeGuardOptions) {
    this.rules = opts.rules;
    this.budgetMs = opts.budgetMs ?? DEFAULT_DECODE_BUDGET_MS;
    this.inThreadMaxBytes = opts.inThreadMaxBytes ?? DEFAULT_IN_THREAD_MAX_BYTES;
    this.factory = opts.createWorker === undefined ? defaultWorkerFactory() : opts.createWorker;
    this.timers = opts.timers ?? globalTimers;
    this.space = opts.space ?? null;
  }

  /** True when checks run in a worker. */
  get usesWorker(): boolean {
    return this.factory !== null;
  }

  /**
   * Checks `update`; resolves (never rejects) with the verdict, in call order. `budgetScale`
   * (1 … 8) multiplies the time budget: a caller re-checking an update that timed out on a busy
   * phone (a member's sealed mailbox entry, not a peer's unsolicited frame) gives it longer.
   */
  check(update: Uint8Array, opts: { budgetScale?: number } = {}): Promise<GuardVerdict> {
    if (this.disposed)
      return Promise.resolve({ ok: false, reason: 'decode-worker-failed', detail: 'disposed' });
    if (!(update instanceof Uint8Array)) return Promise.resolve({ ok: false, reason: 'undecodable-update' });
    // Cheap refusals need no worker.
    if (update.length > this.rules.maxUpdateBytes) {
      return Promise.resolve({ ok: false, reason: 'oversized-update', detail: String(update.length) });
    }
    if (!this.factory) return Promise.resolve(this.admit(update, this.checkInThread(update)));
    const scale = Math.min(MAX_BUDGET_SCALE, Math.max(1, opts.budgetScale ?? 1));
    return this.enqueue(update, this.budgetMs * scale, false).then((checked) => this.admit(update, checked));
  }

  /** Holds a passed verdict against the space's caps. */
  private admit(update: Uint8Array, { verdict, cost }: Checked): GuardVerdict {
    if (!verdict.ok || !this.space) return verdict;
    // A verdict without a cost (a worker from an older build still cached) counts its bytes alone.
    const full = this.space.admit(cost ?? { bytes: update.length, units: 0 });
    return full ? { ok: false, ...full } : verdict;
  }

  /**
   * Starts the worker ahead of the first real update (e.g. when a sync session opens), so that
   * starting it is not counted against an update's budget. Resolves once it answered (a failed
   * start resolves with 'decode-worker-failed'; the next check tries a fresh worker).
   */
  async warmUp(): Promise<GuardVerdict> {
    if (!this.factory || this.disposed) return { ok: true };
    return (await this.enqueue(EMPTY_UPDATE, Math.max(this.budgetMs, WARM_UP_BUDGET_MS), true)).verdict;
  }

  private enqueue(update: Uint8Array, budgetMs: number, warm: boolean): Promise<Checked> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, update, budgetMs, warm, resolve });
      this.pump();
    });
  }

  private checkInThread(update: Uint8Array): Checked {
    if (update.length > this.inThreadMaxBytes) {
      const detail = `${update.length} > ${this.inThreadMaxBytes} (no worker)`;
      return { verdict: { ok: false, reason: 'oversized-update', detail }, cost: null };
    }
    return inspectUpdate(update, this.rules);
  }

  /** Posts queued jobs while the worker has room (see the header). */
  private pump(): void {
    while (!this.disposed && this.queue.length > 0 && this.hasRoom(this.queue[0] as Job)) {
      const job = this.queue.shift() as Job;
      let worker: WorkerLike;
      try {
        worker = this.ensureWorker();
      } catch (e) {
        job.resolve({
          verdict: { ok: false, reason: 'decode-worker-failed', detail: String(e).slice(0, 120) },
          cost: null,
        });
        continue;
      }
      this.posted.push(job);
      if (this.posted.length === 1) this.startTimer();
      try {
        // A copy of just the update's bytes, moved to the worker: posting the view itself would
        // clone its whole buffer, and a snapshot's updates are views into one buffer of the whole
        // snapshot (18 MB for 8,000 people: cloned once per update, on both threads).
        const update = job.update.slice();
        worker.postMessage(
          {
            id: job.id,
            update,
            maxUpdateBytes: this.rules.maxUpdateBytes,
            knownCollections: [...this.rules.knownCollections],
            ...(this.rules.maxApplyItems !== undefined ? { maxApplyItems: this.rules.maxApplyItems } : {}),
          },
          [update.buffer],
        );
      } catch (e) {
        if (this.posted.length > 1) {
          // Tried again once it is the oldest, so its verdict still comes in order.
          this.queue.unshift(this.posted.pop() as Job);
          return;
        }
        const detail = String(e).slice(0, 120);
        this.finish(job, { ok: false, reason: 'decode-worker-failed', detail }, true);
        return; // finish pumped again
      }
    }
  }

  /** Whether `job` may be posted now: a warm-up goes alone, others a few at a time. */
  private hasRoom(job: Job): boolean {
    const n = this.posted.length;
    if (n === 0) return true;
    if (job.warm || (this.posted[0] as Job).warm || n >= MAX_IN_FLIGHT) return false;
    let bytes = job.update.length;
    for (const p of this.posted) bytes += p.update.length;
    return bytes <= MAX_IN_FLIGHT_BYTES;
  }

  /** Starts the time budget of the oldest posted job. */
  private startTimer(): void {
    const job = this.posted[0];
    if (!job) return;
    this.timer = this.timers.setTimeout(
      () => this.finish(job, { ok: false, reason: 'decode-timeout' }, true),
      job.budgetMs,
    );
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = (this.factory as WorkerFactory)();
    this.workersStarted++;
    worker.onmessage = (event) => {
      const job = this.posted[0];
      if (worker !== this.worker || !job || event.data?.id !== job.id) return; // stale answer
      this.finish(job, event.data.verdict, false, event.data.cost ?? null);
    };
    worker.onerror = (event) => {
      const job = this.posted[0];
      if (worker !== this.worker) return;
      if (job)
        this.finish(
          job,
          {
            ok: false,
            reason: 'decode-worker-failed',
            detail: String((event as { message?: unknown })?.message ?? event).slice(0, 120),
          },
          true,
        );
      else this.dropWorker();
    };
    this.worker = worker;
    return worker;
  }

  private finish(job: Job, verdict: GuardVerdict, killWorker: boolean, cost: ApplyCost | null = null): void {
    if (this.posted[0] !== job) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.posted.shift();
    if (killWorker) {
      this.dropWorker();
      // What was posted behind it goes to the fresh worker, in order.
      this.queue.unshift(...this.posted.splice(0));
    } else this.startTimer();
    // A worker killed for overrunning is replaced at once, so that starting the next one is not
    // counted against the next update's budget. (Not after a failed warm-up: no retry loop.)
    if (killWorker && !job.warm && !this.disposed) {
      this.queue.unshift({
        id: this.nextId++,
        update: EMPTY_UPDATE,
        budgetMs: Math.max(this.budgetMs, WARM_UP_BUDGET_MS),
        warm: true,
        resolve: () => {},
      });
    }
    job.resolve({ verdict, cost });
    this.pump();
  }

  private dropWorker(): void {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    worker.onmessage = null;
    worker.onerror = null;
    try {
      worker.terminate();
    } catch {
      // already gone
    }
  }

  /** Refuses what is queued and stops the worker. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    for (const job of [...this.posted.splice(0), ...this.queue.splice(0)])
      job.resolve({ verdict: { ok: false, reason: 'decode-worker-failed', detail: 'disposed' }, cost: null });
    this.dropWorker();
  }
}
