// The method's pure rules, without a database: step order and entry conditions, vote decisions,
// customer voice, priorities, ordering and the emotion curve.
import { describe, expect, it } from 'vitest';
import { isCustomerVoice } from '../../src/core/customer-voice.js';
import { checkVotingStep, decideVote, emotionCurve } from '../../src/core/evaluation.js';
import { DomainError } from '../../src/core/errors.js';
import { comparePriority, priorityOf } from '../../src/core/priority.js';
import type { WorkshopRecord } from '../../src/core/records.js';
import { moveTo } from '../../src/core/stages.js';
import { channelKey, touchpointMatrix } from '../../src/core/touchpoints.js';
import { STEPS, type Step } from '../../src/core/vocabulary.js';
import { COMMAND_RULES, checkAccess, decideAdvance, decideReopen, ENTRY_CONDITIONS, type EntryFacts } from '../../src/core/workflow.js';

const workshop = (step: Step, status: 'open' | 'closed' = 'open'): WorkshopRecord => ({
  id: 'w', workspaceId: 'ws', title: 'T', scope: '', language: 'en', mode: 'async', journey: 'current', basis: 'data', anonymous: false,
  status, step, voteBudget: 3, voteCap: 1, votesLive: false, version: 0, sourceWorkshopId: null, createdAt: new Date(), closedAt: null,
  reminderHours: [24, 1], remindAnyTime: false, autoAdvance: false, digestHour: null, digestTimeZone: null, narrative: null, narrativeAt: null,
});
const facts = (over: Partial<EntryFacts> = {}): EntryFacts => ({
  departments: 1, persona: true, goal: true, stages: 1, touchpoints: 1, observations: 1, readySolutions: 1, ...over,
});
const code = (fn: () => unknown): string => {
  try { fn(); } catch (e) { if (e instanceof DomainError) return e.code; throw e; }
  return 'accepted';
};

describe('step order', () => {
  it('advances one step at a time when the next step’s entry condition holds', () => {
    for (const [i, step] of STEPS.slice(0, -1).entries()) expect(decideAdvance(workshop(step), facts())).toBe(STEPS[i + 1]);
    expect(code(() => decideAdvance(workshop('roadmap'), facts()))).toBe('errors.alreadyLastStep');
  });

  it.each([
    ['framing', { departments: 0 }, 'entry.needDepartment'],
    ['persona', { persona: false }, 'entry.needPersona'],
    ['persona', { goal: false }, 'entry.needGoal'],
    ['stages', { stages: 0 }, 'entry.needStage'],
    ['touchpoints', { touchpoints: 0 }, 'entry.needTouchpoint'],
    ['evaluation', { observations: 0 }, 'entry.needObservation'],
    ['solutions', { readySolutions: 0 }, 'entry.needReadySolution'],
  ] as const)('refuses to leave %s when %o', (step, missing, key) => {
    try {
      decideAdvance(workshop(step), facts(missing));
      expect.fail('accepted');
    } catch (e) {
      expect(e).toMatchObject({ code: 'errors.entryCondition', params: { missing: key } });
    }
  });

  it('has an entry condition for every step and a rule for every command', () => {
    expect(Object.keys(ENTRY_CONDITIONS).sort()).toEqual([...STEPS].sort());
    expect(Object.keys(COMMAND_RULES)).toContain('vote');
  });

  it('reopens only earlier steps, or any step of a closed workshop', () => {
    expect(decideReopen(workshop('evaluation'), 'stages')).toBe('stages');
    expect(code(() => decideReopen(workshop('evaluation'), 'evaluation'))).toBe('errors.reopenForward');
    expect(code(() => decideReopen(workshop('evaluation'), 'roadmap'))).toBe('errors.reopenForward');
    expect(decideReopen(workshop('roadmap', 'closed'), 'roadmap')).toBe('roadmap');
  });

  it('gates commands by step, role and status', () => {
    const facilitator = { id: 'p', workshopId: 'w', userId: 'u', displayName: '', role: 'facilitator' as const, departmentId: null };
    const participant = { ...facilitator, role: 'participant' as const };
    expect(code(() => checkAccess('addTouchpoint', workshop('stages'), participant))).toBe('errors.stepNotReached');
    expect(code(() => checkAccess('addStage', workshop('evaluation'), participant))).toBe('accepted');
    expect(code(() => checkAccess('advanceStep', workshop('stages'), participant))).toBe('errors.notFacilitator');
    expect(code(() => checkAccess('advanceStep', workshop('stages'), null))).toBe('errors.notFacilitator');
    expect(code(() => checkAccess('addStage', workshop('stages', 'closed'), facilitator))).toBe('errors.workshopClosed');
    expect(code(() => checkAccess('reopenStep', workshop('roadmap', 'closed'), facilitator))).toBe('accepted');
  });
});

