// What a workshop must do in the future — reminders before the current step's deadline, the deadline itself,
// the daily digest, a live timer's warning, ticks and end — worked out from its state alone. Pure. The
// scheduler (src/conversation) stores these as timed events, one per key, replacing them whenever a command
// changes the plan; when one falls due it asks `stillDue` first, so an event planned against a state that has
// changed since (another deadline, a stopped timer, a closed workshop) is dropped rather than sent stale.
import type { WorkshopSnapshot } from './snapshot.js';
import { nextLocalHour } from './time.js';

export interface PlannedEvent {
  /** One event per key and workshop: "remind:evaluation:24", "deadline:evaluation", "digest", "timer:end"… */
  key: string;
  dueAt: Date;
  /** What the event was planned against (the deadline, the timer's end), checked again by stillDue. */
  data: Record<string, unknown>;
}

/** Bounds of the timing settings and the live timer. */
export const TIMING_LIMITS = {
  /** Reminders per deadline, each at most a week before it. */
  reminders: 4,
  reminderHoursBefore: 168,
  timerMinutes: 180,
  timerExtensionMinutes: 60,
  /** The facilitator may nudge a step at most once in this long. */
  nudgeIntervalMs: 60 * 60_000,
} as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** "2 minutes left" is said in the thread this long before a timer's end. */
export const TIMER_WARNING_MS = 2 * MINUTE;

export function plannedEvents(s: WorkshopSnapshot, now: Date): PlannedEvent[] {
  const w = s.workshop;
  if (w.status !== 'open') return [];
  const events: PlannedEvent[] = [];
  const step = w.step;
  const deadline = w.deadlines.find((d) => d.step === step);
  if (deadline && deadline.dueAt > now) {
    const dueAt = deadline.dueAt.toISOString();
    for (const hours of w.reminderHours) {
      const at = new Date(deadline.dueAt.getTime() - hours * HOUR);
      if (at > now) events.push({ key: `remind:${step}:${hours}`, dueAt: at, data: { step, dueAt, hours } });
    }
    events.push({ key: `deadline:${step}`, dueAt: deadline.dueAt, data: { step, dueAt } });
  }
  if (w.digestHour !== null && w.digestTimeZone !== null) {
    events.push({ key: 'digest', dueAt: nextLocalHour(now, w.digestTimeZone, w.digestHour), data: {} });
  }
  const endsAt = runningTimerEnd(s);
  if (endsAt) {
    const data = { step, endsAt: endsAt.toISOString() };
    const warnAt = new Date(endsAt.getTime() - TIMER_WARNING_MS);
    if (warnAt > now) events.push({ key: 'timer:warn', dueAt: warnAt, data });
    const tick = new Date((Math.floor(now.getTime() / MINUTE) + 1) * MINUTE);
    if (tick < endsAt) events.push({ key: 'timer:tick', dueAt: tick, data });
    // Planned even when already past: a timer's end is never lost (endTimer runs once, whenever it comes).
    events.push({ key: 'timer:end', dueAt: endsAt, data });
  }
  return events;
}

/**
 * Whether an event that fell due is still what the workshop wants: open, the same step current, the same
 * deadline or timer end it was planned against, the timer neither paused, stopped nor run out.
 */
export function stillDue(s: WorkshopSnapshot, key: string, data: Record<string, unknown>, now: Date): boolean {
  const w = s.workshop;
  if (w.status !== 'open') return false;
  if (key === 'digest') return w.digestHour !== null && w.digestTimeZone !== null;
  if (data.step !== w.step) return false;
  const deadline = w.deadlines.find((d) => d.step === w.step);
  const sameDeadline = deadline !== undefined && deadline.dueAt.toISOString() === data.dueAt;
  const [kind, , hours] = key.split(':');
  if (key.startsWith('remind:')) {
    // A reminder held back past the deadline (every replica stopped) would say something already over.
    return sameDeadline && w.reminderHours.includes(Number(hours)) && key === `remind:${w.step}:${String(data.hours)}` && now < deadline.dueAt;
  }
  if (kind === 'deadline') return sameDeadline && key === `deadline:${w.step}`;
  if (key === 'timer:warn' || key === 'timer:tick' || key === 'timer:end') {
    const endsAt = runningTimerEnd(s);
    return endsAt !== null && endsAt.toISOString() === data.endsAt;
  }
  return false;
}

/** When the current step's timer runs out, if it is running (not paused, stopped or already out). */
export function runningTimerEnd(s: Pick<WorkshopSnapshot, 'timer' | 'workshop'>): Date | null {
  const t = s.timer;
  return t.step === s.workshop.step && t.endsAt !== null && t.leftMs === null && !t.ended ? t.endsAt : null;
}
