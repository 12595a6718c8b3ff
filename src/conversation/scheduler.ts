// The scheduler of every working replica: every few seconds it claims the timed events that fell due on the
// application's clock (the engine's: tests move it by hand) and hands each over to the job queue as a `timed`
// job, which decides what it does. Claims are safe with several replicas (schedule-store.ts), and an event is
// deleted only once its job is recorded: a process that stops in between leaves a claim that goes stale and
// is taken again (the job's deliveries are keyed, so a second run sends nothing twice).
import type { Clock } from '../core/engine.js';
import type { Logger } from '../log.js';
import { job } from './jobs.js';
import type { TimedEventStore } from './schedule-store.js';
import type { JobQueue } from './storage.js';

export interface SchedulerOptions {
  /** How often due events are looked for (default 5 s). */
  intervalMs?: number;
  /** Events taken per claim (default 100). */
  batch?: number;
  /** A claim held longer than this is taken for a stopped process's (default 2 min). */
  staleAfterMs?: number;
}

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly d: { clock: Clock; timedEvents: TimedEventStore; jobs: Pick<JobQueue, 'enqueue'>; logger: Logger },
    private readonly options: SchedulerOptions = {},
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.d.logger.warn({ err: error }, 'the scheduler could not hand over due events'));
    }, this.options.intervalMs ?? 5_000);
    // Never what keeps a process alive.
    this.timer.unref();
  }

  /** Hands over every event due now; returns how many. One tick at a time: a second call waits for the first. */
  tick(): Promise<number> {
    this.running ??= this.handOver().finally(() => { this.running = null; });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => 0);
  }

  private async handOver(): Promise<number> {
    let count = 0;
    const batch = this.options.batch ?? 100;
    for (;;) {
      const due = await this.d.timedEvents.claimDue(this.d.clock.now(), batch, this.options.staleAfterMs ?? 120_000);
      for (const e of due) {
        await this.d.jobs.enqueue([job('timed', {
          workspaceId: e.workspaceId, workshopId: e.workshopId, platform: e.platform, workspace: e.workspace, tell: null,
          key: e.key, dueAt: e.dueAt.toISOString(), event: { ...e.data },
        }, `${e.workshopId}:${e.key}`)]);
        await this.d.timedEvents.done(e.id);
        count += 1;
      }
      if (due.length < batch) return count;
    }
  }
}
