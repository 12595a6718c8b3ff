// Small vocabulary for the storage contract: workshop data, frozen clocks, refusals, vote rules that record
// what the store handed them, and a workshop with something in every table.
import { expect, vi } from 'vitest';
import { DomainError, type ErrorCode } from '../../../src/core/errors.js';
import { voteRules } from '../../../src/core/evaluation.js';
import type { NewWorkshop, StoreTx, VoteFacts, VoteRules, VotingWorkshop } from '../../../src/core/store.js';
import type { ParticipantRecord, VoteTarget } from '../../../src/core/records.js';

export function workshopData(overrides: Partial<NewWorkshop> = {}): NewWorkshop {
  return {
    title: 'Furniture pick-up', scope: 'Click and collect', language: 'fr', mode: 'live', journey: 'current', basis: 'staff',
    anonymous: false, voteBudget: 3, voteCap: 1, sourceWorkshopId: null, ...overrides,
  };
}

/**
 * Runs `work` with the clock stopped at `at` (only Date is faked: timers, and so the drivers, run as usual).
 * Rows created meanwhile share one millisecond: ties in every order that uses a timestamp.
 */
export async function frozenAt<T>(at: Date, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected a rejection, got a result');
}

/** The promise must be refused with this coded DomainError. */
export async function expectRefusal(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await rejection(promise);
  expect(error, String(error)).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

/** Byte order of ids, which is what both databases' text ordering is for the ids the stores generate. */
export const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An error carrying a driver's code, the way a conflict reaches the store's retry loop. */
export function driverError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`simulated ${code}`), { code, ...extra });
}

export interface RecordingRules extends VoteRules {
  admitted: { workshop: VotingWorkshop | null; participant: Pick<ParticipantRecord, 'role'> | null }[];
  joined: (string | null)[];
  decided: VoteFacts[];
}

/**
 * The engine's own vote rules, recording what the store handed them. `before` runs first on each admit, with
 * the number of the call (0, 1…): it may throw, as a conflict in the vote's transaction would.
 */
export function recordingRules(workshopId: string, target: VoteTarget, before?: (call: number) => void): RecordingRules {
  const real = voteRules(workshopId, target);
  let calls = 0;
  const rules: RecordingRules = {
    admitted: [], joined: [], decided: [],
    admit(workshop, participant) {
      before?.(calls++);
      rules.admitted.push({ workshop, participant });
      return real.admit(workshop, participant);
    },
    joining(headed) {
      rules.joined.push(headed);
      return real.joining(headed);
    },
    decide(facts) {
      rules.decided.push(facts);
      return real.decide(facts);
    },
    record: (result) => real.record(result),
  };
  return rules;
}

export interface Seeded {
  workshopId: string;
  departmentIds: [string, string];
  facilitatorId: string;
  participantId: string;
  stageIds: [string, string];
  keyMomentId: string;
  channelId: string;
  touchpointId: string;
  observationId: string;
  solutionId: string;
  deliveryId: string;
}

/** A workshop with a row in every table the transaction writes (votes go through castVote, see `seedVotes`). */
export async function seedWorkshop(tx: StoreTx, title = 'Seeded'): Promise<Seeded> {
  const w = await tx.createWorkshop(workshopData({ title }));
  await tx.setDeadline(w.id, 'stages', new Date('2027-01-15T09:00:00.000Z'));
  await tx.setPersona(w.id, { name: 'Claire', segment: 'Families', context: 'Moving house', needs: 'Pick up fast', channelHabits: 'App', expertise: 'Low', quote: 'Where is my sofa?' });
  await tx.setGoal(w.id, 'Leave with the furniture in 10 minutes');
  const sales = await tx.createDepartment(w.id, 'Sales', 'U-HEAD', 0);
  const store = await tx.createDepartment(w.id, 'Store', null, 1);
  const facilitator = await tx.createParticipant(w.id, { userId: 'U-FAC', displayName: 'Fatou', role: 'facilitator', departmentId: null });
  const participant = await tx.createParticipant(w.id, { userId: 'U-PART', displayName: 'Paul', role: 'participant', departmentId: store.id });
  const pay = await tx.createStage(w.id, { label: 'I pay at the till', phase: 'purchase', position: 0, authorId: facilitator.id });
  const pick = await tx.createStage(w.id, { label: 'I pick up my sofa', phase: 'after', position: 1, authorId: participant.id });
  const moment = await tx.createKeyMoment('Pick-up');
  await tx.updateStage(pick.id, { keyMomentId: moment.id });
  const channel = await tx.createChannel(w.id, 'Warehouse desk', 0);
  const touchpoint = await tx.createTouchpoint(w.id, { stageId: pick.id, channelId: channel.id, description: 'Queue at the desk', authorId: participant.id });
  await tx.markCellUnused(w.id, pay.id, channel.id); // nobody pays at the warehouse desk
  const observation = await tx.createObservation(w.id, {
    stageId: pick.id, touchpointId: touchpoint.id, kind: 'irritant', text: 'Forty minutes of queue', momentOfTruth: true, authorId: participant.id,
  });
  await tx.setEmotion(w.id, pick.id, participant.id, -2);
  const solution = await tx.createSolution(w.id, { text: 'Book a pick-up slot', departmentId: sales.id, authorId: participant.id, addresses: [observation.id] });
  await tx.rateSolution(solution.id, participant.id, 5, 2);
  await tx.replaceRoadmap(w.id, [{ solutionId: solution.id, departmentId: sales.id, priority: 37.5, rank: 1, status: 'planned' }]);
  const deliveryId = `seed-${w.id}`;
  await tx.claimDelivery(deliveryId);
  await tx.completeDelivery(deliveryId, '{"seeded":true}');
  return {
    workshopId: w.id, departmentIds: [sales.id, store.id], facilitatorId: facilitator.id, participantId: participant.id,
    stageIds: [pay.id, pick.id], keyMomentId: moment.id, channelId: channel.id, touchpointId: touchpoint.id, observationId: observation.id,
    solutionId: solution.id, deliveryId,
  };
}
