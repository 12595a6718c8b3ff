// The timing plan: what a workshop must do later, from its state alone — reminders before the current step's
// deadline, the deadline, the daily digest, a live timer's warning, ticks and end — and whether an event that
// fell due is still wanted or stale.
import { describe, expect, it } from 'vitest';
import type { TimerView, WorkshopSnapshot } from '../../src/core/snapshot.js';
import { plannedEvents, stillDue } from '../../src/core/timing.js';
import type { Step } from '../../src/core/vocabulary.js';
import { furnitureStoreInStore } from '../fixtures/snapshots.js';

const NOW = new Date('2026-06-03T10:00:30.000Z'); // a Wednesday
const DUE = new Date('2026-06-05T15:00:00.000Z');
const h = (n: number) => n * 3_600_000;
const NO_TIMER = { endsAt: null, leftMs: null, ended: false, lastNudgeAt: null };

function snap(over: Partial<WorkshopSnapshot['workshop']> = {}, timer: Partial<TimerView> = {}): WorkshopSnapshot {
  const s = furnitureStoreInStore();
  const step: Step = over.step ?? 'evaluation';
  return {
    ...s,
    workshop: {
      ...s.workshop, status: 'open', closedAt: null, step, deadlines: [{ step: 'stages', dueAt: new Date('2026-06-01T09:00:00Z') }, { step: 'evaluation', dueAt: DUE }],
      reminderHours: [24, 1], remindAnyTime: false, autoAdvance: false, digestHour: null, digestTimeZone: null, ...over,
    },
    timer: { step, ...NO_TIMER, ...timer },
  };
}

describe('plannedEvents', () => {
  it('plans a reminder per hour setting and the deadline of the current step only', () => {
    expect(plannedEvents(snap(), NOW)).toEqual([
      { key: 'remind:evaluation:24', dueAt: new Date(DUE.getTime() - h(24)), data: { step: 'evaluation', dueAt: DUE.toISOString(), hours: 24 } },
      { key: 'remind:evaluation:1', dueAt: new Date(DUE.getTime() - h(1)), data: { step: 'evaluation', dueAt: DUE.toISOString(), hours: 1 } },
      { key: 'deadline:evaluation', dueAt: DUE, data: { step: 'evaluation', dueAt: DUE.toISOString() } },
    ]);
  });

  it('leaves out reminders already past, and everything once the deadline has passed', () => {
    const close = new Date(DUE.getTime() - h(5));
    expect(plannedEvents(snap(), close).map((e) => e.key)).toEqual(['remind:evaluation:1', 'deadline:evaluation']);
    expect(plannedEvents(snap(), new Date(DUE.getTime() + 1))).toEqual([]);
  });

  it('plans no reminder when the workshop wants none, and nothing for a step without a deadline', () => {
    expect(plannedEvents(snap({ reminderHours: [] }), NOW).map((e) => e.key)).toEqual(['deadline:evaluation']);
    expect(plannedEvents(snap({ step: 'solutions' }), NOW)).toEqual([]);
  });

  it('plans the daily digest at the next local hour of its time zone', () => {
    const events = plannedEvents(snap({ deadlines: [], digestHour: 17, digestTimeZone: 'Europe/Paris' }), NOW);
    expect(events).toEqual([{ key: 'digest', dueAt: new Date('2026-06-03T15:00:00Z'), data: {} }]);
    expect(plannedEvents(snap({ deadlines: [], digestHour: 17, digestTimeZone: null }), NOW)).toEqual([]);
  });

  it('plans a running timer’s warning two minutes before its end, the next minute’s tick and its end', () => {
    const endsAt = new Date('2026-06-03T10:10:00Z');
    const data = { step: 'evaluation', endsAt: endsAt.toISOString() };
    expect(plannedEvents(snap({ deadlines: [] }, { endsAt }), NOW)).toEqual([
      { key: 'timer:warn', dueAt: new Date('2026-06-03T10:08:00Z'), data },
      { key: 'timer:tick', dueAt: new Date('2026-06-03T10:01:00Z'), data },
      { key: 'timer:end', dueAt: endsAt, data },
    ]);
    // Less than two minutes left: no warning; in the last minute, no tick.
    expect(plannedEvents(snap({ deadlines: [] }, { endsAt }), new Date('2026-06-03T10:09:10Z')).map((e) => e.key)).toEqual(['timer:end']);
  });

  it('plans nothing for a paused, stopped or run-out timer', () => {
    const endsAt = new Date('2026-06-03T10:10:00Z');
    expect(plannedEvents(snap({ deadlines: [] }, { leftMs: 300_000 }), NOW)).toEqual([]);
    expect(plannedEvents(snap({ deadlines: [] }, { endsAt, ended: true }), NOW)).toEqual([]);
    expect(plannedEvents(snap({ deadlines: [] }), NOW)).toEqual([]);
  });

  it('plans nothing for a closed workshop', () => {
    const endsAt = new Date('2026-06-03T10:10:00Z');
    expect(plannedEvents(snap({ status: 'closed', digestHour: 9, digestTimeZone: 'UTC' }, { endsAt }), NOW)).toEqual([]);
  });
});

