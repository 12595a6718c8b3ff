// The storage contract for one person's ballot (src/core/store.ts: StoreTx.loadBallot and Store.loadBallot, BallotData), run against
// every implementation like test/db/store-contract.test.ts: exactly the part of loadWorkshop a ballot shows, in
// the same order, the votes of others only once the step's tallies are shown; and the ballot drawn from it is
// the very one drawn from the whole workshop, secret or revealed, in either voting step.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ballotSnapshot, buildSnapshot, myVotes } from '../../src/core/read-models.js';
import type { WorkshopData } from '../../src/core/records.js';
import type { StoreTx } from '../../src/core/store.js';
import { ballotView } from '../../src/present/ballot.js';
import { contractStore, factories } from './contract/factories.js';
import { recordingRules, seedWorkshop, sleep, type Seeded } from './contract/fixtures.js';

describe.each(factories)('storage contract, a ballot: $name', (factory) => {
  const opened = contractStore(factory);

  const inWs = <T>(workspaceId: string, work: (tx: StoreTx) => Promise<T>) => opened.store.transaction(workspaceId, work);
  const load = async (workspaceId: string, workshopId: string): Promise<WorkshopData> => (await inWs(workspaceId, (tx) => tx.loadWorkshop(workshopId)))!;
  /** The seeded workshop with a second observation and solution, moved to `step`. */
  const voting = async (step: 'evaluation' | 'solutions'): Promise<{ workspaceId: string; o2: string; s2: string } & Seeded> => {
    const ws = await opened.store.ensureWorkspace('contract', randomUUID(), 'Contract');
    const seeded = await inWs(ws.id, (tx) => seedWorkshop(tx));
    const more = await inWs(ws.id, async (tx) => {
      const o2 = await tx.createObservation(seeded.workshopId, {
        stageId: seeded.stageIds[0], touchpointId: null, kind: 'enchantment', text: 'A smile at the till', momentOfTruth: false, authorId: seeded.facilitatorId,
      });
      const s2 = await tx.createSolution(seeded.workshopId, { text: 'Text when ready', departmentId: null, authorId: seeded.facilitatorId, addresses: [seeded.observationId, o2.id] });
      const w = (await tx.getWorkshop(seeded.workshopId))!;
      expect(await tx.updateWorkshop(seeded.workshopId, w.version, { step })).toBe(true);
      return { o2: o2.id, s2: s2.id };
    });
    return { workspaceId: ws.id, ...seeded, ...more };
  };
  const vote = async (s: { workspaceId: string; workshopId: string }, userId: string, target: { observationId: string } | { solutionId: string }) => {
    await opened.store.castVote(s.workspaceId, { workshopId: s.workshopId, userId, displayName: userId, target }, recordingRules(s.workshopId, target));
    await sleep(3); // votes are listed by createdAt: keep them apart
  };
  /** StoreTx.loadBallot, checked to be what Store.loadBallot (a read of its own: one statement on PostgreSQL) reads too. */
  const ballotOf = async (workspaceId: string, workshopId: string, userId: string) => {
    const inTx = await inWs(workspaceId, (tx) => tx.loadBallot(workshopId, userId));
    expect(await opened.store.loadBallot(workspaceId, workshopId, userId)).toStrictEqual(inTx);
    return inTx!;
  };
  /** The ballot page as drawn from the whole workshop, and as drawn from loadBallot. */
  const drawn = async (workspaceId: string, workshopId: string, userId: string) => {
    const whole = await load(workspaceId, workshopId);
    const part = await ballotOf(workspaceId, workshopId, userId);
    return { whole: ballotView(buildSnapshot(whole), myVotes(whole, userId), 0), part: ballotView(ballotSnapshot(part), myVotes(part, userId), 0) };
  };

  it('reads in the evaluation step what the ballot shows, and of the votes only the person’s while they are secret', async () => {
    const s = await voting('evaluation');
    await vote(s, 'U-PART', { observationId: s.observationId });
    await vote(s, 'U-OTHER', { observationId: s.o2 });
    await vote(s, 'U-PART', { observationId: s.o2 });
    const whole = await load(s.workspaceId, s.workshopId);
    const paul = whole.participants.find((p) => p.userId === 'U-PART')!;
    expect(await ballotOf(s.workspaceId, s.workshopId, 'U-PART')).toStrictEqual({
      workshop: whole.workshop,
      voteReveals: [],
      stepStates: [],
      participants: [paul],
      votes: whole.votes.filter((v) => v.participantId === paul.id),
      stages: whole.stages,
      channels: whole.channels,
      touchpoints: whole.touchpoints,
      observations: whole.observations,
      departments: [],
      solutions: [],
      solutionRatings: [],
    });
    expect(whole.votes).toHaveLength(3);
    // Someone who has not joined: no participant, no vote.
    const stranger = await ballotOf(s.workspaceId, s.workshopId, 'U-NOBODY');
    expect([stranger.participants, stranger.votes]).toStrictEqual([[], []]);
    const { whole: fromWhole, part } = await drawn(s.workspaceId, s.workshopId, 'U-PART');
    expect(part).toStrictEqual(fromWhole);
    expect(part.items).toHaveLength(2);
  });

  it('reads every vote of the step once its tallies are revealed, and draws the same ranked ballot', async () => {
    const s = await voting('evaluation');
    await vote(s, 'U-OTHER', { observationId: s.o2 });
    await vote(s, 'U-THIRD', { observationId: s.o2 });
    await vote(s, 'U-PART', { observationId: s.observationId });
    await inWs(s.workspaceId, (tx) => tx.revealVotes(s.workshopId, 'evaluation', new Date('2026-06-01T10:00:00.000Z')));
    // The current step's timer comes with it (its times to the millisecond); another step's does not.
    const timer = { step: 'evaluation' as const, lastNudgeAt: new Date('2026-06-01T09:30:00.123Z'), timerEndsAt: new Date('2026-06-01T11:00:00.456Z'), timerLeftMs: null, timerEnded: false };
    await inWs(s.workspaceId, async (tx) => {
      await tx.saveStepState(s.workshopId, timer);
      await tx.saveStepState(s.workshopId, { step: 'stages', lastNudgeAt: null, timerEndsAt: null, timerLeftMs: 60_000, timerEnded: true });
    });
    const whole = await load(s.workspaceId, s.workshopId);
    const ballot = await ballotOf(s.workspaceId, s.workshopId, 'U-PART');
    expect(ballot.stepStates).toStrictEqual([timer]);
    expect(ballot.voteReveals).toStrictEqual(whole.voteReveals);
    expect(ballot.votes).toStrictEqual(whole.votes);
    const { whole: fromWhole, part } = await drawn(s.workspaceId, s.workshopId, 'U-PART');
    expect(part).toStrictEqual(fromWhole);
    // Ranked by votes: the observation with two comes first.
    expect(part.items[0]!.line).toContain('A smile at the till');
  });

  it('reads the solutions, their ratings and the departments in the solutions step, the step’s votes only', async () => {
    const s = await voting('solutions');
    await vote(s, 'U-PART', { solutionId: s.s2 });
    await vote(s, 'U-OTHER', { solutionId: s.solutionId });
    const whole = await load(s.workspaceId, s.workshopId);
    const paul = whole.participants.find((p) => p.userId === 'U-PART')!;
    const ballot = await ballotOf(s.workspaceId, s.workshopId, 'U-PART');
    expect([ballot.solutions, ballot.solutionRatings, ballot.departments]).toStrictEqual([whole.solutions, whole.solutionRatings, whole.departments]);
    expect(ballot.votes).toStrictEqual(whole.votes.filter((v) => v.participantId === paul.id));
    expect((await drawn(s.workspaceId, s.workshopId, 'U-PART')).part).toStrictEqual((await drawn(s.workspaceId, s.workshopId, 'U-PART')).whole);
    // Live tallies show everyone's votes on solutions, and the priorities they give.
    await inWs(s.workspaceId, async (tx) => {
      const w = (await tx.getWorkshop(s.workshopId))!;
      expect(await tx.updateWorkshop(s.workshopId, w.version, { votesLive: true })).toBe(true);
    });
    const live = await ballotOf(s.workspaceId, s.workshopId, 'U-PART');
    expect(live.votes).toStrictEqual((await load(s.workspaceId, s.workshopId)).votes);
    const { whole: fromWhole, part } = await drawn(s.workspaceId, s.workshopId, 'U-PART');
    expect(part).toStrictEqual(fromWhole);
  });

  it('reads many people’s ballots asked for at once together, each exactly as it reads alone', async () => {
    const s = await voting('evaluation');
    await vote(s, 'U-PART', { observationId: s.observationId });
    await vote(s, 'U-OTHER', { observationId: s.o2 });
    await vote(s, 'U-PART', { observationId: s.o2 });
    const people = ['U-PART', 'U-OTHER', 'U-NOBODY', 'U-PART'];
    const alone = async () => Promise.all(people.map((u) => inWs(s.workspaceId, (tx) => tx.loadBallot(s.workshopId, u))));
    // Secret votes: each gets only their own, a stranger none; asked twice, the same twice.
    const together = await Promise.all(people.map((u) => opened.store.loadBallot(s.workspaceId, s.workshopId, u)));
    expect(together).toStrictEqual(await alone());
    expect(together.map((b) => b!.votes.length)).toEqual([2, 1, 0, 2]);
    // Asked together with a ballot of another workspace's view of it (nothing) and of another workshop (nothing).
    const other = await opened.store.ensureWorkspace('contract', randomUUID(), 'Other');
    const mixed = await Promise.all([
      opened.store.loadBallot(s.workspaceId, s.workshopId, 'U-OTHER'), opened.store.loadBallot(other.id, s.workshopId, 'U-OTHER'),
      opened.store.loadBallot(s.workspaceId, randomUUID(), 'U-OTHER'),
    ]);
    expect(mixed).toStrictEqual([together[1], null, null]);
    // Revealed: everyone's ballot holds every vote.
    await inWs(s.workspaceId, (tx) => tx.revealVotes(s.workshopId, 'evaluation', new Date('2026-06-01T10:00:00.000Z')));
    const revealed = await Promise.all(people.map((u) => opened.store.loadBallot(s.workspaceId, s.workshopId, u)));
    expect(revealed).toStrictEqual(await alone());
    expect(revealed.map((b) => b!.votes.length)).toEqual([3, 3, 3, 3]);
  });

  it('finds nothing of another workspace, nor a workshop that is not there', async () => {
    const s = await voting('evaluation');
    const other = await opened.store.ensureWorkspace('contract', randomUUID(), 'Other');
    expect(await inWs(other.id, (tx) => tx.loadBallot(s.workshopId, 'U-PART'))).toBeNull();
    expect(await inWs(s.workspaceId, (tx) => tx.loadBallot(randomUUID(), 'U-PART'))).toBeNull();
    expect(await opened.store.loadBallot(other.id, s.workshopId, 'U-PART')).toBeNull();
    expect(await opened.store.loadBallot(s.workspaceId, randomUUID(), 'U-PART')).toBeNull();
  });
});
