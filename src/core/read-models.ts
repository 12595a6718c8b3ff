// Builds the read models of src/core/snapshot.ts from stored rows. Pure. This is the one place where
// anonymity is applied: in an anonymous workshop, author ids are blanked before anything leaves the core.
import { isCustomerVoice } from './customer-voice.js';
import { emotionCurve, talliesShown } from './evaluation.js';
import type { WorkshopData } from './records.js';
import type { BallotData } from './store.js';
import { buildRoadmap } from './roadmap.js';
import { solutionViews } from './solutions.js';
import type { ObservationView, StageView, TimerView, WorkshopSnapshot } from './snapshot.js';
import type { ContributionProgress, OwedWork } from './snapshot.js';
import type { Step } from './vocabulary.js';
import type { EntryFacts } from './workflow.js';

export function stageViews(data: Pick<WorkshopData, 'stages'>): StageView[] {
  return [...data.stages].sort((a, b) => a.position - b.position).map((s) => ({
    id: s.id, position: s.position, label: s.label, phase: s.phase, keyMomentId: s.keyMomentId, sourceStageId: s.sourceStageId,
    voiceWarning: !isCustomerVoice(s.label),
  }));
}

export function observationViews(data: Pick<WorkshopData, 'workshop' | 'observations' | 'votes' | 'voteReveals'>, tallied = talliesShown(data).evaluation): ObservationView[] {
  const votes = new Map<string, number>();
  if (tallied) for (const v of data.votes) if (v.observationId) votes.set(v.observationId, (votes.get(v.observationId) ?? 0) + 1);
  return data.observations.map((o) => ({
    id: o.id, stageId: o.stageId, touchpointId: o.touchpointId, kind: o.kind, text: o.text, momentOfTruth: o.momentOfTruth,
    votes: votes.get(o.id) ?? 0, authorId: data.workshop.anonymous ? null : o.authorId,
  }));
}

export function buildSnapshot(data: WorkshopData): WorkshopSnapshot {
  const w = data.workshop;
  const departments = [...data.departments].sort((a, b) => a.position - b.position).map((d) => ({ id: d.id, name: d.name, headUserId: d.headUserId }));
  const stages = stageViews(data);
  const departmentOf = new Map(data.participants.map((p) => [p.id, p.departmentId]));
  const tallies = talliesShown(data);
  const solutions = solutionViews(data.solutions, data.solutionRatings, tallies.solutions ? data.votes : [], data.observations, w.anonymous);
  return {
    workshop: { ...w, deadlines: [...data.deadlines].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()) },
    persona: data.persona,
    goal: data.goal,
    departments,
    participants: data.participants.map((p) => ({ id: p.id, userId: p.userId, displayName: p.displayName, role: p.role, departmentId: p.departmentId })),
    progress: contributionProgress(data),
    timer: timerView(data),
    stages,
    channels: [...data.channels].sort((a, b) => a.position - b.position).map((c) => ({ id: c.id, name: c.name, position: c.position })),
    touchpoints: data.touchpoints.map((t) => ({ id: t.id, stageId: t.stageId, channelId: t.channelId, description: t.description })),
    unusedCells: data.unusedCells.map((u) => ({ stageId: u.stageId, channelId: u.channelId })),
    tallies,
    votesCast: data.votes.length,
    observations: observationViews(data, tallies.evaluation),
    emotion: emotionCurve(stages.map((s) => s.id), data.emotions, (id) => departmentOf.get(id) ?? null),
    solutions,
    roadmap: buildRoadmap(departments, solutions, data.solutions, data.observations, data.stages, { touchpoints: data.touchpoints, channels: data.channels }),
  };
}

/** The current step's timer and last nudge, from its stored state (none yet: no timer, never nudged). */
export function timerView(data: Pick<WorkshopData, 'workshop' | 'stepStates'>): TimerView {
  const step = data.workshop.step;
  const s = data.stepStates.find((x) => x.step === step);
  return { step, endsAt: s?.timerEndsAt ?? null, leftMs: s?.timerLeftMs ?? null, ended: s?.timerEnded ?? false, lastNudgeAt: s?.lastNudgeAt ?? null };
}

/**
 * A snapshot for one person's ballot only (ballotView), from what StoreTx.loadBallot read: the workshop, its
 * stages, channels and touchpoints, the items of the current voting step with their tallies when shown, and
 * the departments in the solutions step. Whatever a ballot does not show is empty — the persona, deadlines,
 * participants, progress, emotions, the roadmap, votesCast (0) — and an observation's votes in the solutions
 * step are not counted: never hand it to anything else. Pure.
 */
export function ballotSnapshot(data: BallotData): WorkshopSnapshot {
  const w = data.workshop;
  const tallies = talliesShown(data);
  return {
    workshop: { ...w, deadlines: [] },
    persona: null,
    goal: null,
    departments: [...data.departments].sort((a, b) => a.position - b.position).map((d) => ({ id: d.id, name: d.name, headUserId: d.headUserId })),
    participants: [],
    progress: [],
    timer: timerView(data),
    stages: stageViews(data),
    channels: [...data.channels].sort((a, b) => a.position - b.position).map((c) => ({ id: c.id, name: c.name, position: c.position })),
    touchpoints: data.touchpoints.map((t) => ({ id: t.id, stageId: t.stageId, channelId: t.channelId, description: t.description })),
    unusedCells: [],
    tallies,
    votesCast: 0,
    observations: observationViews(data, tallies.evaluation),
    emotion: [],
    solutions: solutionViews(data.solutions, data.solutionRatings, tallies.solutions ? data.votes : [], data.observations, w.anonymous),
    roadmap: [],
  };
}

