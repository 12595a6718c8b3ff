// One contract for the storage port (src/core/store.ts, plus the operator lookups of src/db/operator-store.ts),
// run against every implementation (test/db/contract/factories.ts): SqliteStore on SQLite, PrismaStore on
// SQLite and PrismaStore on PostgreSQL must give the same records, in the same order, and refuse the same way.
//
// What the contract says, beyond src/core/store.ts:
// - Orders are total, ties included (ids are the stores' own; both databases compare them byte by byte):
//     workshops (listWorkshops, allWorkshops)       newest first: createdAt DESC, id DESC
//     departments, channels                         position, id
//     stages (listStages, loadWorkshop)             position, createdAt, id
//     stagesWithKeyMoment                           createdAt, id
//     participants (loadWorkshop, participationsOf) joinedAt, id
//     touchpoints, observations, votes, solutions   createdAt, id
//     a solution's addresses                        the observations' createdAt, then observation id
//     deadlines                                     dueAt, step
//     step states                                   step
//     emotions                                      stageId, participantId
//     solution ratings                              solutionId, participantId
//     roadmap items                                 rank, departmentId, solutionId
//   deleteVote removes the oldest of the voter's votes on the target (createdAt, id).
// - A write that names a row which is not in the transaction's workspace (missing, or another workspace's)
//   changes nothing and throws: the engine's coded refusal when it has one (errors.workshopNotFound for every
//   write under a workshop, departmentNotFound, stageNotFound, touchpointNotFound, observationNotFound,
//   solutionNotFound); MissingRowError for rows the engine never lets a user name (participants, deliveries).
//   updateWorkshop answers false and deleteVote false, as their signatures say.
// - Two departments of one workshop with the same name: errors.departmentExists. Other unique violations
//   (a participant or channel created twice) are races: the unit is retried, then the violation is thrown.
// - Conflicts (SQLite busy or locked, PostgreSQL serialization failure or deadlock, a unique violation) make
//   transaction, castVote and ensureWorkspace run again, with the same rules on every implementation
//   (src/db/retry.ts); anything else is thrown as it is, after a rollback.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from '../../src/core/errors.js';
import type { StoreTx } from '../../src/core/store.js';
import type { WorkshopData, WorkshopRecord } from '../../src/core/records.js';
import { isUniqueViolation } from '../../src/db/retry.js';
import { MissingRowError } from '../../src/db/rows.js';
import { contractStore, factories } from './contract/factories.js';
import { idsOfWorkshop, nonZero, rowsNaming, type RowCounts } from '../helpers/references.js';
import {
  byId, compareText, driverError, expectRefusal, frozenAt, recordingRules, rejection, seedWorkshop, sleep, workshopData, type Seeded,
} from './contract/fixtures.js';

const T = new Date('2026-06-01T10:00:00.000Z');
const later = (ms: number) => new Date(T.getTime() + ms);