describe('votes', () => {
  it('decides within budget and cap', () => {
    expect(decideVote({ budget: 3, cap: 1, used: 0, onItem: 0 })).toEqual({ remaining: 2 });
    expect(decideVote({ budget: 3, cap: 2, used: 2, onItem: 1 })).toEqual({ remaining: 0 });
    expect(code(() => decideVote({ budget: 3, cap: 1, used: 3, onItem: 0 }))).toBe('errors.voteBudgetExhausted');
    expect(code(() => decideVote({ budget: 3, cap: 1, used: 1, onItem: 1 }))).toBe('errors.voteItemCapReached');
  });

  it('votes on observations while evaluating and on solutions after', () => {
    expect(checkVotingStep('evaluation', { observationId: 'o' })).toBe('evaluation');
    expect(checkVotingStep('solutions', { solutionId: 's' })).toBe('solutions');
    expect(code(() => checkVotingStep('stages', { observationId: 'o' }))).toBe('errors.notVotingStep');
    expect(code(() => checkVotingStep('solutions', { observationId: 'o' }))).toBe('errors.voteTargetWrongStep');
  });
});

describe('customer voice', () => {
  it.each([
    'I look for a summer dress', 'I browse the collection online', 'My parcel arrives', 'We compare offers',
    'Je recherche une robe d’été', 'je consulte la collection sur internet', "J'essaie en magasin", 'On me livre', 'Mon colis arrive',
  ])('accepts “%s”', (label) => expect(isCustomerVoice(label)).toBe(true));
  it.each(['Order processing', 'Traitement de la commande', 'Delivery', 'Livraison', 'Onboarding', 'Facturation client'])(
    'flags “%s”', (label) => expect(isCustomerVoice(label)).toBe(false));
});

describe('priority', () => {
  it('follows the documented formula', () => {
    expect(priorityOf({ impact: 4, effort: 2, votes: 0, addressesMomentOfTruth: false })).toBe(20);
    expect(priorityOf({ impact: 4, effort: 2, votes: 2, addressesMomentOfTruth: false })).toBe(40);
    expect(priorityOf({ impact: 4, effort: 2, votes: 2, addressesMomentOfTruth: true })).toBe(60);
    expect(priorityOf({ impact: 1, effort: 3, votes: 0, addressesMomentOfTruth: false })).toBe(3.3);
  });

  it('breaks ties by impact, then effort, then age', () => {
    const at = (t: number) => new Date(t);
    const a = { priority: 20, impact: 4, effort: 2, votes: 0, addressesMomentOfTruth: false, createdAt: at(2) };
    const b = { ...a, impact: 2, effort: 1, createdAt: at(1) };
    const c = { ...a, createdAt: at(1) };
    expect([b, a, c].sort(comparePriority)).toEqual([c, a, b]);
  });
});

describe('stages, channels and the matrix', () => {
  it('moves a stage to a position, clamped', () => {
    expect(moveTo(['a', 'b', 'c'], 'c', 0)).toEqual(['c', 'a', 'b']);
    expect(moveTo(['a', 'b', 'c'], 'a', 9)).toEqual(['b', 'c', 'a']);
  });

  it('matches channel names without case or accents', () => {
    expect(channelKey(' Téléphone  Mobile')).toBe(channelKey('telephone mobile'));
  });

  it('lays out every cell of channels × stages', () => {
    const stage = (id: string, position: number) => ({ id, position, label: id, phase: 'before' as const, keyMomentId: null, sourceStageId: null, voiceWarning: false });
    const m = touchpointMatrix([stage('s1', 0), stage('s2', 1)], [{ id: 'c1', name: 'Web', position: 0 }], [{ id: 't', stageId: 's2', channelId: 'c1', description: '' }]);
    expect(m.rows[0]!.map((cell) => cell.touchpoints.length)).toEqual([0, 1]);
    expect(m.emptyCells).toBe(1);
  });
});

describe('emotion curve', () => {
  it('gives mean, spread, count and per-department disagreement', () => {
    const departments: Record<string, string | null> = { a: 'sales', b: 'sales', c: 'care', d: null };
    const curve = emotionCurve(['s'], [
      { stageId: 's', participantId: 'a', score: 2 }, { stageId: 's', participantId: 'b', score: 1 },
      { stageId: 's', participantId: 'c', score: -2 }, { stageId: 's', participantId: 'd', score: 0 },
    ], (id) => departments[id] ?? null);
    expect(curve[0]).toMatchObject({ mean: 0.25, count: 4, min: -2, max: 2, disagreement: 3.5 });
    expect(curve[0]!.spread).toBeCloseTo(Math.sqrt((1.75 ** 2 + 0.75 ** 2 + 2.25 ** 2 + 0.25 ** 2) / 4), 2);
  });
});
