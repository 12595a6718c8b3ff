// What both job queues share: their options, the defaults of a queue nobody declared, and the small
// machinery of a worker loop (a wake-up that a commit can trigger, the runs in progress).
import type { Job, JobHandler, QueueSpec } from '../../conversation/storage.js';

export interface JobQueueOptions {
  /** Queues whose jobs may be recorded before `work()` declares them (their retries and expiry). */
  specs?: Record<string, QueueSpec>;
  /** How often a worker looks for jobs added by another process (default 1000 ms). Local commits wake it at once. */
  pollIntervalMs?: number;
  /** Jobs of one queue this process runs at the same time (default 2). */
  concurrency?: number;
  /** PostgreSQL: how often pg-boss looks for runs that expired (default 2 s). */
  maintenanceIntervalSeconds?: number;
  /** Completed jobs are kept this long, then deleted (default 1 hour; pg-boss archives them, then deletes them after 7 days). */
  keepCompletedSeconds?: number;
  /** Jobs that failed for good are kept this long (default 7 days). */
  keepFailedSeconds?: number;
  /** `stop()` waits this long for running jobs (default 30 s). */
  stopTimeoutMs?: number;
}

/** A queue used before anyone declared it: pg-boss's own defaults. */
export const DEFAULT_SPEC: QueueSpec = { retryLimit: 2, retryDelaySeconds: 1, expireSeconds: 15 * 60 };

export function checkSpec(queue: string, spec: QueueSpec): void {
  const ok = Number.isInteger(spec.retryLimit) && spec.retryLimit >= 0 && spec.retryDelaySeconds >= 0 && spec.expireSeconds > 0;
  if (!ok) throw new Error(`queue ${queue}: retryLimit must be an integer ≥ 0, retryDelaySeconds ≥ 0 and expireSeconds > 0`);
  if (spec.concurrency !== undefined && !(Number.isInteger(spec.concurrency) && spec.concurrency >= 1 && spec.concurrency <= 32)) {
    throw new Error(`queue ${queue}: concurrency must be an integer from 1 to 32`);
  }
}

export const resolved = {
  pollIntervalMs: (o: JobQueueOptions) => o.pollIntervalMs ?? 1000,
  concurrency: (o: JobQueueOptions) => Math.max(1, o.concurrency ?? 2),
  keepCompletedSeconds: (o: JobQueueOptions) => o.keepCompletedSeconds ?? 3600,
  keepFailedSeconds: (o: JobQueueOptions) => o.keepFailedSeconds ?? 7 * 24 * 3600,
  stopTimeoutMs: (o: JobQueueOptions) => o.stopTimeoutMs ?? 30_000,
};

/**
 * Calls `fire` once per burst of `touch()` calls: when none has come for `quietMs`, or `atMostMs` after the
 * burst's first, whichever is sooner. A single touch fires after `quietMs`.
 */
export class Debounce {
  private timer: NodeJS.Timeout | undefined;
  private first = 0;
  private last = 0;

  constructor(private readonly fire: () => void, private readonly quietMs: number, private readonly atMostMs: number) {}

  touch(): void {
    this.last = Date.now();
    if (this.timer) return;
    this.first = this.last;
    this.arm(this.quietMs);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      const now = Date.now();
      const wait = Math.min(this.last + this.quietMs - now, this.first + this.atMostMs - now);
      if (wait > 0) return this.arm(wait);
      this.timer = undefined;
      this.fire();
    }, ms);
    this.timer.unref();
  }
}

/**
 * Wakes a worker loop that is waiting for its next poll. A notification that arrives while the loop is busy
 * is kept, so the loop looks again at once instead of sleeping through it.
 */
export class Wake {
  private pending = false;
  private readonly waiters = new Set<{ resolve(): void; timer: NodeJS.Timeout }>();

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const waiter = { resolve, timer: setTimeout(() => { this.waiters.delete(waiter); resolve(); }, ms) };
      this.waiters.add(waiter);
    });
  }

  /**
   * Wakes one waiter (or the next to wait): what one commit brought needs one worker to look; a worker that finds
   * a job wakes the next (see pg-queue.ts), so a burst of jobs still spreads over all of them.
   */
  notifyOne(): void {
    const [waiter] = this.waiters;
    if (!waiter) {
      this.pending = true;
      return;
    }
    this.waiters.delete(waiter);
    clearTimeout(waiter.timer);
    waiter.resolve();
  }

  notify(): void {
    if (this.waiters.size === 0) {
      this.pending = true;
      return;
    }
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.waiters.clear();
  }
}

/** The runs in progress in this process, so that `idle()` and `stop()` can wait for them. */
export class Runs {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  track<T>(run: Promise<T>): Promise<T> {
    this.running.add(run);
    void run.finally(() => this.running.delete(run)).catch(() => {});
    return run;
  }

  /** Resolves when every run has finished, or after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.running]),
        new Promise((resolve) => { timer = setTimeout(resolve, left); }),
      ]);
      clearTimeout(timer);
    }
    return true;
  }
}

/** Waits for `promise`, or `ms` at most (leaving no timer behind). */
export async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise((resolve) => { timer = setTimeout(resolve, ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type { Job, JobHandler, QueueSpec };
