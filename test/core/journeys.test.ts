// A target journey compared with the current journey it was started from (core/journeys.ts), on built
// snapshots whose expected answers are plain to read.
import { describe, expect, it } from 'vitest';
import { compareJourneys, sameWords } from '../../src/core/journeys.js';
import { buildSnapshot } from '../fixtures/snapshots.js';

const current = buildSnapshot({
  id: 'cur', title: 'Online purchase', language: 'en', departments: ['Digital', 'Logistics'], participants: [['a', 'Digital'], ['b', 'Logistics']], channels: ['Web'],
  stages: [
    { label: 'I choose online', phase: 'before', observations: [{ key: 'c1', kind: 'irritant', text: 'Stock not shown.', votes: 2 }, { kind: 'enchantment', text: '3D view', votes: 4 }], ratings: [1, 0] },
    { label: 'I pay', phase: 'purchase', observations: [{ key: 'c2', kind: 'rupture', text: 'Promised in 5 minutes', votes: 5 }, { key: 'c3', kind: 'irritant', text: 'Card refused', votes: 1 }], ratings: [-1, -2] },
    { label: 'I pick up', phase: 'after', observations: [{ key: 'c4', kind: 'irritant', text: 'An hour of waiting', votes: 6 }], ratings: [-2, -2] },
  ],
  solutions: [
    { key: 's1', text: 'Real pick-up time', department: 'Digital', impact: [5], effort: [2], votes: 3, addresses: ['c2', 'c4'] },
    { key: 's2', text: 'Not chosen', department: 'Digital', impact: [1], effort: [5], votes: 0, addresses: ['c3'], chosen: false },
  ],
});

const target = buildSnapshot({
  id: 'tgt', title: 'Online purchase (target)', language: 'en', journey: 'target', sourceWorkshopId: 'cur', departments: ['Digital'], participants: [['a', 'Digital']], channels: ['Web'],
  stages: [
    // Copied from the first stage; the team names its irritant again, in other case and without the full stop.
    { label: 'I choose online', phase: 'before', sourceStageId: 'cur-st1', observations: [{ kind: 'irritant', text: '  stock NOT shown ', votes: 0 }], ratings: [1] },
    { label: 'I get a text when it is ready', phase: 'after', ratings: [2] },
    // Not linked, but worded as a current stage: that is where it comes from.
    { label: 'I pick up', phase: 'after', ratings: [1] },
  ],
});

describe('comparing a target journey with its current journey', () => {
  const c = compareJourneys(target, current);

  it('finds where each target stage comes from: its copy link, else the same words; a new stage comes from nowhere', () => {
    expect(c.current).toEqual({ workshopId: 'cur', title: 'Online purchase' });
    expect(c.stages.map((s) => s.source?.id ?? null)).toEqual(['cur-st1', null, 'cur-st3']);
    expect(c.dropped.map((s) => s.id)).toEqual(['cur-st2']);
  });

  it('keeps the irritants named again, counts the others removed, and leaves enchantments out', () => {
    expect(c.stages[0]!.remaining.map((o) => o.text)).toEqual(['Stock not shown.']);
    expect(c.stages[0]!.removed).toEqual([]);
    expect(c.stages[2]!.removed.map((o) => o.text)).toEqual(['An hour of waiting']);
    expect(c.stages[1]).toMatchObject({ removed: [], remaining: [], solutions: [], before: null });
  });

  it('claims nothing removed before the target’s own evaluation: everything is still to remove', () => {
    const early = compareJourneys({ ...target, workshop: { ...target.workshop, status: 'open', step: 'touchpoints' } }, current);
    expect(early.stages.map((s) => [s.removed, s.remaining])).toEqual([[[], []], [[], []], [[], []]]);
    expect(early.stages.map((s) => s.toRemove.map((o) => o.text))).toEqual([['Stock not shown.'], [], ['An hour of waiting']]);
    expect(c.stages.every((s) => s.toRemove.length === 0)).toBe(true);
  });

  it('gives the emotion before, and the roadmap’s solutions that change each stage', () => {
    expect(c.stages.map((s) => s.before?.mean ?? null)).toEqual([0.5, null, -2]);
    expect(c.stages.map((s) => s.solutions.map((x) => x.text))).toEqual([[], [], ['Real pick-up time']]);
  });

  it('compares words as people would', () => {
    expect(sameWords('  Élan  VITAL. ')).toBe(sameWords('elan vital'));
    expect(sameWords('Stock not shown')).not.toBe(sameWords('Stock shown'));
  });
});
