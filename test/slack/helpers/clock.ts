// The application's clock as the Slack suites with timed events hold it: moved by hand from one Monday morning,
// so reminders, deadlines and timers fall due when the test says.
import type { Clock } from '../../../src/core/engine.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Monday 2 March 2026, 10:00 UTC: 11:00 in Paris, 19:00 in Tokyo. */
export const T0 = new Date('2026-03-02T10:00:00Z').getTime();

export interface HandClock extends Clock {
  t: number;
  /** Sets the time to T0 plus some milliseconds. */
  at(ms: number): void;
}

export function handClock(): HandClock {
  const clock: HandClock = { t: T0, now: () => new Date(clock.t), at: (ms) => { clock.t = T0 + ms; } };
  return clock;
}