describe('stillDue', () => {
  const reminder = { step: 'evaluation', dueAt: DUE.toISOString(), hours: 24 };

  it('keeps an event planned against the workshop as it still is', () => {
    const s = snap();
    for (const e of plannedEvents(s, NOW)) expect(stillDue(s, e.key, e.data, e.dueAt), e.key).toBe(true);
    const timed = snap({}, { endsAt: new Date('2026-06-03T10:10:00Z') });
    for (const e of plannedEvents(timed, NOW)) expect(stillDue(timed, e.key, e.data, e.dueAt), e.key).toBe(true);
    expect(stillDue(snap({ digestHour: 9, digestTimeZone: 'UTC' }), 'digest', {}, NOW)).toBe(true);
  });

  it('drops reminders and deadlines of a moved or cleared deadline, another step, or a closed workshop', () => {
    const moved = new Date(DUE.getTime() + h(2));
    expect(stillDue(snap({ deadlines: [{ step: 'evaluation', dueAt: moved }] }), 'remind:evaluation:24', reminder, NOW)).toBe(false);
    expect(stillDue(snap({ deadlines: [] }), 'deadline:evaluation', { step: 'evaluation', dueAt: DUE.toISOString() }, DUE)).toBe(false);
    expect(stillDue(snap({ step: 'solutions' }), 'remind:evaluation:24', reminder, NOW)).toBe(false);
    expect(stillDue(snap({ status: 'closed' }), 'deadline:evaluation', { step: 'evaluation', dueAt: DUE.toISOString() }, DUE)).toBe(false);
    // The workshop no longer wants a reminder 24 hours before.
    expect(stillDue(snap({ reminderHours: [1] }), 'remind:evaluation:24', reminder, NOW)).toBe(false);
    // Held back past the deadline (every replica was down): over, not sent.
    expect(stillDue(snap(), 'remind:evaluation:24', reminder, new Date(DUE.getTime() + 1))).toBe(false);
  });

  it('drops timer events once the timer was paused, stopped, extended or ran out', () => {
    const endsAt = new Date('2026-06-03T10:10:00Z');
    const data = { step: 'evaluation', endsAt: endsAt.toISOString() };
    expect(stillDue(snap({}, { leftMs: 60_000 }), 'timer:end', data, endsAt)).toBe(false);
    expect(stillDue(snap(), 'timer:warn', data, NOW)).toBe(false);
    expect(stillDue(snap({}, { endsAt: new Date(endsAt.getTime() + 300_000) }), 'timer:end', data, endsAt)).toBe(false);
    expect(stillDue(snap({}, { endsAt, ended: true }), 'timer:tick', data, NOW)).toBe(false);
  });

  it('drops a digest the workshop no longer wants, and keys it does not know', () => {
    expect(stillDue(snap(), 'digest', {}, NOW)).toBe(false);
    expect(stillDue(snap(), 'something:else', { step: 'evaluation' }, NOW)).toBe(false);
  });
});
