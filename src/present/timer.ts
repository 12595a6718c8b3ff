// The current step's live timer as people see it: where it is (none, running, paused, run out) and the time
// left in words, for the step's message and the facilitator's controls.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { Line } from './model.js';
import { utcFallback, type Words } from './text.js';

/** Where the current step's timer is: none, running, paused, or run out (contributions closed). */
export function timerState(s: Pick<WorkshopSnapshot, 'timer' | 'workshop'>): 'none' | 'running' | 'paused' | 'ended' {
  const t = s.timer;
  if (t.step !== s.workshop.step) return 'none';
  if (t.ended) return 'ended';
  if (t.leftMs !== null) return 'paused';
  return t.endsAt !== null ? 'running' : 'none';
}

/**
 * The current step's timer in words — "⏱ 12 min left (ends at …)", paused, or time is up — or nothing when the
 * step has none. `now` is the application's clock: the scheduler's tick redraws the step's message each minute.
 */
export function timeLeftLines(s: Pick<WorkshopSnapshot, 'timer' | 'workshop'>, w: Words, now: Date = new Date()): Line[] {
  const t = s.timer;
  switch (timerState(s)) {
    case 'running': {
      const endsAt = t.endsAt!;
      const count = Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / 60_000));
      return [[w.p('timer.left', { count }), ' (', w.p('timer.endsAt'), { date: endsAt, fallback: utcFallback(endsAt) }, ')']];
    }
    case 'paused':
      return [[w.p('timer.paused', { count: Math.max(1, Math.ceil(t.leftMs! / 60_000)) })]];
    case 'ended':
      return [[w.p('timer.ended')]];
    default:
      return [];
  }
}
