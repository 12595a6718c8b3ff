// Work done after Slack has been acknowledged: rendering, posting, updating messages. Each task's failure
// is logged, never thrown into a request. Refreshes of one workshop are coalesced: a burst of 50 votes
// makes one or two message updates, not 50 (Slack rate-limits chat.update). `idle()` lets tests and
// shutdown wait for everything in flight.
import type { Logger } from '../log.js';

export class Background {
  private readonly tasks = new Set<Promise<void>>();
  private readonly coalesced = new Map<string, { again: boolean }>();

  constructor(private readonly logger: Logger) {}

  run(name: string, work: () => Promise<unknown>): void {
    const task = (async () => {
      try {
        await work();
      } catch (error) {
        this.logger.error({ err: error, task: name }, 'background task failed');
      }
    })();
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  /** Counts a listener's run (which goes on after its ack) as work in flight, for `idle()`. */
  async track<T>(work: Promise<T>): Promise<T> {
    const task = work.then(() => undefined, () => undefined);
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
    return work;
  }

  /** Runs `work` now, or once more after the current run when one for `key` is already under way. */
  coalesce(key: string, work: () => Promise<unknown>): void {
    const running = this.coalesced.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.coalesced.set(key, state);
    this.run(key, async () => {
      try {
        do {
          state.again = false;
          await work();
        } while (state.again);
      } finally {
        this.coalesced.delete(key);
      }
    });
  }

  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }
}
