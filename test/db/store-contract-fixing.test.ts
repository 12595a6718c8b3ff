// The storage contract for fixing what was said (src/core/store.ts: updateObservation, deleteObservation,
// updateSolution, deleteSolution), run against every implementation like test/db/store-contract.test.ts:
// the same rows after each write, what goes with a removed item, and the same refusals.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StoreTx } from '../../src/core/store.js';
import { contractStore, factories } from './contract/factories.js';
import { expectRefusal, recordingRules, seedWorkshop, type Seeded } from './contract/fixtures.js';

describe.each(factories)('storage contract, fixing what was said: $name', (factory) => {
  const opened = contractStore(factory);

  const inWs = <T>(workspaceId: string, work: (tx: StoreTx) => Promise<T>) => opened.store.transaction(workspaceId, work);
  const seeded = async (): Promise<{ workspaceId: string } & Seeded> => {
    const ws = await opened.store.ensureWorkspace('contract', randomUUID(), 'Contract');
    return { workspaceId: ws.id, ...(await inWs(ws.id, (tx) => seedWorkshop(tx))) };
  };
  const load = async (workspaceId: string, workshopId: string) => (await inWs(workspaceId, (tx) => tx.loadWorkshop(workshopId)))!;
  /** A vote on the target, cast in whichever step the rules ask for. */
  const vote = (s: { workspaceId: string; workshopId: string }, userId: string, target: { observationId: string } | { solutionId: string }, step: 'evaluation' | 'solutions') =>
    opened.store.castVote(s.workspaceId, { workshopId: s.workshopId, userId, displayName: '', target }, { ...recordingRules(s.workshopId, target), admit: () => step });

  it('updates the fields of an observation it is given, and only those', async () => {
    const s = await seeded();
    const before = (await inWs(s.workspaceId, (tx) => tx.getObservation(s.observationId)))!;
    await inWs(s.workspaceId, (tx) => tx.updateObservation(s.observationId, { text: 'An hour of queue', kind: 'rupture' }));
    expect(await inWs(s.workspaceId, (tx) => tx.getObservation(s.observationId))).toStrictEqual({ ...before, text: 'An hour of queue', kind: 'rupture' });
    await inWs(s.workspaceId, (tx) => tx.updateObservation(s.observationId, { momentOfTruth: false, stageId: s.stageIds[0], touchpointId: null }));
    const moved = { ...before, text: 'An hour of queue', kind: 'rupture' as const, momentOfTruth: false, stageId: s.stageIds[0], touchpointId: null };
    expect(await inWs(s.workspaceId, (tx) => tx.getObservation(s.observationId))).toStrictEqual(moved);
    await inWs(s.workspaceId, (tx) => tx.updateObservation(s.observationId, { stageId: s.stageIds[1], touchpointId: s.touchpointId }));
    expect(await inWs(s.workspaceId, (tx) => tx.getObservation(s.observationId))).toStrictEqual({ ...moved, stageId: s.stageIds[1], touchpointId: s.touchpointId });
    // An empty patch changes nothing, but still names a row that must exist.
    await inWs(s.workspaceId, (tx) => tx.updateObservation(s.observationId, {}));
    await expectRefusal(inWs(s.workspaceId, (tx) => tx.updateObservation(randomUUID(), {})), 'errors.observationNotFound');
    await expectRefusal(inWs(s.workspaceId, (tx) => tx.updateObservation(randomUUID(), { text: 'X' })), 'errors.observationNotFound');
  });

  it('deletes an observation with its votes and its links to solutions; the solutions stay', async () => {
    const s = await seeded();
    await vote(s, 'U-PART', { observationId: s.observationId }, 'evaluation');
    await vote(s, 'U-FAC', { observationId: s.observationId }, 'evaluation');
    await vote(s, 'U-FAC', { solutionId: s.solutionId }, 'solutions');
    await inWs(s.workspaceId, (tx) => tx.deleteObservation(s.observationId));
    const data = await load(s.workspaceId, s.workshopId);
    expect(data.observations).toStrictEqual([]);
    expect(data.votes.map((v) => v.solutionId)).toStrictEqual([s.solutionId]);
    expect(data.solutions.map((x) => [x.id, x.addresses])).toStrictEqual([[s.solutionId, []]]);
    expect(data.solutionRatings).toHaveLength(1);
    await inWs(s.workspaceId, async (tx) => {
      expect(await tx.countVotes(s.participantId, 'evaluation')).toBe(0);
      expect(await tx.getObservation(s.observationId)).toBeNull();
    });
    await expectRefusal(inWs(s.workspaceId, (tx) => tx.deleteObservation(s.observationId)), 'errors.observationNotFound');
  });

  it('updates a solution’s text, and replaces what it addresses only when given', async () => {
    const s = await seeded();
    // A later millisecond than the seeded observation, so (createdAt, id) orders them as created.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await inWs(s.workspaceId, (tx) => tx.createObservation(s.workshopId, {
      stageId: s.stageIds[0], touchpointId: null, kind: 'irritant', text: 'The till is slow', momentOfTruth: false, authorId: s.participantId,
    }));
    const before = (await inWs(s.workspaceId, (tx) => tx.getSolution(s.solutionId)))!;
    await inWs(s.workspaceId, (tx) => tx.updateSolution(s.solutionId, { text: 'Book a slot online' }));
    expect(await inWs(s.workspaceId, (tx) => tx.getSolution(s.solutionId))).toStrictEqual({ ...before, text: 'Book a slot online' });
    await inWs(s.workspaceId, (tx) => tx.updateSolution(s.solutionId, { addresses: [second.id, s.observationId] }));
    // Addresses read back in their observations' order (createdAt, id), whatever order they were given in.
    expect((await inWs(s.workspaceId, (tx) => tx.getSolution(s.solutionId)))!.addresses).toStrictEqual([s.observationId, second.id]);
    await inWs(s.workspaceId, (tx) => tx.updateSolution(s.solutionId, { text: 'Book a slot', addresses: [second.id] }));
    expect(await inWs(s.workspaceId, (tx) => tx.getSolution(s.solutionId))).toStrictEqual({ ...before, text: 'Book a slot', addresses: [second.id] });
    const data = await load(s.workspaceId, s.workshopId);
    expect(data.solutionRatings).toHaveLength(1);
    expect(data.roadmapItems.map((i) => i.solutionId)).toStrictEqual([s.solutionId]);
    await expectRefusal(inWs(s.workspaceId, (tx) => tx.updateSolution(randomUUID(), { text: 'X' })), 'errors.solutionNotFound');
    await expectRefusal(inWs(s.workspaceId, (tx) => tx.updateSolution(randomUUID(), {})), 'errors.solutionNotFound');
  });

  it('deletes a solution with its links, ratings, votes and roadmap item; its observations stay', async () => {
    const s = await seeded();
    await vote(s, 'U-PART', { solutionId: s.solutionId }, 'solutions');
    await vote(s, 'U-PART', { observationId: s.observationId }, 'evaluation');
    await inWs(s.workspaceId, (tx) => tx.deleteSolution(s.solutionId));
    const data = await load(s.workspaceId, s.workshopId);
    expect(data.solutions).toStrictEqual([]);
    expect(data.solutionRatings).toStrictEqual([]);
    expect(data.roadmapItems).toStrictEqual([]);
    expect(data.votes.map((v) => v.observationId)).toStrictEqual([s.observationId]);
    expect(data.observations.map((o) => o.id)).toStrictEqual([s.observationId]);
    await expectRefusal(inWs(s.workspaceId, (tx) => tx.deleteSolution(s.solutionId)), 'errors.solutionNotFound');
  });

  it('never reaches another workspace’s observations or solutions', async () => {
    const a = await seeded();
    const b = await seeded();
    const before = await load(b.workspaceId, b.workshopId);
    await expectRefusal(inWs(a.workspaceId, (tx) => tx.updateObservation(b.observationId, { text: 'Intruded' })), 'errors.observationNotFound');
    await expectRefusal(inWs(a.workspaceId, (tx) => tx.updateObservation(b.observationId, {})), 'errors.observationNotFound');
    await expectRefusal(inWs(a.workspaceId, (tx) => tx.deleteObservation(b.observationId)), 'errors.observationNotFound');
    await expectRefusal(inWs(a.workspaceId, (tx) => tx.updateSolution(b.solutionId, { text: 'Intruded' })), 'errors.solutionNotFound');
    await expectRefusal(inWs(a.workspaceId, (tx) => tx.updateSolution(b.solutionId, { addresses: [a.observationId] })), 'errors.solutionNotFound');
    await expectRefusal(inWs(a.workspaceId, (tx) => tx.deleteSolution(b.solutionId)), 'errors.solutionNotFound');
    expect(await load(b.workspaceId, b.workshopId)).toStrictEqual(before);
  });
});