export function entryFacts(data: WorkshopData): EntryFacts {
  const rated = new Set(data.solutionRatings.map((r) => r.solutionId));
  return {
    departments: data.departments.length,
    persona: data.persona !== null,
    goal: data.goal !== null,
    stages: data.stages.length,
    touchpoints: data.touchpoints.length,
    observations: data.observations.length,
    readySolutions: data.solutions.filter((s) => s.departmentId !== null && rated.has(s.id)).length,
  };
}

/**
 * What each participant still owes the current step, as message keys with counts. Only counts are
 * given — never what anyone wrote or voted — so it is safe in an anonymous workshop too.
 */
export function owedWork(data: WorkshopData): OwedWork[] {
  const w = data.workshop;
  if (w.status === 'closed') return [];
  return data.participants.map((p) => {
    const owes: { key: string; count: number }[] = [];
    const add = (key: string, count: number): void => { if (count > 0) owes.push({ key, count }); };
    const authored = (rows: { authorId: string | null }[]): number => rows.filter((r) => r.authorId === p.id).length;
    switch (w.step) {
      case 'framing':
        break;
      case 'persona':
        if (p.role === 'facilitator') add('owed.persona', data.persona ? 0 : 1), add('owed.goal', data.goal ? 0 : 1);
        break;
      case 'stages':
        add('owed.stage', authored(data.stages) ? 0 : 1);
        break;
      case 'touchpoints':
        add('owed.touchpoint', authored(data.touchpoints) ? 0 : 1);
        break;
      case 'evaluation': {
        add('owed.observation', authored(data.observations) ? 0 : 1);
        const used = data.votes.filter((v) => v.participantId === p.id && v.step === 'evaluation').length;
        add('owed.votes', Math.min(w.voteBudget - used, data.observations.length * w.voteCap - used));
        const rated = new Set(data.emotions.filter((e) => e.participantId === p.id).map((e) => e.stageId));
        add('owed.emotions', data.stages.filter((s) => !rated.has(s.id)).length);
        break;
      }
      case 'solutions': {
        const used = data.votes.filter((v) => v.participantId === p.id && v.step === 'solutions').length;
        add('owed.votes', Math.min(w.voteBudget - used, data.solutions.length * w.voteCap - used));
        const rated = new Set(data.solutionRatings.filter((r) => r.participantId === p.id).map((r) => r.solutionId));
        add('owed.ratings', data.solutions.filter((s) => !rated.has(s.id)).length);
        break;
      }
      case 'roadmap':
        break;
      default: {
        const never: never = w.step;
        throw new Error(`unhandled step ${String(never)}`);
      }
    }
    return { participantId: p.id, displayName: p.displayName, owes };
  });
}

/** What each step asks of every contributor, as the keys of owedWork (without their `owed.` prefix). */
const ACTIVITIES: Record<Step, string[]> = {
  framing: [], persona: [], stages: ['stage'], touchpoints: ['touchpoint'], evaluation: ['observation', 'emotions', 'votes'], solutions: ['ratings', 'votes'], roadmap: [],
};

/**
 * Per activity of the current step, how many expected contributors have nothing left to do for it (the
 * same reckoning as owedWork, so the counts and what each person is told agree). Expected: everyone who
 * joined but the facilitator. An activity with nothing to act on yet (votes before any item) is left out.
 * Names of who has not done it are given only in a signed workshop.
 */
export function contributionProgress(data: WorkshopData): ContributionProgress[] {
  const facilitator = new Set(data.participants.filter((p) => p.role === 'facilitator').map((p) => p.id));
  const expected = owedWork(data).filter((o) => !facilitator.has(o.participantId));
  if (expected.length === 0) return [];
  const items = data.workshop.step === 'solutions' ? data.solutions.length : data.observations.length;
  const worth = (activity: string): boolean => (activity === 'votes' ? items > 0 : activity === 'ratings' ? data.solutions.length > 0 : true);
  return ACTIVITIES[data.workshop.step].filter(worth).map((activity) => {
    const owing = expected.filter((o) => o.owes.some((x) => x.key === `owed.${activity}`));
    return {
      key: `progress.${activity}`,
      done: expected.length - owing.length,
      expected: expected.length,
      // Alphabetical: participants come back from storage in no meaningful order.
      missing: data.workshop.anonymous ? [] : owing.map((o) => o.displayName).sort((a, b) => a.localeCompare(b)),
    };
  });
}

export interface MyVotes {
  /** Item id (observation or solution) → how many of the user's votes it holds. */
  votes: Record<string, number>;
  remaining: number;
}

/** One user's votes in the workshop's current step. Pure. */
export function myVotes(data: Pick<WorkshopData, 'workshop' | 'participants' | 'votes'>, userId: string): MyVotes {
  const me = data.participants.find((p) => p.userId === userId);
  const mine = me ? data.votes.filter((v) => v.participantId === me.id && v.step === data.workshop.step) : [];
  const votes: Record<string, number> = {};
  for (const v of mine) {
    const target = v.observationId ?? v.solutionId;
    if (target) votes[target] = (votes[target] ?? 0) + 1;
  }
  return { votes, remaining: Math.max(0, data.workshop.voteBudget - mine.length) };
}