describe.each(factories)('storage contract: $name', (factory) => {
  const opened = contractStore(factory);

  /** Every test works in workspaces of its own: the database is shared by the whole suite. */
  const newWorkspace = async (name = 'Contract') => opened.store.ensureWorkspace('contract', randomUUID(), name);
  const inWs = <T>(workspaceId: string, work: (tx: StoreTx) => Promise<T>) => opened.store.transaction(workspaceId, work);
  /** StoreTx.loadWorkshop, checked to be what Store.loadWorkshop (a read of its own: one statement on PostgreSQL) reads too. */
  const load = async (workspaceId: string, workshopId: string): Promise<WorkshopData> => {
    const data = await inWs(workspaceId, (tx) => tx.loadWorkshop(workshopId));
    if (!data) throw new Error(`workshop ${workshopId} not found`);
    expect(await opened.store.loadWorkshop(workspaceId, workshopId)).toStrictEqual(data);
    return data;
  };
  /** A workshop (and its facilitator) in a new workspace. */
  const newWorkshop = async (overrides: Parameters<typeof workshopData>[0] = {}) => {
    const ws = await newWorkspace();
    const w = await inWs(ws.id, (tx) => tx.createWorkshop(workshopData(overrides)));
    return { workspaceId: ws.id, workshop: w };
  };
  const seeded = async (): Promise<{ workspaceId: string } & Seeded> => {
    const ws = await newWorkspace();
    return { workspaceId: ws.id, ...(await inWs(ws.id, (tx) => seedWorkshop(tx))) };
  };
  /** Moves a workshop to a voting step. */
  const toStep = async (workspaceId: string, workshopId: string, step: 'evaluation' | 'solutions') => {
    await inWs(workspaceId, async (tx) => {
      const w = (await tx.getWorkshop(workshopId))!;
      expect(await tx.updateWorkshop(workshopId, w.version, { step })).toBe(true);
    });
  };

  describe('ensureWorkspace', () => {
    it('creates a workspace once per platform and external id, and keeps its name unless given a new one', async () => {
      const externalId = randomUUID();
      const created = await opened.store.ensureWorkspace('slack', externalId, 'Acme');
      expect(created).toStrictEqual({ id: expect.any(String), platform: 'slack', externalId, name: 'Acme' });
      expect(await opened.store.ensureWorkspace('slack', externalId)).toStrictEqual(created);
      expect(await opened.store.ensureWorkspace('slack', externalId, '')).toStrictEqual(created);
      expect(await opened.store.ensureWorkspace('slack', externalId, 'Acme Corp')).toStrictEqual({ ...created, name: 'Acme Corp' });
      const teams = await opened.store.ensureWorkspace('teams', externalId);
      expect(teams).toStrictEqual({ id: expect.any(String), platform: 'teams', externalId, name: '' });
      expect(teams.id).not.toBe(created.id);
    });

    it('gives one workspace to concurrent first calls', async () => {
      const externalId = randomUUID();
      const all = await Promise.all(Array.from({ length: 6 }, (_, i) => opened.store.ensureWorkspace('slack', externalId, i === 0 ? 'First' : '')));
      expect(new Set(all.map((w) => w.id)).size).toBe(1);
    });
  });

  describe('workshops', () => {
    it('creates a workshop with its defaults, and reads it back the same', async () => {
      const ws = await newWorkspace();
      const created = await frozenAt(T, () => inWs(ws.id, (tx) => tx.createWorkshop(workshopData({ anonymous: true, voteBudget: 5, voteCap: 2 }))));
      expect(created).toStrictEqual({
        id: expect.any(String), workspaceId: ws.id, title: 'Furniture pick-up', scope: 'Click and collect', language: 'fr', mode: 'live',
        journey: 'current', basis: 'staff', anonymous: true, status: 'open', step: 'framing', voteBudget: 5, voteCap: 2, votesLive: false, version: 0,
        sourceWorkshopId: null, createdAt: T, closedAt: null,
        reminderHours: [24, 1], remindAnyTime: false, autoAdvance: false, digestHour: null, digestTimeZone: null, narrative: null, narrativeAt: null,
      });
      const target = await inWs(ws.id, (tx) => tx.createWorkshop(workshopData({ journey: 'target', sourceWorkshopId: created.id })));
      expect(target).toMatchObject({ journey: 'target', sourceWorkshopId: created.id, anonymous: false });
      await inWs(ws.id, async (tx) => {
        expect(await tx.getWorkshop(created.id)).toStrictEqual(created);
        expect(await tx.getWorkshop(randomUUID())).toBeNull();
      });
      expect(await opened.store.workspaceOfWorkshop(created.id)).toBe(ws.id);
      expect(await opened.store.workspaceOfWorkshop(randomUUID())).toBeNull();
    });

    it('applies a patch only at the expected version, and bumps the version', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const closedAt = new Date('2026-07-01T12:34:56.789Z');
      await inWs(workspaceId, async (tx) => {
        expect(await tx.updateWorkshop(workshop.id, 0, { title: 'Renamed', anonymous: true, voteBudget: 4, step: 'roadmap', status: 'closed', closedAt })).toBe(true);
        expect(await tx.getWorkshop(workshop.id)).toStrictEqual({
          ...workshop, title: 'Renamed', anonymous: true, voteBudget: 4, step: 'roadmap', status: 'closed', closedAt, version: 1,
        });
        expect(await tx.updateWorkshop(workshop.id, 0, { title: 'Stale' })).toBe(false);
        expect(await tx.updateWorkshop(workshop.id, 1, {})).toBe(true);
        expect(await tx.updateWorkshop(workshop.id, 2, { status: 'open', closedAt: null, anonymous: false })).toBe(true);
        expect(await tx.getWorkshop(workshop.id)).toStrictEqual({ ...workshop, title: 'Renamed', voteBudget: 4, step: 'roadmap', version: 3 });
        expect(await tx.updateWorkshop(randomUUID(), 0, { title: 'Nobody' })).toBe(false);
      });
    });

    it('lists the workspace\'s workshops newest first, ties by id descending', async () => {
      const ws = await newWorkspace();
      const other = await newWorkspace();
      const tied = await frozenAt(T, () => inWs(ws.id, async (tx) => [
        await tx.createWorkshop(workshopData({ title: 'A' })), await tx.createWorkshop(workshopData({ title: 'B' })),
        await tx.createWorkshop(workshopData({ title: 'C' })), await tx.createWorkshop(workshopData({ title: 'D' })),
      ]));
      const older = await frozenAt(later(-1), () => inWs(ws.id, (tx) => tx.createWorkshop(workshopData({ title: 'Older' }))));
      const newer = await frozenAt(later(1), () => inWs(ws.id, (tx) => tx.createWorkshop(workshopData({ title: 'Newer' }))));
      const foreign = await frozenAt(T, () => inWs(other.id, (tx) => tx.createWorkshop(workshopData({ title: 'Foreign' }))));
      const expected = [newer, ...[...tied].sort(byId).reverse(), older];
      expect(await inWs(ws.id, (tx) => tx.listWorkshops())).toStrictEqual(expected);

      const listing = (w: WorkshopRecord, externalId: string) => ({ id: w.id, title: w.title, step: w.step, status: w.status, platform: 'contract', externalId });
      const mine = new Set([...expected, foreign].map((w) => w.id));
      const all = (await opened.store.allWorkshops()).filter((w) => mine.has(w.id));
      expect(all).toStrictEqual([
        listing(newer, ws.externalId),
        ...[...tied, foreign].sort(byId).reverse().map((w) => listing(w, w.id === foreign.id ? other.externalId : ws.externalId)),
        listing(older, ws.externalId),
      ]);
    });

    it('sets, replaces and clears deadlines, and lists them soonest first', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const due = (day: number) => new Date(Date.UTC(2027, 0, day, 17));
      await inWs(workspaceId, async (tx) => {
        await tx.setDeadline(workshop.id, 'roadmap', due(30));
        await tx.setDeadline(workshop.id, 'stages', due(20));
        await tx.setDeadline(workshop.id, 'persona', due(10));
        await tx.setDeadline(workshop.id, 'evaluation', due(20));
        await tx.setDeadline(workshop.id, 'persona', due(25));
        await tx.setDeadline(workshop.id, 'roadmap', null);
        await tx.setDeadline(workshop.id, 'solutions', null);
      });
      expect((await load(workspaceId, workshop.id)).deadlines).toStrictEqual([
        { step: 'evaluation', dueAt: due(20) }, { step: 'stages', dueAt: due(20) }, { step: 'persona', dueAt: due(25) },
      ]);
    });

    it('sets and replaces the persona and the goal', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const persona = { name: 'Claire', segment: 'Families', context: '', needs: 'Speed', channelHabits: '', expertise: '', quote: '' };
      await inWs(workspaceId, async (tx) => {
        const empty = await tx.loadWorkshop(workshop.id);
        expect(empty).toMatchObject({ persona: null, goal: null });
        await tx.setPersona(workshop.id, persona);
        await tx.setGoal(workshop.id, 'First goal');
        await tx.setPersona(workshop.id, { ...persona, quote: 'Where is it?' });
        await tx.setGoal(workshop.id, 'Second goal');
      });
      expect(await load(workspaceId, workshop.id)).toMatchObject({ persona: { ...persona, quote: 'Where is it?' }, goal: 'Second goal' });
    });

    it('refuses writes under a missing workshop with errors.workshopNotFound', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const missing = randomUUID();
      const stage = await inWs(workspaceId, (tx) => tx.createStage(workshop.id, { label: 'S', phase: 'before', position: 0, authorId: null }));
      const participant = await inWs(workspaceId, (tx) => tx.createParticipant(workshop.id, { userId: 'U1', displayName: '', role: 'participant', departmentId: null }));
      const writes: [string, (tx: StoreTx) => Promise<unknown>][] = [
        ['setDeadline', (tx) => tx.setDeadline(missing, 'stages', T)],
        ['setDeadline null', (tx) => tx.setDeadline(missing, 'stages', null)],
        ['setPersona', (tx) => tx.setPersona(missing, { name: 'X', segment: '', context: '', needs: '', channelHabits: '', expertise: '', quote: '' })],
        ['setGoal', (tx) => tx.setGoal(missing, 'Goal')],
        ['createDepartment', (tx) => tx.createDepartment(missing, 'Sales', null, 0)],
        ['createParticipant', (tx) => tx.createParticipant(missing, { userId: 'U1', displayName: '', role: 'participant', departmentId: null })],
        ['createStage', (tx) => tx.createStage(missing, { label: 'S', phase: 'before', position: 0, authorId: null })],
        ['setStageOrder', (tx) => tx.setStageOrder(missing, [stage.id])],
        ['createChannel', (tx) => tx.createChannel(missing, 'Phone', 0)],
        ['setEmotion', (tx) => tx.setEmotion(missing, stage.id, participant.id, 1)],
        ['replaceRoadmap', (tx) => tx.replaceRoadmap(missing, [])],
      ];
      for (const [name, write] of writes) {
        await expectRefusal(inWs(workspaceId, write), 'errors.workshopNotFound').catch((error: Error) => {
          throw new Error(`${name}: ${error.message}`);
        });
      }
      await inWs(workspaceId, async (tx) => {
        expect(await tx.loadWorkshop(missing)).toBeNull();
        expect(await tx.listDepartments(missing)).toStrictEqual([]);
        expect(await tx.listStages(missing)).toStrictEqual([]);
        expect(await tx.listChannels(missing)).toStrictEqual([]);
        expect(await tx.findParticipant(missing, 'U1')).toBeNull();
      });
    });
  });

  describe('departments', () => {
    it('creates, lists by position then id, updates and deletes departments', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const departments = await inWs(workspaceId, async (tx) => [
        await tx.createDepartment(workshop.id, 'Stores', null, 2),
        await tx.createDepartment(workshop.id, 'Sales', 'U-HEAD', 0),
        await tx.createDepartment(workshop.id, 'Call centre', null, 1),
        await tx.createDepartment(workshop.id, 'Digital', 'U-DIG', 1),
        await tx.createDepartment(workshop.id, 'Back office', null, 1),
      ]);
      expect(departments[1]).toStrictEqual({ id: expect.any(String), workshopId: workshop.id, name: 'Sales', headUserId: 'U-HEAD', position: 0 });
      const ordered = [...departments].sort((a, b) => a.position - b.position || byId(a, b));
      expect(await inWs(workspaceId, (tx) => tx.listDepartments(workshop.id))).toStrictEqual(ordered);

      const [stores, sales] = departments as [typeof departments[0], typeof departments[0]];
      await inWs(workspaceId, async (tx) => {
        await tx.updateDepartment(sales.id, { name: 'Sales & service' });
        await tx.updateDepartment(stores.id, { headUserId: 'U-STORE' });
        await tx.updateDepartment(sales.id, { headUserId: null });
        await tx.updateDepartment(stores.id, {});
        await tx.deleteDepartment(departments[4]!.id);
      });
      const after = await inWs(workspaceId, (tx) => tx.listDepartments(workshop.id));
      expect(after.find((d) => d.id === sales.id)).toStrictEqual({ ...sales, name: 'Sales & service', headUserId: null });
      expect(after.find((d) => d.id === stores.id)).toStrictEqual({ ...stores, headUserId: 'U-STORE' });
      expect(after.map((d) => d.id)).toStrictEqual(ordered.map((d) => d.id).filter((id) => id !== departments[4]!.id));
    });

    it('refuses a second department of the same name with errors.departmentExists, in another workshop it is fine', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const [sales, stores] = await inWs(workspaceId, async (tx) => [await tx.createDepartment(workshop.id, 'Sales', null, 0), await tx.createDepartment(workshop.id, 'Stores', null, 1)]);
      let attempts = 0;
      await expectRefusal(inWs(workspaceId, async (tx) => {
        attempts += 1;
        await tx.createDepartment(workshop.id, 'Sales', null, 2);
      }), 'errors.departmentExists');
      expect(attempts).toBe(1);
      await expectRefusal(inWs(workspaceId, (tx) => tx.updateDepartment(stores!.id, { name: 'Sales' })), 'errors.departmentExists');
      expect(await inWs(workspaceId, (tx) => tx.listDepartments(workshop.id))).toStrictEqual([sales, stores]);
      const other = await inWs(workspaceId, (tx) => tx.createWorkshop(workshopData()));
      await inWs(workspaceId, (tx) => tx.createDepartment(other.id, 'Sales', null, 0));
    });

    it('refuses to update or delete a missing department with errors.departmentNotFound', async () => {
      const { workspaceId } = await newWorkshop();
      const missing = randomUUID();
      await expectRefusal(inWs(workspaceId, (tx) => tx.updateDepartment(missing, { name: 'X' })), 'errors.departmentNotFound');
      await expectRefusal(inWs(workspaceId, (tx) => tx.updateDepartment(missing, {})), 'errors.departmentNotFound');
      await expectRefusal(inWs(workspaceId, (tx) => tx.deleteDepartment(missing)), 'errors.departmentNotFound');
    });

    it('says whether a solution is owned by the department', async () => {
      const s = await seeded();
      await inWs(s.workspaceId, async (tx) => {
        expect(await tx.departmentInUse(s.departmentIds[0])).toBe(true);
        expect(await tx.departmentInUse(s.departmentIds[1])).toBe(false);
        expect(await tx.departmentInUse(randomUUID())).toBe(false);
      });
    });
  });

  describe('participants', () => {
    it('creates, finds, updates and lists participants by joining time then id', async () => {
      const ws = await newWorkspace();
      const [first, second] = await inWs(ws.id, async (tx) => [await tx.createWorkshop(workshopData()), await tx.createWorkshop(workshopData())]);
      const department = await inWs(ws.id, (tx) => tx.createDepartment(first!.id, 'Sales', null, 0));
      const tied = await frozenAt(T, () => inWs(ws.id, async (tx) => [
        await tx.createParticipant(first!.id, { userId: 'U1', displayName: 'Una', role: 'facilitator', departmentId: null }),
        await tx.createParticipant(first!.id, { userId: 'U2', displayName: '', role: 'head', departmentId: department.id }),
        await tx.createParticipant(second!.id, { userId: 'U1', displayName: 'Una again', role: 'participant', departmentId: null }),
        await tx.createParticipant(first!.id, { userId: 'U3', displayName: 'Tre', role: 'participant', departmentId: null }),
      ]));
      const early = await frozenAt(later(-5), () => inWs(ws.id, (tx) => tx.createParticipant(first!.id, { userId: 'U0', displayName: 'Zero', role: 'participant', departmentId: null })));
      expect(tied[1]).toStrictEqual({ id: expect.any(String), workshopId: first!.id, userId: 'U2', displayName: '', role: 'head', departmentId: department.id });
      await inWs(ws.id, async (tx) => {
        expect(await tx.findParticipant(first!.id, 'U1')).toStrictEqual(tied[0]);
        expect(await tx.findParticipant(second!.id, 'U1')).toStrictEqual(tied[2]);
        expect(await tx.findParticipant(second!.id, 'U2')).toBeNull();
        expect(await tx.participationsOf('U1')).toStrictEqual([tied[0]!, tied[2]!].sort(byId));
        expect(await tx.participationsOf('nobody')).toStrictEqual([]);
        await tx.updateParticipant(tied[3]!.id, { displayName: 'Trey', role: 'head', departmentId: department.id });
        await tx.updateParticipant(tied[1]!.id, { departmentId: null });
        await tx.updateParticipant(tied[0]!.id, {});
      });
      const participants = (await load(ws.id, first!.id)).participants;
      expect(participants).toStrictEqual([
        early,
        ...[tied[0]!, { ...tied[1]!, departmentId: null }, { ...tied[3]!, displayName: 'Trey', role: 'head' as const, departmentId: department.id }].sort(byId),
      ]);
    });

    it('throws MissingRowError for a participant that is not there', async () => {
      const { workspaceId } = await newWorkshop();
      for (const write of [(tx: StoreTx) => tx.updateParticipant(randomUUID(), { displayName: 'X' }), (tx: StoreTx) => tx.lockVoter(randomUUID())]) {
        const error = await rejection(inWs(workspaceId, write));
        expect(error).toBeInstanceOf(MissingRowError);
        expect(error).toMatchObject({ table: 'Participant' });
      }
    });

    it('retries a participant created twice as a lost race, then throws the unique violation', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      let attempts = 0;
      const error = await rejection(inWs(workspaceId, async (tx) => {
        attempts += 1;
        await tx.createParticipant(workshop.id, { userId: 'U1', displayName: '', role: 'participant', departmentId: null });
        await tx.createParticipant(workshop.id, { userId: 'U1', displayName: '', role: 'participant', departmentId: null });
      }));
      expect(isUniqueViolation(error), String(error)).toBe(true);
      expect(attempts).toBe(4);
      expect((await load(workspaceId, workshop.id)).participants).toStrictEqual([]);
    });
  });

  describe('stages and key moments', () => {
    it('creates stages with their defaults and lists them by position, then creation, then id', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const early = await frozenAt(later(-1), () => inWs(workspaceId, (tx) => tx.createStage(workshop.id, { label: 'Early', phase: 'before', position: 1, authorId: null })));
      const tied = await frozenAt(T, () => inWs(workspaceId, async (tx) => [
        await tx.createStage(workshop.id, { label: 'A', phase: 'before', position: 1, authorId: 'P1' }),
        await tx.createStage(workshop.id, { label: 'B', phase: 'purchase', position: 0, authorId: null, sourceStageId: null }),
        await tx.createStage(workshop.id, { label: 'C', phase: 'after', position: 1, authorId: null, sourceStageId: early.id }),
        await tx.createStage(workshop.id, { label: 'D', phase: 'after', position: 0, authorId: null }),
      ]));
      expect(early).toStrictEqual({
        id: expect.any(String), workshopId: workshop.id, position: 1, label: 'Early', phase: 'before', keyMomentId: null, sourceStageId: null, authorId: null,
      });
      expect(tied[2]).toMatchObject({ sourceStageId: early.id, authorId: null });
      expect(tied[0]).toMatchObject({ authorId: 'P1' });
      const expected = [...tied.filter((s) => s.position === 0).sort(byId), early, ...tied.filter((s) => s.position === 1).sort(byId)];
      await inWs(workspaceId, async (tx) => {
        expect(await tx.listStages(workshop.id)).toStrictEqual(expected);
        expect(await tx.getStage(early.id)).toStrictEqual(early);
        expect(await tx.getStage(randomUUID())).toBeNull();
      });
      expect((await load(workspaceId, workshop.id)).stages).toStrictEqual(expected);
    });

    it('updates, reorders and deletes stages', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const [a, b, c] = await inWs(workspaceId, async (tx) => [
        await tx.createStage(workshop.id, { label: 'A', phase: 'before', position: 0, authorId: null }),
        await tx.createStage(workshop.id, { label: 'B', phase: 'before', position: 1, authorId: null }),
        await tx.createStage(workshop.id, { label: 'C', phase: 'before', position: 2, authorId: null }),
      ]);
      const moment = await inWs(workspaceId, async (tx) => {
        const m = await tx.createKeyMoment('Pick-up');
        expect(m).toStrictEqual({ id: expect.any(String), label: 'Pick-up' });
        expect(await tx.getKeyMoment(m.id)).toStrictEqual(m);
        expect(await tx.getKeyMoment(randomUUID())).toBeNull();
        await tx.updateStage(a!.id, { label: 'A2', phase: 'after', keyMomentId: m.id });
        await tx.updateStage(b!.id, { keyMomentId: m.id });
        await tx.updateStage(b!.id, { keyMomentId: null });
        await tx.updateStage(c!.id, {});
        await tx.setStageOrder(workshop.id, [c!.id, a!.id, b!.id]);
        return m;
      });
      expect(await inWs(workspaceId, (tx) => tx.listStages(workshop.id))).toStrictEqual([
        { ...c!, position: 0 }, { ...a!, label: 'A2', phase: 'after', keyMomentId: moment.id, position: 1 }, { ...b!, position: 2 },
      ]);
      await inWs(workspaceId, async (tx) => {
        await tx.deleteStage(a!.id);
        await tx.setStageOrder(workshop.id, [c!.id, b!.id]);
      });
      expect(await inWs(workspaceId, (tx) => tx.listStages(workshop.id))).toStrictEqual([{ ...c!, position: 0 }, { ...b!, position: 1 }]);
    });

    it('refuses to write a missing stage with errors.stageNotFound, and changes nothing', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const [a, b] = await inWs(workspaceId, async (tx) => [
        await tx.createStage(workshop.id, { label: 'A', phase: 'before', position: 0, authorId: null }),
        await tx.createStage(workshop.id, { label: 'B', phase: 'before', position: 1, authorId: null }),
      ]);
      const otherWorkshop = await inWs(workspaceId, (tx) => tx.createWorkshop(workshopData()));
      const elsewhere = await inWs(workspaceId, (tx) => tx.createStage(otherWorkshop.id, { label: 'Elsewhere', phase: 'before', position: 0, authorId: null }));
      const missing = randomUUID();
      await expectRefusal(inWs(workspaceId, (tx) => tx.updateStage(missing, { label: 'X' })), 'errors.stageNotFound');
      await expectRefusal(inWs(workspaceId, (tx) => tx.updateStage(missing, {})), 'errors.stageNotFound');
      await expectRefusal(inWs(workspaceId, (tx) => tx.deleteStage(missing)), 'errors.stageNotFound');
      await expectRefusal(inWs(workspaceId, (tx) => tx.setStageOrder(workshop.id, [b!.id, missing, a!.id])), 'errors.stageNotFound');
      await expectRefusal(inWs(workspaceId, (tx) => tx.setStageOrder(workshop.id, [b!.id, elsewhere.id, a!.id])), 'errors.stageNotFound');
      expect(await inWs(workspaceId, (tx) => tx.listStages(workshop.id))).toStrictEqual([a, b]);
      expect(await inWs(workspaceId, (tx) => tx.listStages(otherWorkshop.id))).toStrictEqual([elsewhere]);
    });

    it('says whether a stage has touchpoints, observations or emotions', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const ids = await inWs(workspaceId, async (tx) => {
        const p = await tx.createParticipant(workshop.id, { userId: 'U1', displayName: '', role: 'participant', departmentId: null });
        const [empty, touched, observed, felt] = [
          await tx.createStage(workshop.id, { label: 'Empty', phase: 'before', position: 0, authorId: null }),
          await tx.createStage(workshop.id, { label: 'Touched', phase: 'before', position: 1, authorId: null }),
          await tx.createStage(workshop.id, { label: 'Observed', phase: 'before', position: 2, authorId: null }),
          await tx.createStage(workshop.id, { label: 'Felt', phase: 'before', position: 3, authorId: null }),
        ];
        const channel = await tx.createChannel(workshop.id, 'Phone', 0);
        await tx.createTouchpoint(workshop.id, { stageId: touched!.id, channelId: channel.id, description: '', authorId: null });
        await tx.createObservation(workshop.id, { stageId: observed!.id, touchpointId: null, kind: 'rupture', text: 'Lost', momentOfTruth: false, authorId: p.id });
        await tx.setEmotion(workshop.id, felt!.id, p.id, 2);
        return { empty: empty!.id, touched: touched!.id, observed: observed!.id, felt: felt!.id };
      });
      await inWs(workspaceId, async (tx) => {
        expect(await tx.stageHasContributions(ids.empty)).toBe(false);
        expect(await tx.stageHasContributions(ids.touched)).toBe(true);
        expect(await tx.stageHasContributions(ids.observed)).toBe(true);
        expect(await tx.stageHasContributions(ids.felt)).toBe(true);
        expect(await tx.stageHasContributions(randomUUID())).toBe(false);
      });
    });

    it('lists the stages of every workshop of the workspace that share a key moment, by creation then id', async () => {
      const ws = await newWorkspace();
      const { moment, expected } = await inWs(ws.id, async (tx) => {
        const current = await tx.createWorkshop(workshopData());
        const target = await tx.createWorkshop(workshopData({ journey: 'target', sourceWorkshopId: current.id }));
        const m = await tx.createKeyMoment('Pick-up');
        const other = await tx.createKeyMoment('Payment');
        const stages = await frozenAt(T, async () => [
          await tx.createStage(current.id, { label: 'A', phase: 'after', position: 3, authorId: null }),
          await tx.createStage(target.id, { label: 'B', phase: 'after', position: 0, authorId: null }),
          await tx.createStage(current.id, { label: 'C', phase: 'after', position: 1, authorId: null }),
        ]);
        const earliest = await frozenAt(later(-1), () => tx.createStage(target.id, { label: 'Earliest', phase: 'after', position: 9, authorId: null }));
        const unrelated = await tx.createStage(current.id, { label: 'Unrelated', phase: 'before', position: 0, authorId: null });
        for (const s of [...stages, earliest]) await tx.updateStage(s.id, { keyMomentId: m.id });
        await tx.updateStage(unrelated.id, { keyMomentId: other.id });
        return { moment: m, expected: [earliest, ...stages.sort(byId)].map((s) => ({ ...s, keyMomentId: m.id })) };
      });
      await inWs(ws.id, async (tx) => {
        expect(await tx.stagesWithKeyMoment(moment.id)).toStrictEqual(expected);
        expect(await tx.stagesWithKeyMoment(randomUUID())).toStrictEqual([]);
      });
    });
  });

  describe('channels and touchpoints', () => {
    it('creates channels and lists them by position then id', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const channels = await inWs(workspaceId, async (tx) => [
        await tx.createChannel(workshop.id, 'Web', 1), await tx.createChannel(workshop.id, 'Phone', 0),
        await tx.createChannel(workshop.id, 'Store', 1), await tx.createChannel(workshop.id, 'App', 1),
      ]);
      expect(channels[0]).toStrictEqual({ id: expect.any(String), workshopId: workshop.id, name: 'Web', position: 1 });
      const expected = [...channels].sort((a, b) => a.position - b.position || byId(a, b));
      expect(await inWs(workspaceId, (tx) => tx.listChannels(workshop.id))).toStrictEqual(expected);
      expect((await load(workspaceId, workshop.id)).channels).toStrictEqual(expected);
    });

    it('retries a channel created twice as a lost race, then throws the unique violation', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      let attempts = 0;
      const error = await rejection(inWs(workspaceId, async (tx) => {
        attempts += 1;
        await tx.createChannel(workshop.id, 'Phone', 0);
        await tx.createChannel(workshop.id, 'Phone', 1);
      }));
      expect(isUniqueViolation(error), String(error)).toBe(true);
      expect(attempts).toBe(4);
      expect(await inWs(workspaceId, (tx) => tx.listChannels(workshop.id))).toStrictEqual([]);
    });

    it('creates, reads and deletes touchpoints, listed by creation then id', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const { stage, channel } = await inWs(workspaceId, async (tx) => ({
        stage: await tx.createStage(workshop.id, { label: 'S', phase: 'before', position: 0, authorId: null }),
        channel: await tx.createChannel(workshop.id, 'Phone', 0),
      }));
      const late = await frozenAt(later(1), () => inWs(workspaceId, (tx) => tx.createTouchpoint(workshop.id, { stageId: stage.id, channelId: channel.id, description: 'Late', authorId: null })));
      const tied = await frozenAt(T, () => inWs(workspaceId, async (tx) => [
        await tx.createTouchpoint(workshop.id, { stageId: stage.id, channelId: channel.id, description: 'Call', authorId: 'P1', sourceTouchpointId: late.id }),
        await tx.createTouchpoint(workshop.id, { stageId: stage.id, channelId: channel.id, description: '', authorId: null }),
        await tx.createTouchpoint(workshop.id, { stageId: stage.id, channelId: channel.id, description: 'Text', authorId: null, sourceTouchpointId: null }),
      ]));
      expect(late).toStrictEqual({
        id: expect.any(String), workshopId: workshop.id, stageId: stage.id, channelId: channel.id, description: 'Late', sourceTouchpointId: null, authorId: null,
      });
      expect(tied[0]).toMatchObject({ sourceTouchpointId: late.id, authorId: 'P1' });
      expect((await load(workspaceId, workshop.id)).touchpoints).toStrictEqual([...tied.sort(byId), late]);
      await inWs(workspaceId, async (tx) => {
        expect(await tx.getTouchpoint(late.id)).toStrictEqual(late);
        expect(await tx.getTouchpoint(randomUUID())).toBeNull();
        await tx.deleteTouchpoint(late.id);
        expect(await tx.getTouchpoint(late.id)).toBeNull();
      });
      await expectRefusal(inWs(workspaceId, (tx) => tx.deleteTouchpoint(late.id)), 'errors.touchpointNotFound');
    });

    it('marks cells not used and unmarks them, listed by stage then channel; a mark goes with its stage or channel', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const { stages, channels } = await inWs(workspaceId, async (tx) => ({
        stages: [await tx.createStage(workshop.id, { label: 'A', phase: 'before', position: 0, authorId: null }), await tx.createStage(workshop.id, { label: 'B', phase: 'after', position: 1, authorId: null })],
        channels: [await tx.createChannel(workshop.id, 'Phone', 0), await tx.createChannel(workshop.id, 'Web', 1)],
      }));
      const cell = (s: number, c: number) => ({ stageId: stages[s]!.id, channelId: channels[c]!.id });
      const byIds = (a: { stageId: string; channelId: string }, b: { stageId: string; channelId: string }) =>
        (a.stageId < b.stageId ? -1 : a.stageId > b.stageId ? 1 : a.channelId < b.channelId ? -1 : a.channelId > b.channelId ? 1 : 0);
      await inWs(workspaceId, async (tx) => {
        for (const [s, c] of [[1, 1], [0, 1], [1, 0], [0, 1]] as const) await tx.markCellUnused(workshop.id, cell(s, c).stageId, cell(s, c).channelId);
      });
      expect((await load(workspaceId, workshop.id)).unusedCells).toStrictEqual([cell(0, 1), cell(1, 0), cell(1, 1)].sort(byIds));
      await inWs(workspaceId, async (tx) => {
        expect(await tx.markCellUsed(cell(0, 1).stageId, cell(0, 1).channelId)).toBe(true);
        expect(await tx.markCellUsed(cell(0, 1).stageId, cell(0, 1).channelId)).toBe(false);
        expect(await tx.markCellUsed(cell(0, 0).stageId, cell(0, 0).channelId)).toBe(false);
        await tx.deleteStage(stages[1]!.id);
      });
      expect((await load(workspaceId, workshop.id)).unusedCells).toStrictEqual([]);
      await expectRefusal(inWs(workspaceId, (tx) => tx.markCellUnused(randomUUID(), cell(0, 0).stageId, cell(0, 0).channelId)), 'errors.workshopNotFound');
    });
  });

  describe('observations', () => {
    it('creates observations, reads them back and lists them by creation then id', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const { stage, touchpoint, author } = await inWs(workspaceId, async (tx) => {
        const s = await tx.createStage(workshop.id, { label: 'S', phase: 'before', position: 0, authorId: null });
        const c = await tx.createChannel(workshop.id, 'Phone', 0);
        return {
          stage: s, author: await tx.createParticipant(workshop.id, { userId: 'U1', displayName: '', role: 'participant', departmentId: null }),
          touchpoint: await tx.createTouchpoint(workshop.id, { stageId: s.id, channelId: c.id, description: '', authorId: null }),
        };
      });
      const tied = await frozenAt(T, () => inWs(workspaceId, async (tx) => [
        await tx.createObservation(workshop.id, { stageId: stage.id, touchpointId: touchpoint.id, kind: 'irritant', text: 'Queue', momentOfTruth: true, authorId: author.id }),
        await tx.createObservation(workshop.id, { stageId: stage.id, touchpointId: null, kind: 'enchantment', text: 'Smile', momentOfTruth: false, authorId: author.id }),
        await tx.createObservation(workshop.id, { stageId: stage.id, touchpointId: null, kind: 'rupture', text: 'Lost', momentOfTruth: false, authorId: author.id }),
      ]));
      const early = await frozenAt(later(-1), () => inWs(workspaceId, (tx) => tx.createObservation(workshop.id, {
        stageId: stage.id, touchpointId: null, kind: 'irritant', text: 'Early', momentOfTruth: false, authorId: author.id,
      })));
      expect(tied[0]).toStrictEqual({
        id: expect.any(String), workshopId: workshop.id, stageId: stage.id, touchpointId: touchpoint.id, kind: 'irritant', text: 'Queue',
        momentOfTruth: true, authorId: author.id, createdAt: T,
      });
      expect(tied[1]).toMatchObject({ touchpointId: null, momentOfTruth: false });
      expect((await load(workspaceId, workshop.id)).observations).toStrictEqual([early, ...tied.sort(byId)]);
      await inWs(workspaceId, async (tx) => {
        expect(await tx.getObservation(early.id)).toStrictEqual(early);
        expect(await tx.getObservation(randomUUID())).toBeNull();
        await tx.setMomentOfTruth(early.id, true);
        expect(await tx.getObservation(early.id)).toStrictEqual({ ...early, momentOfTruth: true });
        await tx.setMomentOfTruth(early.id, false);
        expect(await tx.getObservation(early.id)).toStrictEqual(early);
      });
      await expectRefusal(inWs(workspaceId, (tx) => tx.setMomentOfTruth(randomUUID(), true)), 'errors.observationNotFound');
    });
  });

  describe('votes', () => {
    /** A workshop in the evaluation step with two observations, and its facilitator. */
    const votingWorkshop = async (overrides: Parameters<typeof workshopData>[0] = {}) => {
      const ws = await newWorkspace();
      const ids = await inWs(ws.id, async (tx) => {
        const w = await tx.createWorkshop(workshopData(overrides));
        const sales = await tx.createDepartment(w.id, 'Sales', 'U-HEAD', 0);
        await tx.createDepartment(w.id, 'Stores', 'U-HEAD', 1);
        const fac = await tx.createParticipant(w.id, { userId: 'U-FAC', displayName: 'Fatou', role: 'facilitator', departmentId: null });
        const stage = await tx.createStage(w.id, { label: 'S', phase: 'before', position: 0, authorId: null });
        const o1 = await tx.createObservation(w.id, { stageId: stage.id, touchpointId: null, kind: 'irritant', text: 'One', momentOfTruth: false, authorId: fac.id });
        const o2 = await tx.createObservation(w.id, { stageId: stage.id, touchpointId: null, kind: 'irritant', text: 'Two', momentOfTruth: false, authorId: fac.id });
        return { workshopId: w.id, salesId: sales.id, stageId: stage.id, facilitatorId: fac.id, o1: o1.id, o2: o2.id };
      });
      await toStep(ws.id, ids.workshopId, 'evaluation');
      return { workspaceId: ws.id, ...ids };
    };

    it('tells the rules whether the current step’s timer ran out (another step’s does not count)', async () => {
      const v = await votingWorkshop({ voteBudget: 2, voteCap: 1 });
      const target = { observationId: v.o1 };
      const off = { lastNudgeAt: null, timerEndsAt: T, timerLeftMs: null };
      await inWs(v.workspaceId, (tx) => tx.saveStepState(v.workshopId, { step: 'stages', ...off, timerEnded: true }));
      const first = recordingRules(v.workshopId, target);
      await opened.store.castVote(v.workspaceId, { workshopId: v.workshopId, userId: 'U-A', displayName: 'A', target }, first);
      expect(first.admitted[0]!.workshop).toMatchObject({ step: 'evaluation', timerEnded: false });
      await inWs(v.workspaceId, (tx) => tx.saveStepState(v.workshopId, { step: 'evaluation', ...off, timerEnded: true }));
      const second = recordingRules(v.workshopId, { observationId: v.o2 });
      // The method's rules refuse it, and nothing is written.
      await expectRefusal(opened.store.castVote(v.workspaceId, { workshopId: v.workshopId, userId: 'U-A', displayName: 'A', target: { observationId: v.o2 } }, second), 'errors.timerEnded');
      expect(second.admitted[0]!.workshop).toMatchObject({ step: 'evaluation', timerEnded: true });
      expect((await load(v.workspaceId, v.workshopId)).votes.map((x) => x.observationId)).toStrictEqual([v.o1]);
    });

    it('casts a vote: joins a new voter, hands the rules the facts, records the vote', async () => {
      const v = await votingWorkshop({ voteBudget: 2, voteCap: 1 });
      const target = { observationId: v.o1 };
      const rules = recordingRules(v.workshopId, target);
      const result = await opened.store.castVote(v.workspaceId, { workshopId: v.workshopId, userId: 'U-NEW', displayName: 'Newcomer', target }, rules);
      expect(result).toStrictEqual({ remaining: 1, onItem: 1 });
      expect(rules.admitted).toStrictEqual([{ workshop: { status: 'open', step: 'evaluation', title: 'Furniture pick-up', voteBudget: 2, voteCap: 1, timerEnded: false }, participant: null }]);
      expect(rules.joined).toStrictEqual([null]);
      expect(rules.decided).toStrictEqual([{ targetFound: true, budget: 2, cap: 1, used: 0, onItem: 0 }]);
      const data = await load(v.workspaceId, v.workshopId);
      const voter = data.participants.find((p) => p.userId === 'U-NEW');
      expect(voter).toStrictEqual({ id: expect.any(String), workshopId: v.workshopId, userId: 'U-NEW', displayName: 'Newcomer', role: 'participant', departmentId: null });
      expect(data.votes).toStrictEqual([{ id: expect.any(String), participantId: voter!.id, step: 'evaluation', observationId: v.o1, solutionId: null }]);
      await inWs(v.workspaceId, async (tx) => {
        expect(await tx.countVotes(voter!.id, 'evaluation')).toBe(1);
        expect(await tx.countVotes(voter!.id, 'solutions')).toBe(0);
      });

      // The second vote: an existing participant, counts that include the first vote.
      const again = recordingRules(v.workshopId, { observationId: v.o2 });
      expect(await opened.store.castVote(v.workspaceId, { workshopId: v.workshopId, userId: 'U-NEW', displayName: '', target: { observationId: v.o2 } }, again))
        .toStrictEqual({ remaining: 0, onItem: 1 });
      expect(again.admitted[0]!.participant).toStrictEqual({ role: 'participant' });
      expect(again.joined).toStrictEqual([]);
      expect(again.decided).toStrictEqual([{ targetFound: true, budget: 2, cap: 1, used: 1, onItem: 0 }]);
    });

    it('joins a department head as head of the first department they head (by position)', async () => {
      const v = await votingWorkshop();
      const rules = recordingRules(v.workshopId, { observationId: v.o1 });
      await opened.store.castVote(v.workspaceId, { workshopId: v.workshopId, userId: 'U-HEAD', displayName: 'Head', target: { observationId: v.o1 } }, rules);
      expect(rules.joined).toStrictEqual([v.salesId]);
      expect((await inWs(v.workspaceId, (tx) => tx.findParticipant(v.workshopId, 'U-HEAD')))).toMatchObject({ role: 'head', departmentId: v.salesId });
    });

    it('refuses over the budget or the cap, on a missing workshop or target, and writes nothing', async () => {
      const v = await votingWorkshop({ voteBudget: 1, voteCap: 1 });
      const cast = (target: { observationId: string } | { solutionId: string }, workshopId = v.workshopId, workspaceId = v.workspaceId) =>
        opened.store.castVote(workspaceId, { workshopId, userId: 'U-FAC', displayName: '', target }, recordingRules(workshopId, target));
      await expectRefusal(cast({ observationId: randomUUID() }), 'errors.observationNotFound');
      await cast({ observationId: v.o1 });
      await expectRefusal(cast({ observationId: v.o1 }), 'errors.voteBudgetExhausted');
      await expectRefusal(cast({ observationId: v.o2 }), 'errors.voteBudgetExhausted');
      await expectRefusal(cast({ observationId: v.o1 }, randomUUID()), 'errors.workshopNotFound');
      const other = await newWorkspace();
      const rules = recordingRules(v.workshopId, { observationId: v.o1 });
      await expectRefusal(opened.store.castVote(other.id, { workshopId: v.workshopId, userId: 'U-X', displayName: '', target: { observationId: v.o1 } }, rules), 'errors.workshopNotFound');
      expect(rules.admitted).toStrictEqual([{ workshop: null, participant: null }]);
      const data = await load(v.workspaceId, v.workshopId);
      expect(data.votes).toHaveLength(1);
      expect(data.participants.map((p) => p.userId)).toStrictEqual(['U-FAC']);

      const capped = await votingWorkshop({ voteBudget: 3, voteCap: 1 });
      const capCast = (userId: string) => opened.store.castVote(capped.workspaceId, { workshopId: capped.workshopId, userId, displayName: '', target: { observationId: capped.o1 } }, recordingRules(capped.workshopId, { observationId: capped.o1 }));
      await capCast('U-FAC');
      await expectRefusal(capCast('U-FAC'), 'errors.voteItemCapReached');
      expect((await load(capped.workspaceId, capped.workshopId)).votes).toHaveLength(1);
    });

    it('replays a re-delivered vote instead of casting it twice, per workspace', async () => {
      const v = await votingWorkshop();
      const target = { observationId: v.o1 };
      const request = { workshopId: v.workshopId, userId: 'U-FAC', displayName: '', target, deliveryId: 'ev-1' };
      const first = await opened.store.castVote(v.workspaceId, request, recordingRules(v.workshopId, target));
      expect(first).toStrictEqual({ remaining: 2, onItem: 1 });
      const rules = recordingRules(v.workshopId, target);
      const replay = await opened.store.castVote(v.workspaceId, request, rules);
      expect(replay).toStrictEqual({ replay: rules.record({ remaining: 2, onItem: 1 }) });
      expect(rules.admitted).toStrictEqual([]);
      expect((await load(v.workspaceId, v.workshopId)).votes).toHaveLength(1);
      // The delivery id is the workspace's own: the same id elsewhere is a new delivery (here refused: no such workshop).
      await expectRefusal(opened.store.castVote((await newWorkspace()).id, request, recordingRules(v.workshopId, target)), 'errors.workshopNotFound');
    });

    it('counts votes per step and removes the oldest vote of the voter on the target', async () => {
      const v = await votingWorkshop({ voteBudget: 3, voteCap: 2 });
      const target = { observationId: v.o1 };
      for (const t of [target, { observationId: v.o2 }, target]) {
        await opened.store.castVote(v.workspaceId, { workshopId: v.workshopId, userId: 'U-FAC', displayName: '', target: t }, recordingRules(v.workshopId, t));
        await sleep(5);
      }
      const votes = (await load(v.workspaceId, v.workshopId)).votes;
      expect(votes.map((x) => x.observationId)).toStrictEqual([v.o1, v.o2, v.o1]);
      await inWs(v.workspaceId, async (tx) => {
        expect(await tx.countVotes(v.facilitatorId, 'evaluation')).toBe(3);
        await tx.lockVoter(v.facilitatorId);
        expect(await tx.deleteVote(v.facilitatorId, target)).toBe(true);
        expect(await tx.countVotes(v.facilitatorId, 'evaluation')).toBe(2);
        expect(await tx.deleteVote(v.facilitatorId, { solutionId: randomUUID() })).toBe(false);
        expect(await tx.deleteVote(randomUUID(), target)).toBe(false);
      });
      expect((await load(v.workspaceId, v.workshopId)).votes).toStrictEqual([votes[1], votes[2]]);
    });

    it('records a voting step’s reveal once, keeps its first time, reads it back with the workshop and keeps votesLive', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      expect(workshop.votesLive).toBe(false);
      expect((await load(workspaceId, workshop.id)).voteReveals).toStrictEqual([]);
      await inWs(workspaceId, async (tx) => {
        expect(await tx.revealVotes(workshop.id, 'evaluation', T)).toBe(true);
        expect(await tx.revealVotes(workshop.id, 'evaluation', later(1000))).toBe(false);
        expect(await tx.revealVotes(workshop.id, 'solutions', later(2000))).toBe(true);
        expect(await tx.updateWorkshop(workshop.id, workshop.version, { votesLive: true })).toBe(true);
      });
      const data = await load(workspaceId, workshop.id);
      expect(data.voteReveals).toStrictEqual([{ step: 'evaluation', revealedAt: T }, { step: 'solutions', revealedAt: later(2000) }]);
      expect(data.workshop.votesLive).toBe(true);
      // Scoped to its workspace, like every write: another workspace cannot reveal this workshop's votes.
      const other = await newWorkspace();
      await expect(inWs(other.id, (tx) => tx.revealVotes(workshop.id, 'evaluation', T))).rejects.toThrow();
    });

    it('casts votes on solutions in the solutions step', async () => {
      const s = await seeded();
      await toStep(s.workspaceId, s.workshopId, 'solutions');
      const target = { solutionId: s.solutionId };
      const rules = recordingRules(s.workshopId, target);
      expect(await opened.store.castVote(s.workspaceId, { workshopId: s.workshopId, userId: 'U-PART', displayName: '', target }, rules)).toStrictEqual({ remaining: 2, onItem: 1 });
      expect(rules.decided).toStrictEqual([{ targetFound: true, budget: 3, cap: 1, used: 0, onItem: 0 }]);
      expect((await load(s.workspaceId, s.workshopId)).votes).toStrictEqual([
        { id: expect.any(String), participantId: s.participantId, step: 'solutions', observationId: null, solutionId: s.solutionId },
      ]);
      await inWs(s.workspaceId, async (tx) => {
        expect(await tx.countVotes(s.participantId, 'solutions')).toBe(1);
        expect(await tx.deleteVote(s.participantId, { observationId: s.observationId })).toBe(false);
        expect(await tx.deleteVote(s.participantId, target)).toBe(true);
      });
    });
  });

  describe('emotions, solutions and the roadmap', () => {
    it('sets and replaces emotions, listed by stage then participant', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const expected = await inWs(workspaceId, async (tx) => {
        const stages = [
          await tx.createStage(workshop.id, { label: 'A', phase: 'before', position: 0, authorId: null }),
          await tx.createStage(workshop.id, { label: 'B', phase: 'before', position: 1, authorId: null }),
        ];
        const people = [
          await tx.createParticipant(workshop.id, { userId: 'U1', displayName: '', role: 'participant', departmentId: null }),
          await tx.createParticipant(workshop.id, { userId: 'U2', displayName: '', role: 'participant', departmentId: null }),
        ];
        const rows: { stageId: string; participantId: string; score: number }[] = [];
        for (const stage of [...stages].reverse()) {
          for (const person of [...people].reverse()) {
            await tx.setEmotion(workshop.id, stage.id, person.id, -2);
            await tx.setEmotion(workshop.id, stage.id, person.id, 1);
            rows.push({ stageId: stage.id, participantId: person.id, score: 1 });
          }
        }
        return rows.sort((a, b) => compareText(a.stageId, b.stageId) || compareText(a.participantId, b.participantId));
      });
      expect((await load(workspaceId, workshop.id)).emotions).toStrictEqual(expected);
    });

    it('creates solutions with their addresses in observation order, rates and assigns them', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const ids = await inWs(workspaceId, async (tx) => {
        const author = await tx.createParticipant(workshop.id, { userId: 'U1', displayName: '', role: 'participant', departmentId: null });
        const rater = await tx.createParticipant(workshop.id, { userId: 'U2', displayName: '', role: 'participant', departmentId: null });
        const department = await tx.createDepartment(workshop.id, 'Sales', null, 0);
        const stage = await tx.createStage(workshop.id, { label: 'S', phase: 'before', position: 0, authorId: null });
        const observe = (text: string) => tx.createObservation(workshop.id, { stageId: stage.id, touchpointId: null, kind: 'irritant', text, momentOfTruth: false, authorId: author.id });
        const first = await frozenAt(later(-10), () => observe('first'));
        const tied = await frozenAt(T, async () => [await observe('x'), await observe('y'), await observe('z')]);
        return { author: author.id, rater: rater.id, department: department.id, observations: [first, ...tied.sort(byId)].map((o) => o.id) };
      });
      const [o0, o1, o2, o3] = ids.observations as [string, string, string, string];
      const tied = await frozenAt(T, () => inWs(workspaceId, async (tx) => [
        await tx.createSolution(workshop.id, { text: 'Slots', departmentId: ids.department, authorId: ids.author, addresses: [o3, o0, o2] }),
        await tx.createSolution(workshop.id, { text: 'Signs', departmentId: null, authorId: ids.author, addresses: [] }),
        await tx.createSolution(workshop.id, { text: 'Lockers', departmentId: null, authorId: ids.rater, addresses: [o1] }),
      ]));
      const early = await frozenAt(later(-1), () => inWs(workspaceId, (tx) => tx.createSolution(workshop.id, { text: 'Early', departmentId: null, authorId: ids.author, addresses: [o2, o1] })));
      expect(tied[0]).toStrictEqual({
        id: expect.any(String), workshopId: workshop.id, text: 'Slots', departmentId: ids.department, authorId: ids.author, addresses: [o0, o2, o3], createdAt: T,
      });
      expect(tied[1]).toMatchObject({ departmentId: null, addresses: [] });
      expect(early.addresses).toStrictEqual([o1, o2]);
      await inWs(workspaceId, async (tx) => {
        expect(await tx.getSolution(tied[0]!.id)).toStrictEqual(tied[0]);
        expect(await tx.getSolution(randomUUID())).toBeNull();
        await tx.setSolutionDepartment(early.id, ids.department);
        await tx.rateSolution(early.id, ids.rater, 2, 4);
        await tx.rateSolution(early.id, ids.rater, 5, 1);
        await tx.rateSolution(early.id, ids.author, 3, 3);
        await tx.rateSolution(tied[1]!.id, ids.author, 1, 1);
      });
      const data = await load(workspaceId, workshop.id);
      expect(data.solutions).toStrictEqual([{ ...early, departmentId: ids.department }, ...[...tied].sort(byId)]);
      expect(data.solutionRatings).toStrictEqual([
        { solutionId: early.id, participantId: ids.rater, impact: 5, effort: 1 },
        { solutionId: early.id, participantId: ids.author, impact: 3, effort: 3 },
        { solutionId: tied[1]!.id, participantId: ids.author, impact: 1, effort: 1 },
      ].sort((a, b) => compareText(a.solutionId, b.solutionId) || compareText(a.participantId, b.participantId)));
      await expectRefusal(inWs(workspaceId, (tx) => tx.setSolutionDepartment(randomUUID(), ids.department)), 'errors.solutionNotFound');
      await expectRefusal(inWs(workspaceId, (tx) => tx.rateSolution(randomUUID(), ids.rater, 1, 1)), 'errors.solutionNotFound');
    });

    it('replaces the roadmap as a whole, listed by rank, then department, then solution', async () => {
      const s = await seeded();
      const more = await inWs(s.workspaceId, async (tx) => [
        await tx.createSolution(s.workshopId, { text: 'Two', departmentId: null, authorId: s.participantId, addresses: [] }),
        await tx.createSolution(s.workshopId, { text: 'Three', departmentId: null, authorId: s.participantId, addresses: [] }),
      ]);
      const [sales, stores] = s.departmentIds;
      const items = [
        { solutionId: more[1]!.id, departmentId: stores, priority: 12.5, rank: 2, status: 'planned' as const },
        { solutionId: s.solutionId, departmentId: stores, priority: 20, rank: 1, status: 'delivered' as const },
        { solutionId: more[0]!.id, departmentId: sales, priority: 3.3, rank: 1, status: 'planned' as const },
      ];
      await inWs(s.workspaceId, (tx) => tx.replaceRoadmap(s.workshopId, items));
      const order = (a: typeof items[0], b: typeof items[0]) => a.rank - b.rank || compareText(a.departmentId, b.departmentId) || compareText(a.solutionId, b.solutionId);
      expect((await load(s.workspaceId, s.workshopId)).roadmapItems).toStrictEqual([...items].sort(order));
      await inWs(s.workspaceId, (tx) => tx.replaceRoadmap(s.workshopId, []));
      expect((await load(s.workspaceId, s.workshopId)).roadmapItems).toStrictEqual([]);
    });
  });

  describe('timing settings and step states', () => {
    it('updates the timing settings like any other field, and reads them back', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      await inWs(workspaceId, async (tx) => {
        const timing = { reminderHours: [48, 2, 1], remindAnyTime: true, autoAdvance: true, digestHour: 17, digestTimeZone: 'Europe/Paris' };
        expect(await tx.updateWorkshop(workshop.id, workshop.version, timing)).toBe(true);
        expect(await tx.getWorkshop(workshop.id)).toStrictEqual({ ...workshop, ...timing, version: workshop.version + 1 });
        expect(await tx.updateWorkshop(workshop.id, workshop.version + 1, { reminderHours: [], digestHour: null, digestTimeZone: null })).toBe(true);
        expect(await tx.getWorkshop(workshop.id)).toMatchObject({ reminderHours: [], remindAnyTime: true, digestHour: null, digestTimeZone: null });
        // An update that names only other fields leaves them alone.
        expect(await tx.updateWorkshop(workshop.id, workshop.version + 2, { title: 'Renamed' })).toBe(true);
        expect(await tx.getWorkshop(workshop.id)).toMatchObject({ reminderHours: [], remindAnyTime: true, autoAdvance: true });
      });
    });

    it('writes a step’s nudge and timer whole, reads it back, and loads them in step order', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const running = { step: 'stages' as const, lastNudgeAt: null, timerEndsAt: later(600_000), timerLeftMs: null, timerEnded: false };
      const nudged = { step: 'evaluation' as const, lastNudgeAt: T, timerEndsAt: null, timerLeftMs: 90_000, timerEnded: false };
      await inWs(workspaceId, async (tx) => {
        expect(await tx.getStepState(workshop.id, 'stages')).toBeNull();
        await tx.saveStepState(workshop.id, running);
        await tx.saveStepState(workshop.id, nudged);
        expect(await tx.getStepState(workshop.id, 'stages')).toStrictEqual(running);
        const ended = { ...running, lastNudgeAt: later(1), timerEnded: true };
        await tx.saveStepState(workshop.id, ended);
        expect(await tx.getStepState(workshop.id, 'stages')).toStrictEqual(ended);
      });
      expect((await load(workspaceId, workshop.id)).stepStates).toStrictEqual([
        nudged, { ...running, lastNudgeAt: later(1), timerEnded: true },
      ]);
    });

    it('keeps step states inside their workspace', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const other = await newWorkspace();
      const state = { step: 'stages' as const, lastNudgeAt: T, timerEndsAt: null, timerLeftMs: null, timerEnded: false };
      await inWs(workspaceId, (tx) => tx.saveStepState(workshop.id, state));
      await inWs(other.id, async (tx) => {
        expect(await tx.getStepState(workshop.id, 'stages')).toBeNull();
        await expectRefusal(tx.saveStepState(workshop.id, { ...state, timerEnded: true }), 'errors.workshopNotFound');
      });
      await inWs(workspaceId, async (tx) => expect(await tx.getStepState(workshop.id, 'stages')).toStrictEqual(state));
    });
  });

  describe('loadWorkshop', () => {
    it('loads everything stored about one workshop, and nothing of another', async () => {
      const s = await seeded();
      await inWs(s.workspaceId, (tx) => seedWorkshop(tx, 'Sibling'));
      const data = await load(s.workspaceId, s.workshopId);
      expect(data).toStrictEqual({
        workshop: expect.objectContaining({ id: s.workshopId, title: 'Seeded', workspaceId: s.workspaceId }),
        deadlines: [{ step: 'stages', dueAt: new Date('2027-01-15T09:00:00.000Z') }],
        stepStates: [],
        persona: { name: 'Claire', segment: 'Families', context: 'Moving house', needs: 'Pick up fast', channelHabits: 'App', expertise: 'Low', quote: 'Where is my sofa?' },
        goal: 'Leave with the furniture in 10 minutes',
        departments: [
          { id: s.departmentIds[0], workshopId: s.workshopId, name: 'Sales', headUserId: 'U-HEAD', position: 0 },
          { id: s.departmentIds[1], workshopId: s.workshopId, name: 'Store', headUserId: null, position: 1 },
        ],
        participants: expect.any(Array),
        stages: [
          { id: s.stageIds[0], workshopId: s.workshopId, position: 0, label: 'I pay at the till', phase: 'purchase', keyMomentId: null, sourceStageId: null, authorId: s.facilitatorId },
          { id: s.stageIds[1], workshopId: s.workshopId, position: 1, label: 'I pick up my sofa', phase: 'after', keyMomentId: s.keyMomentId, sourceStageId: null, authorId: s.participantId },
        ],
        channels: [{ id: s.channelId, workshopId: s.workshopId, name: 'Warehouse desk', position: 0 }],
        touchpoints: [{ id: s.touchpointId, workshopId: s.workshopId, stageId: s.stageIds[1], channelId: s.channelId, description: 'Queue at the desk', sourceTouchpointId: null, authorId: s.participantId }],
        unusedCells: [{ stageId: s.stageIds[0], channelId: s.channelId }],
        observations: [{
          id: s.observationId, workshopId: s.workshopId, stageId: s.stageIds[1], touchpointId: s.touchpointId, kind: 'irritant', text: 'Forty minutes of queue',
          momentOfTruth: true, authorId: s.participantId, createdAt: expect.any(Date),
        }],
        votes: [],
        voteReveals: [],
        emotions: [{ stageId: s.stageIds[1], participantId: s.participantId, score: -2 }],
        solutions: [{ id: s.solutionId, workshopId: s.workshopId, text: 'Book a pick-up slot', departmentId: s.departmentIds[0], authorId: s.participantId, addresses: [s.observationId], createdAt: expect.any(Date) }],
        solutionRatings: [{ solutionId: s.solutionId, participantId: s.participantId, impact: 5, effort: 2 }],
        roadmapItems: [{ solutionId: s.solutionId, departmentId: s.departmentIds[0], priority: 37.5, rank: 1, status: 'planned' }],
      });
      expect(data.participants.map((p) => p.id).sort()).toStrictEqual([s.facilitatorId, s.participantId].sort());
    });
  });

  describe('deliveries', () => {
    it('claims a delivery id once per workspace and replays the recorded result', async () => {
      const ws = await newWorkspace();
      const other = await newWorkspace();
      await inWs(ws.id, async (tx) => {
        expect(await tx.claimDelivery('d-1')).toBeNull();
        expect(await tx.claimDelivery('d-1')).toStrictEqual({ replay: '' });
        await tx.completeDelivery('d-1', '{"ok":true}');
      });
      expect(await inWs(ws.id, (tx) => tx.claimDelivery('d-1'))).toStrictEqual({ replay: '{"ok":true}' });
      expect(await inWs(other.id, (tx) => tx.claimDelivery('d-1'))).toBeNull();
      expect(await inWs(ws.id, (tx) => tx.claimDelivery('d-1'))).toStrictEqual({ replay: '{"ok":true}' });
    });

    it('throws MissingRowError when completing a delivery that was not claimed', async () => {
      const ws = await newWorkspace();
      const error = await rejection(inWs(ws.id, (tx) => tx.completeDelivery('never-claimed', '{}')));
      expect(error).toBeInstanceOf(MissingRowError);
      expect(error).toMatchObject({ table: 'ProcessedDelivery' });
    });
  });

  describe('transactions', () => {
    it('returns what the unit returns, and rolls everything back when it throws', async () => {
      const ws = await newWorkspace();
      expect(await inWs(ws.id, async () => 42)).toBe(42);
      const boom = new Error('boom');
      const error = await rejection(inWs(ws.id, async (tx) => {
        await tx.claimDelivery('rolled-back');
        await seedWorkshop(tx);
        throw boom;
      }));
      expect(error).toBe(boom);
      await inWs(ws.id, async (tx) => {
        expect(await tx.listWorkshops()).toStrictEqual([]);
        expect(await tx.claimDelivery('rolled-back')).toBeNull();
      });
      // A refusal rolls back what came before it in the unit.
      await expectRefusal(inWs(ws.id, async (tx) => {
        const w = await tx.createWorkshop(workshopData());
        await tx.createDepartment(w.id, 'Sales', null, 0);
        await tx.createDepartment(w.id, 'Sales', null, 1);
      }), 'errors.departmentExists');
      expect(await inWs(ws.id, (tx) => tx.listWorkshops())).toStrictEqual([]);
      // The store is usable afterwards.
      expect(await inWs(ws.id, (tx) => tx.createWorkshop(workshopData()))).toMatchObject({ workspaceId: ws.id });
    });

    it('keeps a transaction of one workspace from reading the rows of another', async () => {
      const b = await seeded();
      const a = await newWorkspace();
      await inWs(a.id, async (tx) => {
        expect(tx.workspaceId).toBe(a.id);
        expect(await tx.getWorkshop(b.workshopId)).toBeNull();
        expect(await tx.loadWorkshop(b.workshopId)).toBeNull();
        expect(await tx.listWorkshops()).toStrictEqual([]);
        expect(await tx.listDepartments(b.workshopId)).toStrictEqual([]);
        expect(await tx.departmentInUse(b.departmentIds[0])).toBe(false);
        expect(await tx.findParticipant(b.workshopId, 'U-PART')).toBeNull();
        expect(await tx.participationsOf('U-PART')).toStrictEqual([]);
        expect(await tx.listStages(b.workshopId)).toStrictEqual([]);
        expect(await tx.getStage(b.stageIds[0])).toBeNull();
        expect(await tx.stageHasContributions(b.stageIds[1])).toBe(false);
        expect(await tx.getKeyMoment(b.keyMomentId)).toBeNull();
        expect(await tx.stagesWithKeyMoment(b.keyMomentId)).toStrictEqual([]);
        expect(await tx.listChannels(b.workshopId)).toStrictEqual([]);
        expect(await tx.getTouchpoint(b.touchpointId)).toBeNull();
        expect(await tx.getObservation(b.observationId)).toBeNull();
        expect(await tx.getSolution(b.solutionId)).toBeNull();
        expect(await tx.countVotes(b.participantId, 'evaluation')).toBe(0);
      });
    });

    it('keeps a transaction of one workspace from writing the rows of another', async () => {
      const b = await seeded();
      await toStep(b.workspaceId, b.workshopId, 'evaluation');
      await opened.store.castVote(b.workspaceId, { workshopId: b.workshopId, userId: 'U-PART', displayName: '', target: { observationId: b.observationId } },
        recordingRules(b.workshopId, { observationId: b.observationId }));
      const before = await load(b.workspaceId, b.workshopId);
      const a = await seeded();
      const notFound: [string, (tx: StoreTx) => Promise<unknown>, ErrorLike][] = [
        ['setDeadline', (tx) => tx.setDeadline(b.workshopId, 'stages', null), 'errors.workshopNotFound'],
        ['setDeadline', (tx) => tx.setDeadline(b.workshopId, 'roadmap', T), 'errors.workshopNotFound'],
        ['setPersona', (tx) => tx.setPersona(b.workshopId, { name: 'Intruder', segment: '', context: '', needs: '', channelHabits: '', expertise: '', quote: '' }), 'errors.workshopNotFound'],
        ['setGoal', (tx) => tx.setGoal(b.workshopId, 'Intruded'), 'errors.workshopNotFound'],
        ['createDepartment', (tx) => tx.createDepartment(b.workshopId, 'Intruders', null, 9), 'errors.workshopNotFound'],
        ['createParticipant', (tx) => tx.createParticipant(b.workshopId, { userId: 'U-X', displayName: '', role: 'facilitator', departmentId: null }), 'errors.workshopNotFound'],
        ['createStage', (tx) => tx.createStage(b.workshopId, { label: 'Intruded', phase: 'before', position: 0, authorId: null }), 'errors.workshopNotFound'],
        ['createChannel', (tx) => tx.createChannel(b.workshopId, 'Intruded', 9), 'errors.workshopNotFound'],
        ['createTouchpoint', (tx) => tx.createTouchpoint(b.workshopId, { stageId: b.stageIds[0], channelId: b.channelId, description: '', authorId: null }), 'errors.workshopNotFound'],
        ['markCellUnused', (tx) => tx.markCellUnused(b.workshopId, b.stageIds[0], b.channelId), 'errors.workshopNotFound'],
        ['createObservation', (tx) => tx.createObservation(b.workshopId, { stageId: b.stageIds[0], touchpointId: null, kind: 'irritant', text: 'X', momentOfTruth: false, authorId: a.participantId }), 'errors.workshopNotFound'],
        ['createSolution', (tx) => tx.createSolution(b.workshopId, { text: 'X', departmentId: null, authorId: a.participantId, addresses: [] }), 'errors.workshopNotFound'],
        ['setStageOrder', (tx) => tx.setStageOrder(b.workshopId, [b.stageIds[1], b.stageIds[0]]), 'errors.workshopNotFound'],
        ['setEmotion', (tx) => tx.setEmotion(b.workshopId, b.stageIds[1], b.participantId, 2), 'errors.workshopNotFound'],
        ['setEmotion on its stage', (tx) => tx.setEmotion(a.workshopId, b.stageIds[1], b.participantId, 2), 'errors.stageNotFound'],
        ['replaceRoadmap', (tx) => tx.replaceRoadmap(b.workshopId, []), 'errors.workshopNotFound'],
        ['updateDepartment', (tx) => tx.updateDepartment(b.departmentIds[0], { name: 'Intruded' }), 'errors.departmentNotFound'],
        ['deleteDepartment', (tx) => tx.deleteDepartment(b.departmentIds[1]), 'errors.departmentNotFound'],
        ['updateParticipant', (tx) => tx.updateParticipant(b.participantId, { role: 'facilitator' }), MissingRowError],
        ['lockVoter', (tx) => tx.lockVoter(b.participantId), MissingRowError],
        ['updateStage', (tx) => tx.updateStage(b.stageIds[0], { label: 'Intruded' }), 'errors.stageNotFound'],
        ['deleteStage', (tx) => tx.deleteStage(b.stageIds[0]), 'errors.stageNotFound'],
        ['deleteTouchpoint', (tx) => tx.deleteTouchpoint(b.touchpointId), 'errors.touchpointNotFound'],
        ['setMomentOfTruth', (tx) => tx.setMomentOfTruth(b.observationId, false), 'errors.observationNotFound'],
        ['setSolutionDepartment', (tx) => tx.setSolutionDepartment(b.solutionId, a.departmentIds[0]), 'errors.solutionNotFound'],
        ['rateSolution', (tx) => tx.rateSolution(b.solutionId, b.participantId, 1, 5), 'errors.solutionNotFound'],
        ['completeDelivery', (tx) => tx.completeDelivery(b.deliveryId, 'intruded'), MissingRowError],
      ];
      for (const [name, write, expected] of notFound) {
        const error = await rejection(inWs(a.workspaceId, write));
        if (typeof expected === 'string') {
          expect(error, `${name}: ${String(error)}`).toBeInstanceOf(DomainError);
          expect((error as DomainError).code, name).toBe(expected);
        } else {
          expect(error, `${name}: ${String(error)}`).toBeInstanceOf(expected);
        }
      }
      await inWs(a.workspaceId, async (tx) => {
        expect(await tx.updateWorkshop(b.workshopId, before.workshop.version, { title: 'Intruded' })).toBe(false);
        expect(await tx.deleteVote(b.participantId, { observationId: b.observationId })).toBe(false);
        expect(await tx.claimDelivery(b.deliveryId)).toBeNull();
        expect(await tx.markCellUsed(b.stageIds[0], b.channelId)).toBe(false);
      });
      expect(await opened.store.castVote(a.workspaceId, { workshopId: a.workshopId, userId: 'U-PART', displayName: '', target: { observationId: b.observationId } }, {
        ...recordingRules(a.workshopId, { observationId: b.observationId }),
        admit: () => 'evaluation',
      }).catch((e: unknown) => e)).toMatchObject({ code: 'errors.observationNotFound' });

      expect(await load(b.workspaceId, b.workshopId)).toStrictEqual(before);
      expect(await inWs(b.workspaceId, (tx) => tx.claimDelivery(b.deliveryId))).toStrictEqual({ replay: '{"seeded":true}' });
      expect(await inWs(b.workspaceId, (tx) => tx.getKeyMoment(b.keyMomentId))).toStrictEqual({ id: b.keyMomentId, label: 'Pick-up' });
    });
  });

  describe('conflict retries', () => {
    const conflicts: [string, () => Error][] = [
      ['SQLite busy', () => driverError('SQLITE_BUSY')],
      ['SQLite busy (extended code)', () => driverError('SQLITE_BUSY_SNAPSHOT')],
      ['SQLite locked', () => driverError('SQLITE_LOCKED')],
      ['a SQLite busy wrapped by Prisma', () => driverError('P2010', { meta: { driverAdapterError: { cause: { originalCode: 'SQLITE_BUSY' } } } })],
      ['a PostgreSQL serialization failure', () => driverError('40001')],
      ['a PostgreSQL deadlock', () => driverError('40P01')],
      ['Prisma\'s write conflict', () => driverError('P2034')],
      ['a unique violation (Prisma)', () => driverError('P2002')],
      ['a unique violation (SQLite)', () => driverError('SQLITE_CONSTRAINT_UNIQUE')],
    ];

    it.each(conflicts)('runs a transaction again after %s, from a clean state', async (_name, conflict) => {
      const ws = await newWorkspace();
      let attempts = 0;
      const result = await inWs(ws.id, async (tx) => {
        attempts += 1;
        const w = await tx.createWorkshop(workshopData({ title: `Attempt ${attempts}` }));
        if (attempts === 1) throw conflict();
        return w;
      });
      expect(attempts).toBe(2);
      expect(await inWs(ws.id, (tx) => tx.listWorkshops())).toStrictEqual([result]);
      expect(result.title).toBe('Attempt 2');
    });

    it.each(conflicts)('runs a vote again after %s', async (_name, conflict) => {
      const s = await seeded();
      await toStep(s.workspaceId, s.workshopId, 'evaluation');
      const target = { observationId: s.observationId };
      const rules = recordingRules(s.workshopId, target, (attempt) => { if (attempt === 0) throw conflict(); });
      expect(await opened.store.castVote(s.workspaceId, { workshopId: s.workshopId, userId: 'U-NEW', displayName: '', target, deliveryId: 'v1' }, rules)).toStrictEqual({ remaining: 2, onItem: 1 });
      expect(rules.admitted).toHaveLength(1);
      expect((await load(s.workspaceId, s.workshopId)).votes).toHaveLength(1);
    });

    it('does not run a transaction or a vote again after a refusal or another error', async () => {
      const ws = await newWorkspace();
      for (const error of [new DomainError('errors.stageNotFound'), new Error('plain'), driverError('P2003'), driverError('SQLITE_CONSTRAINT_FOREIGNKEY'), driverError('P1008')]) {
        let attempts = 0;
        expect(await rejection(inWs(ws.id, async () => { attempts += 1; throw error; }))).toBe(error);
        expect(attempts, String(error)).toBe(1);
      }
      const s = await seeded();
      await toStep(s.workspaceId, s.workshopId, 'evaluation');
      const boom = new Error('boom');
      const rules = recordingRules(s.workshopId, { observationId: s.observationId }, () => { throw boom; });
      expect(await rejection(opened.store.castVote(s.workspaceId, { workshopId: s.workshopId, userId: 'U-NEW', displayName: '', target: { observationId: s.observationId } }, rules))).toBe(boom);
    });

    it('waits out another connection\'s write lock: transactions, votes and new workspaces all apply once it is released', async () => {
      const s = await seeded();
      await toStep(s.workspaceId, s.workshopId, 'evaluation');
      const externalId = randomUUID();
      const lock = await opened.holdWriteLock();
      let settled = 0;
      const pending = [
        inWs(s.workspaceId, (tx) => tx.createDepartment(s.workshopId, 'Latecomers', null, 2)),
        opened.store.castVote(s.workspaceId, { workshopId: s.workshopId, userId: 'U-LATE', displayName: '', target: { observationId: s.observationId } },
          recordingRules(s.workshopId, { observationId: s.observationId })),
        opened.store.ensureWorkspace('contract', externalId, 'Late'),
      ].map((p) => p.finally(() => { settled += 1; }));
      try {
        await sleep(300);
        expect(settled).toBe(0);
      } finally {
        await lock.release();
      }
      const [department, vote, workspace] = await Promise.all(pending);
      expect(department).toMatchObject({ name: 'Latecomers' });
      expect(vote).toStrictEqual({ remaining: 2, onItem: 1 });
      expect(workspace).toMatchObject({ externalId, name: 'Late' });
      expect((await load(s.workspaceId, s.workshopId)).departments.map((d) => d.name)).toStrictEqual(['Sales', 'Store', 'Latecomers']);
    });

    it('commits both of two transactions that write the same rows in opposite orders (a deadlock on PostgreSQL)', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const [s1, s2] = await inWs(workspaceId, async (tx) => [
        await tx.createStage(workshop.id, { label: 'One', phase: 'before', position: 0, authorId: null }),
        await tx.createStage(workshop.id, { label: 'Two', phase: 'before', position: 1, authorId: null }),
      ]);
      const arrived: (() => void)[] = [];
      const wrote = [new Promise<void>((r) => { arrived[0] = r; }), new Promise<void>((r) => { arrived[1] = r; })];
      let attempts = 0;
      const crossing = (index: number, first: string, second: string) => inWs(workspaceId, async (tx) => {
        attempts += 1;
        await tx.updateStage(first, { label: `by ${index}` });
        arrived[index]!();
        // Implementations that run one transaction at a time never get here together: wait a little only.
        await Promise.race([wrote[1 - index], sleep(200)]);
        await tx.updateStage(second, { label: `by ${index}` });
        return index;
      });
      expect(await Promise.all([crossing(0, s1!.id, s2!.id), crossing(1, s2!.id, s1!.id)])).toStrictEqual([0, 1]);
      expect(attempts).toBeGreaterThanOrEqual(2);
      // As if one ran after the other: both rows hold the last one's writes.
      const labels = (await inWs(workspaceId, (tx) => tx.listStages(workshop.id))).map((s) => s.label);
      expect([['by 0', 'by 0'], ['by 1', 'by 1']]).toContainEqual(labels);
    });

    it('lets two concurrent first contributions of one user end with one participant', async () => {
      const { workspaceId, workshop } = await newWorkshop();
      const looked: (() => void)[] = [];
      const bothLooked = [new Promise<void>((r) => { looked[0] = r; }), new Promise<void>((r) => { looked[1] = r; })];
      const join = (index: number) => inWs(workspaceId, async (tx) => {
        const existing = await tx.findParticipant(workshop.id, 'U-RACE');
        looked[index]!();
        if (existing) return existing;
        await Promise.race([bothLooked[1 - index], sleep(200)]);
        return tx.createParticipant(workshop.id, { userId: 'U-RACE', displayName: `from ${index}`, role: 'participant', departmentId: null });
      });
      const [first, second] = await Promise.all([join(0), join(1)]);
      expect(first).toStrictEqual(second);
      expect((await load(workspaceId, workshop.id)).participants).toStrictEqual([first]);
    });
  });

  describe('deleting a workshop, uninstalling and purging a workspace', () => {
    /** Rows naming any of `ids`, table by table: every table of the database (test/helpers/references.ts). */
    const naming = (ids: string[]) => rowsNaming(opened.database, ids);
    /** The tables with such rows, by their bare names (PostgreSQL's schema left out). */
    const bare = (counts: RowCounts) => Object.fromEntries(Object.entries(nonZero(counts)).map(([table, n]) => [table.split('.').at(-1)!, n]));
    const uninstalledAt = async (workspaceId: string) => (await opened.database.prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).uninstalledAt;

    /**
     * A seeded workshop with a vote and a delivery id whose recorded result names it; beside it, in its
     * workspace, a sibling workshop sharing a key moment with it, and a target journey started from it (a stage
     * and a touchpoint copied from its own).
     */
    const deletable = async () => {
      const s = await seeded();
      const sibling = await inWs(s.workspaceId, (tx) => seedWorkshop(tx, 'Sibling'));
      const extra = await inWs(s.workspaceId, async (tx) => {
        const shared = await tx.createKeyMoment('Payment');
        await tx.updateStage(s.stageIds[0], { keyMomentId: shared.id });
        await tx.updateStage(sibling.stageIds[0], { keyMomentId: shared.id });
        const target = await tx.createWorkshop(workshopData({ title: 'Target', journey: 'target', sourceWorkshopId: s.workshopId }));
        const stage = await tx.createStage(target.id, { label: 'I pick up my sofa', phase: 'after', position: 0, authorId: null, sourceStageId: s.stageIds[1] });
        const channel = await tx.createChannel(target.id, 'Warehouse desk', 0);
        const touchpoint = await tx.createTouchpoint(target.id, { stageId: stage.id, channelId: channel.id, description: '', authorId: null, sourceTouchpointId: s.touchpointId });
        const aboutIt = `delivery-${randomUUID()}`;
        await tx.claimDelivery(aboutIt);
        await tx.completeDelivery(aboutIt, JSON.stringify({ ok: true, effects: [{ kind: 'changed', workshopId: s.workshopId }] }));
        const aboutSibling = `delivery-${randomUUID()}`;
        await tx.claimDelivery(aboutSibling);
        await tx.completeDelivery(aboutSibling, JSON.stringify({ ok: true, effects: [{ kind: 'changed', workshopId: sibling.workshopId }] }));
        return { sharedKeyMomentId: shared.id, targetId: target.id, targetStageId: stage.id, targetTouchpointId: touchpoint.id, aboutIt, aboutSibling };
      });
      await toStep(s.workspaceId, s.workshopId, 'evaluation');
      const target = { observationId: s.observationId };
      await opened.store.castVote(s.workspaceId, { workshopId: s.workshopId, userId: 'U-PART', displayName: 'Paul', target }, recordingRules(s.workshopId, target));
      return { ...s, sibling, ...extra, ids: await idsOfWorkshop(opened.database, s.workshopId) };
    };

    it('deletes a workshop and every row of it, the delivery results naming it and the key moments only it used; keeps the rest', async () => {
      const a = await deletable();
      expect(Object.keys(bare(await naming(a.ids)))).toEqual(expect.arrayContaining([
        'Workshop', 'StepDeadline', 'Persona', 'Goal', 'Department', 'Participant', 'Stage', 'Channel', 'Touchpoint', 'UnusedCell', 'Observation', 'Vote',
        'EmotionRating', 'Solution', 'SolutionObservation', 'SolutionRating', 'RoadmapItem', 'ProcessedDelivery',
      ]));
      const sibling = await load(a.workspaceId, a.sibling.workshopId);
      const siblingRows = await naming([a.sibling.workshopId]);
      const targetRows = await naming([a.targetId]);
      const target = await load(a.workspaceId, a.targetId);

      await inWs(a.workspaceId, (tx) => tx.deleteWorkshop(a.workshopId));

      // Nothing names it or any of its rows any more, but the seeded delivery, whose id (not its result) holds the workshop's.
      expect(bare(await naming(a.ids))).toStrictEqual({ ProcessedDelivery: 1 });
      expect(bare(await naming([a.deliveryId]))).toStrictEqual({ ProcessedDelivery: 1 });
      await inWs(a.workspaceId, async (tx) => {
        expect(await tx.getWorkshop(a.workshopId)).toBeNull();
        expect(await tx.loadWorkshop(a.workshopId)).toBeNull();
        expect((await tx.listWorkshops()).map((w) => w.id).sort()).toStrictEqual([a.sibling.workshopId, a.targetId].sort());
        // The key moment only it used goes; the one it shared stays, with the sibling's stage.
        expect(await tx.getKeyMoment(a.keyMomentId)).toBeNull();
        expect(await tx.getKeyMoment(a.sharedKeyMomentId)).toStrictEqual({ id: a.sharedKeyMomentId, label: 'Payment' });
        expect((await tx.stagesWithKeyMoment(a.sharedKeyMomentId)).map((st) => st.id)).toStrictEqual([a.sibling.stageIds[0]]);
        // A delivery whose result named it can be claimed again; the sibling's is still replayed.
        expect(await tx.claimDelivery(a.aboutIt)).toBeNull();
        expect(await tx.claimDelivery(a.aboutSibling)).toStrictEqual({ replay: expect.stringContaining(a.sibling.workshopId) });
      });
      // The sibling keeps everything; the target journey too, no longer linked to it.
      expect(await load(a.workspaceId, a.sibling.workshopId)).toStrictEqual(sibling);
      expect(await naming([a.sibling.workshopId])).toStrictEqual(siblingRows);
      expect(await naming([a.targetId])).toStrictEqual(targetRows);
      const unlinked = await load(a.workspaceId, a.targetId);
      expect(unlinked).toStrictEqual({
        ...target,
        workshop: { ...target.workshop, sourceWorkshopId: null },
        stages: target.stages.map((st) => ({ ...st, sourceStageId: null })),
        touchpoints: target.touchpoints.map((t) => ({ ...t, sourceTouchpointId: null })),
      });
    });

    it('refuses to delete another workspace\'s workshop, or a missing one, with errors.workshopNotFound, and deletes nothing', async () => {
      const mine = await seeded();
      const theirs = await seeded();
      const before = await naming([theirs.workspaceId]);
      await expectRefusal(inWs(mine.workspaceId, (tx) => tx.deleteWorkshop(theirs.workshopId)), 'errors.workshopNotFound');
      await expectRefusal(inWs(mine.workspaceId, (tx) => tx.deleteWorkshop(randomUUID())), 'errors.workshopNotFound');
      expect(await naming([theirs.workspaceId])).toStrictEqual(before);
      expect(await load(theirs.workspaceId, theirs.workshopId)).toMatchObject({ workshop: { id: theirs.workshopId } });
    });

    it('rolls a deletion back with its transaction, and writes nothing under a workshop it deleted', async () => {
      const s = await seeded();
      const before = await naming([s.workspaceId]);
      await expect(inWs(s.workspaceId, async (tx) => {
        await tx.deleteWorkshop(s.workshopId);
        throw new Error('something after it failed');
      })).rejects.toThrow('something after it failed');
      expect(await naming([s.workspaceId])).toStrictEqual(before);

      await inWs(s.workspaceId, async (tx) => {
        expect(await tx.getWorkshop(s.workshopId)).not.toBeNull();
        await tx.deleteWorkshop(s.workshopId);
        await expectRefusal(tx.setGoal(s.workshopId, 'Too late'), 'errors.workshopNotFound');
        await expectRefusal(tx.deleteWorkshop(s.workshopId), 'errors.workshopNotFound');
      });
      expect(bare(await naming([s.workshopId]))).toStrictEqual({ ProcessedDelivery: 1 });
    });

    it('marks a workspace uninstalled and installed again by platform and external id: its id, or null when there is none', async () => {
      const externalId = randomUUID();
      const ws = await opened.store.ensureWorkspace('contract', externalId, 'Acme');
      const at = new Date('2026-06-01T10:00:00.123Z');
      expect(await opened.store.setUninstalled('contract', externalId, at)).toBe(ws.id);
      expect(await uninstalledAt(ws.id)).toStrictEqual(at);
      expect(await opened.store.setUninstalled('contract', randomUUID(), at)).toBeNull();
      expect(await opened.store.setUninstalled('teams', externalId, at)).toBeNull();
      expect(await opened.store.setUninstalled('contract', externalId, null)).toBe(ws.id);
      expect(await uninstalledAt(ws.id)).toBeNull();
      // Anyone using the workspace again (ensureWorkspace) shows it is installed: the removal no longer stands.
      await opened.store.setUninstalled('contract', externalId, at);
      expect(await opened.store.ensureWorkspace('contract', externalId)).toStrictEqual(ws);
      expect(await uninstalledAt(ws.id)).toBeNull();
      expect(await opened.store.workspaceOfWorkshop(randomUUID())).toBeNull();
    });

    it('purges a workspace only while it is uninstalled since that very moment; then every row of it goes, and no other', async () => {
      const externalId = randomUUID();
      const ws = await opened.store.ensureWorkspace('contract', externalId, 'Leaving');
      const seededHere = await inWs(ws.id, (tx) => seedWorkshop(tx));
      await inWs(ws.id, (tx) => seedWorkshop(tx, 'Second'));
      await toStep(ws.id, seededHere.workshopId, 'evaluation');
      const target = { observationId: seededHere.observationId };
      await opened.store.castVote(ws.id, { workshopId: seededHere.workshopId, userId: 'U-PART', displayName: 'Paul', target }, recordingRules(seededHere.workshopId, target));
      const other = await seeded();
      const otherRows = await naming([other.workspaceId]);
      const before = await naming([ws.id]);
      expect(Object.keys(bare(before)).length).toBeGreaterThan(15);
      const at = new Date('2026-06-01T10:00:00.123Z');

      expect(await opened.store.purgeWorkspace(ws.id, at)).toBe(false);
      await opened.store.setUninstalled('contract', externalId, at);
      // The job of another removal than the current one (uninstalled again since) deletes nothing.
      expect(await opened.store.purgeWorkspace(ws.id, new Date(at.getTime() + 1))).toBe(false);
      expect(await opened.store.purgeWorkspace(ws.id, new Date(at.getTime() - 1))).toBe(false);
      expect(await naming([ws.id])).toStrictEqual(before);
      // Installed again meanwhile: nothing is deleted.
      await opened.store.ensureWorkspace('contract', externalId);
      expect(await opened.store.purgeWorkspace(ws.id, at)).toBe(false);
      expect(await naming([ws.id])).toStrictEqual(before);
      await opened.store.setUninstalled('contract', externalId, at);
      await opened.store.setUninstalled('contract', externalId, null);
      expect(await opened.store.purgeWorkspace(ws.id, at)).toBe(false);
      expect(await naming([ws.id])).toStrictEqual(before);

      await opened.store.setUninstalled('contract', externalId, at);
      expect(await opened.store.purgeWorkspace(ws.id, at)).toBe(true);
      expect(nonZero(await naming([ws.id]))).toStrictEqual({});
      expect(await naming([other.workspaceId])).toStrictEqual(otherRows);
      expect(await opened.store.workspaceOfWorkshop(seededHere.workshopId)).toBeNull();
      expect(await opened.store.purgeWorkspace(ws.id, at)).toBe(false);
      expect(await opened.store.setUninstalled('contract', externalId, at)).toBeNull();
      expect(await opened.store.purgeWorkspace(randomUUID(), at)).toBe(false);

      // The platform's workspace can come back: as a new, empty workspace.
      const again = await opened.store.ensureWorkspace('contract', externalId, 'Back');
      expect(again.id).not.toBe(ws.id);
      expect(await inWs(again.id, (tx) => tx.listWorkshops())).toStrictEqual([]);
    });
  });
});

type ErrorLike = ErrorCode | typeof MissingRowError;
