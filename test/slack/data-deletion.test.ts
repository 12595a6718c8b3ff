// Data that is taken back leaves nothing behind, on both databases, checked table by table (every table the
// database has, read from its catalogue, the job queue's included — test/helpers/references.ts):
// - a facilitator deletes a workshop through Slack (the "Workshop settings…" menu, a confirmation form that
//   says what goes): no row anywhere names it or any of its rows afterwards; another workshop of the same
//   workspace (a target journey started from it, sharing a key moment) and a workshop of another workspace
//   keep every row; the bot's messages and files for it are deleted from the channel, nobody else's; a
//   participant cannot delete it; a submission Slack sends twice deletes once.
// - the app is uninstalled (app_uninstalled, or tokens_revoked for the bot): with no grace period the
//   workspace's rows all go at once, another workspace's stay; with the default grace they stay, a purge job
//   waits 30 days, and a request from the workspace meanwhile cancels it; user tokens revoked change nothing;
//   with OAuth distribution the installation (tokens) goes at once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { jobSchemaName } from '../../src/db/jobs/index.js';
import { quoteIdent } from '../../src/db/client.js';
import type { RunningServer } from '../../src/server.js';
import { MetadataSigner } from '../../src/slack/metadata.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';
import { idsOfWorkshop, nonZero, rowsNaming, tablesOf, type RowCounts } from '../helpers/references.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import { FakeSlack } from './helpers/fake-slack.js';
import {
  FORM, JSON_TYPE, send, settle, SIGNING_SECRET, slashCommand, startReplica, TEAM, viewSubmission, type Replica, type Sent, type User,
} from './helpers/harness.js';
import { ANA, FAC } from './helpers/users.js';

const HEADS: User[] = [{ id: 'U0HEADA', name: 'ines' }, { id: 'U0HEADB', name: 'omar' }];
const OTHER_TEAM = 'T0OTHER';
const SECOND_CHANNEL = 'C0SECOND';
const OTHER_CHANNEL = 'C0OTHER';
const png = async () => [{ name: 'map', png: Buffer.from('\x89PNG fake', 'latin1') }];
const DAY_MS = 86_400_000;

/** A request of the harness, as if sent from another Slack team. */
const asTeam = (body: string, team: string): string => (team === TEAM.id ? body : body.replaceAll(TEAM.id, team));

let events = 0;
/** An Events API delivery (signed like every request by `send`). */
function eventBody(team: string, event: Record<string, unknown>): string {
  events += 1;
  return JSON.stringify({
    token: 'legacy', team_id: team, api_app_id: 'A0001', type: 'event_callback', event_id: `Ev${team}${String(events).padStart(6, '0')}`,
    event_time: Math.floor(Date.now() / 1000), event,
  });
}

interface Built {
  workspaceId: string;
  workshopId: string;
  stageIds: string[];
  votes: number;
  participants: number;
}

/**
 * A workshop with something in every table, through the engine: deadlines, persona and goal, two departments
 * with their heads, a participant, two stages, touchpoints, observations with votes and emotions, solutions
 * rated and voted on, the roadmap. Its conversation is `channel`.
 */
async function fullWorkshop(server: RunningServer, team: string, title: string, channel: string): Promise<Built> {
  const workspaceId = await server.layer.workspaceOf('slack', team);
  const as = (user: User) => async (command: Record<string, unknown>) => {
    const o = await server.engine.execute({ workspaceId, userId: user.id, displayName: user.name }, command);
    if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
    return o.result as Record<string, string>;
  };
  const fac = as(FAC);
  const ana = as(ANA);
  const { workshopId: w } = await fac({
    type: 'createWorkshop', title, language: 'en', persona: { name: 'Claire', quote: 'Where is my sofa?' }, goal: 'Pick up fast',
    departments: HEADS.map((h, i) => ({ name: `Department ${i + 1}`, headUserId: h.id })),
    deadlines: [{ step: 'solutions', dueAt: new Date(Date.now() + 7 * DAY_MS).toISOString() }],
  });
  const workshopId = w!;
  const departments = (await server.queries.snapshot(workspaceId, workshopId)).departments;
  await ana({ type: 'join', workshopId, departmentId: departments[1]!.id });
  await fac({ type: 'advanceStep', workshopId });
  await fac({ type: 'advanceStep', workshopId });
  const s1 = (await fac({ type: 'addStage', workshopId, label: 'I pick up my furniture', phase: 'after' })).stageId!;
  const s2 = (await ana({ type: 'addStage', workshopId, label: 'I pay at the till', phase: 'purchase' })).stageId!;
  await fac({ type: 'advanceStep', workshopId });
  await fac({ type: 'addTouchpoint', workshopId, stageId: s1, channel: 'Warehouse desk', description: 'The queue' });
  await ana({ type: 'addTouchpoint', workshopId, stageId: s2, channel: 'Store / agency' });
  await fac({ type: 'advanceStep', workshopId });
  const o1 = (await fac({ type: 'addObservation', workshopId, kind: 'irritant', text: 'An hour of waiting', stageId: s1, momentOfTruth: true })).observationId!;
  const o2 = (await ana({ type: 'addObservation', workshopId, kind: 'enchantment', text: 'A smile at the till', stageId: s2 })).observationId!;
  await fac({ type: 'vote', workshopId, target: { observationId: o1 } });
  await ana({ type: 'vote', workshopId, target: { observationId: o1 } });
  await ana({ type: 'vote', workshopId, target: { observationId: o2 } });
  await fac({ type: 'rateEmotion', workshopId, stageId: s1, score: -2 });
  await ana({ type: 'rateEmotion', workshopId, stageId: s2, score: 1 });
  await fac({ type: 'advanceStep', workshopId });
  for (const department of departments) {
    const { solutionId } = await fac({ type: 'proposeSolution', workshopId, text: `Book a slot — ${department.name}`, addresses: [o1], departmentId: department.id });
    await fac({ type: 'rateSolution', workshopId, solutionId: solutionId!, impact: 4, effort: 2 });
    await ana({ type: 'rateSolution', workshopId, solutionId: solutionId!, impact: 5, effort: 3 });
    await ana({ type: 'vote', workshopId, target: { solutionId: solutionId! } });
  }
  await fac({ type: 'advanceStep', workshopId });
  await server.layer.deps.conversations.create(workspaceId, workshopId, 'slack', channel);
  return { workspaceId, workshopId, stageIds: [s1, s2], votes: 3 + departments.length, participants: 2 };
}

/** The ts of every message the bot posted in a channel (threads included) since `from`. */
function postedIn(fake: FakeSlack, channel: string, from = 0): string[] {
  return fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel && c.response?.ok).map((c) => String(c.response!.ts));
}

/** The ids of every file the bot uploaded to a channel since `from`. */
function filesIn(fake: FakeSlack, channel: string, from = 0): string[] {
  return fake.calls.slice(from)
    .filter((c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === channel)
    .flatMap((c) => (c.args.files as { id: string }[]).map((f) => f.id));
}

/** What a view or message says, as one string. */
const shown = (value: unknown): string => JSON.stringify(value).replace(/&amp;/g, '&');

/** Reads the job queue's rows of a queue: pg-boss's table on PostgreSQL, "EmbeddedJob" on SQLite. */
async function jobsOf(db: TestDatabase, queue: string): Promise<{ id: string; data: Record<string, unknown>; startAfter: Date; state: string }[]> {
  if (db.raw.provider === 'sqlite') {
    return (db.raw.connection().prepare('SELECT "id", "data", "startAfter", "state" FROM "EmbeddedJob" WHERE "queue" = ? ORDER BY "createdAt"').all(queue) as { id: string; data: string; startAfter: string; state: string }[])
      .map((r) => ({ id: r.id, data: JSON.parse(r.data) as Record<string, unknown>, startAfter: new Date(r.startAfter), state: r.state }));
  }
  const schema = quoteIdent(jobSchemaName(db.target.provider === 'postgresql' ? db.target.schema : undefined));
  const { rows } = await db.raw.pool.query<{ id: string; data: Record<string, unknown>; start_after: Date; state: string }>(
    `SELECT id::text, data, start_after, state::text FROM ${schema}.job WHERE name = $1 ORDER BY created_on`, [queue],
  );
  return rows.map((r) => ({ id: r.id, data: r.data, startAfter: r.start_after, state: r.state }));
}

/** Makes a waiting job due now. */
async function makeDue(db: TestDatabase, jobId: string): Promise<void> {
  const past = new Date(Date.now() - 1000);
  if (db.raw.provider === 'sqlite') {
    expect(db.raw.connection().prepare('UPDATE "EmbeddedJob" SET "startAfter" = ? WHERE "id" = ?').run(past.toISOString().replace('Z', '+00:00'), jobId).changes).toBe(1);
    return;
  }
  const schema = quoteIdent(jobSchemaName(db.target.provider === 'postgresql' ? db.target.schema : undefined));
  expect((await db.raw.pool.query(`UPDATE ${schema}.job SET start_after = $2 WHERE id = $1::uuid`, [jobId, past])).rowCount).toBe(1);
}

/** The job queue's table, as `rowsNaming` names it. */
function jobTable(db: TestDatabase): string {
  return db.target.provider === 'sqlite' ? 'EmbeddedJob' : `${jobSchemaName(db.target.schema)}.job`;
}

/**
 * The rows that still name a purged workspace, the purge job that deleted it aside: that job was running
 * while it deleted everything else, and the queue keeps it as its history (SQLite 1 hour, pg-boss archives it
 * and deletes it after 7 days). It holds the workspace's id and the date of the uninstall, nothing else.
 */
async function leftOfPurged(db: TestDatabase, workspaceId: string): Promise<RowCounts> {
  const counts = nonZero(await rowsNaming(db, [workspaceId]));
  const purges = (await jobsOf(db, 'purge')).filter((j) => j.data.workspaceId === workspaceId);
  expect(purges.map((j) => [j.state, Object.keys(j.data).sort()])).toEqual([['completed', ['uninstalledAt', 'workspaceId']]]);
  const table = jobTable(db);
  counts[table] = (counts[table] ?? 0) - purges.length;
  return nonZero(counts);
}

describe.each(providers)('deleting a workshop through Slack leaves no row of it, on %s', (provider) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replicas: Replica[];
  let d: Driver;
  let server: RunningServer;
  let a: Built;
  let target: { workshopId: string };
  let other: Built;
  let keyMomentId: string;
  let aIds: string[];
  const TITLE = 'Pick-up journey 4f7c to delete';

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeSlack().start();
    replicas = [await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png }), await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png })];
    server = replicas[0]!.server;
    d = new Driver(fake, replicas, db.prisma);

    // Another workspace's workshop, with its messages and a map posted in its channel.
    other = await fullWorkshop(server, OTHER_TEAM, 'Another team’s journey', OTHER_CHANNEL);
    await d.send(asTeam(slashCommand(FAC, 'status', OTHER_CHANNEL), OTHER_TEAM), FORM);
    await d.send(asTeam(slashCommand(FAC, 'map', OTHER_CHANNEL), OTHER_TEAM), FORM);

    // The workshop to delete; a target journey started from it (its stages copied, one sharing a key moment
    // with it), with messages and a map in a channel of its own; then the workshop's own messages, a map, and
    // its closing (final map, documents, a roadmap to each head).
    a = await fullWorkshop(server, TEAM.id, TITLE, CHANNEL);
    const fac = { workspaceId: a.workspaceId, userId: FAC.id, displayName: FAC.name };
    const started = await server.engine.execute(fac, { type: 'startTargetJourney', workshopId: a.workshopId, title: 'Target journey' });
    if (!started.ok) throw new Error(started.error.code);
    target = { workshopId: (started.result as { workshopId: string }).workshopId };
    const targetStage = (await server.queries.snapshot(a.workspaceId, target.workshopId)).stages.find((s) => s.label === 'I pick up my furniture')!;
    const linked = await server.engine.execute(fac, { type: 'linkKeyMoment', workshopId: a.workshopId, stageId: a.stageIds[0]!, otherStageId: targetStage.id, label: 'Pick-up' });
    if (!linked.ok) throw new Error(linked.error.code);
    keyMomentId = (linked.result as { keyMomentId: string }).keyMomentId;
    await server.layer.deps.conversations.create(a.workspaceId, target.workshopId, 'slack', SECOND_CHANNEL);
    // A's conversation is the Driver's: the latest one created.
    await db.prisma.conversation.update({ where: { workshopId: a.workshopId }, data: { createdAt: new Date(Date.now() + 60_000) } });
    await d.command(FAC, 'status', SECOND_CHANNEL);
    await d.command(FAC, 'map', SECOND_CHANNEL);
    await d.command(FAC, 'status');
    await d.command(FAC, 'map');
    await d.click(FAC, 'close');
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: a.workshopId } })).status).toBe('closed');
    aIds = await idsOfWorkshop(db, a.workshopId);
  }, 120_000);
  afterAll(async () => {
    for (const r of replicas ?? []) await r.server.close();
    await fake?.stop();
    await db?.close();
  });

  it('finds the workshop in every kind of table before, so that finding nothing after means something', async () => {
    const tables = (await tablesOf(db)).map((t) => t.name.split('.').at(-1));
    expect(tables).toEqual(expect.arrayContaining(['Workshop', 'Stage', 'ProcessedDelivery', 'Delivery', 'Conversation', 'KeyMoment']));
    expect(tables).toEqual(expect.arrayContaining(provider === 'sqlite' ? ['EmbeddedJob'] : ['job', 'archive']));
    const found = Object.keys(nonZero(await rowsNaming(db, [a.workshopId]))).map((t) => t.split('.').at(-1));
    expect(found).toEqual(expect.arrayContaining([
      'Workshop', 'StepDeadline', 'Persona', 'Goal', 'Department', 'Participant', 'Stage', 'Channel', 'Touchpoint', 'Observation', 'Vote',
      'EmotionRating', 'Solution', 'RoadmapItem', 'ProcessedDelivery', 'Conversation', 'Delivery', provider === 'sqlite' ? 'EmbeddedJob' : 'job',
    ]));
    // Rows that name the workshop's rows rather than the workshop: ratings, addresses, the target's copies.
    const byRows = Object.keys(nonZero(await rowsNaming(db, aIds.filter((id) => id !== a.workshopId)))).map((t) => t.split('.').at(-1));
    expect(byRows).toEqual(expect.arrayContaining(['SolutionRating', 'SolutionObservation']));
    expect(aIds.length).toBeGreaterThan(20);
  });

  it('refuses a participant who is not the facilitator, privately, and deletes nothing', async () => {
    const before = await rowsNaming(db, aIds);
    const from = d.mark();
    await d.choose(ANA, 'workshopDelete');
    expect(fake.calls.slice(from).filter((c) => c.method === 'views.open')).toEqual([]);
    const refusal = localizeRefusal({ code: 'errors.notFacilitator', params: {} }, 'en');
    expect(d.toldTo(ANA, from).some((t) => t.includes(refusal))).toBe(true);

    // A form submitted by someone else than the facilitator (validly signed for them): the engine refuses too.
    await d.choose(FAC, 'workshopDelete');
    const view = d.lastModal(FAC);
    const meta = JSON.parse(Buffer.from(String(view.private_metadata).split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = new MetadataSigner(SIGNING_SECRET).sign({ ...meta, u: ANA.id } as never);
    const sent = await d.submit(ANA, view, {}, { private_metadata: forged });
    expect(sent.status).toBe(200);
    expect(shown(sent.json())).toContain(refusal);
    expect(await rowsNaming(db, aIds)).toStrictEqual(before);
    expect(fake.calls.slice(from).filter((c) => c.method === 'chat.delete' || c.method === 'files.delete')).toEqual([]);
  });

  it('deletes the workshop once, sent twice at once, and leaves no row naming it or any of its rows, table by table', async () => {
    const keptTarget = await rowsNaming(db, [target.workshopId]);
    const keptOther = await rowsNaming(db, [other.workspaceId]);
    const aMessages = postedIn(fake, CHANNEL);
    const aFiles = filesIn(fake, CHANNEL);
    const conv = await db.prisma.conversation.findUniqueOrThrow({ where: { workshopId: a.workshopId } });
    expect(aFiles.length).toBeGreaterThanOrEqual(2);
    expect(aMessages).toEqual(expect.arrayContaining([conv.rootMessageId, conv.stepMessageId]));

    // The confirmation says what goes.
    const from = d.mark();
    await d.choose(FAC, 'workshopDelete');
    const view = d.lastModal(FAC);
    expect(view.callback_id).toBe('workshopDelete');
    const text = shown(view);
    expect(text).toContain(`Delete the workshop “${TITLE}” and everything in it?`);
    expect(text).toContain(`stages: 2, touchpoints: 2, observations: 2, votes: ${a.votes}, solutions: 2 with their ratings, people who took part: ${a.participants}`);
    expect(text).toContain('The messages and files Parcours posted for it in this channel are removed');
    expect(text).toContain('A target journey started from it stays');
    expect(text).toContain('This cannot be undone');

    // Slack sends the submission again while the first is being handled (a retry), to the other replica.
    const body = viewSubmission(FAC, view, {});
    const answers: Sent[] = await Promise.all([send(replicas[0]!, body, FORM), send(replicas[1]!, body, FORM, 1)]);
    await settle(...replicas);
    for (const answer of answers) expect(answer.status).toBe(200);
    for (const answer of answers) expect(shown(answer.json())).not.toContain('went wrong');

    // No row anywhere names the workshop, nor any row it had.
    expect(nonZero(await rowsNaming(db, [a.workshopId]))).toStrictEqual({});
    expect(nonZero(await rowsNaming(db, aIds))).toStrictEqual({});

    // The target journey keeps every row, unlinked; the shared key moment stays; the other workspace is untouched.
    expect(await rowsNaming(db, [target.workshopId])).toStrictEqual(keptTarget);
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: target.workshopId } })).sourceWorkshopId).toBeNull();
    expect(await db.prisma.keyMoment.findUnique({ where: { id: keyMomentId } })).not.toBeNull();
    expect(await rowsNaming(db, [other.workspaceId])).toStrictEqual(keptOther);

    // Slack: every message the bot posted in the workshop's channel (anchor, step message, maps and summary)
    // deleted once, every file it uploaded there deleted once; nothing of the other channels.
    const deletes = fake.calls.slice(from).filter((c) => c.method === 'chat.delete');
    expect(deletes.map((c) => c.args.channel).every((ch) => ch === CHANNEL)).toBe(true);
    expect(deletes.map((c) => String(c.args.ts)).sort()).toEqual([...aMessages].sort());
    const fileDeletes = fake.calls.slice(from).filter((c) => c.method === 'files.delete').map((c) => String(c.args.file));
    expect(fileDeletes.sort()).toEqual([...aFiles].sort());
    // The facilitator is told, privately.
    expect(d.toldTo(FAC, from).some((t) => t.includes(`The workshop “${TITLE}” was deleted.`))).toBe(true);
  });

  it('keeps nothing that names the deleted workshop’s title either', async () => {
    expect(nonZero(await rowsNaming(db, [TITLE]))).toStrictEqual({});
  });
});

describe.each(providers)('uninstalling with no grace period deletes every row of the workspace, on %s', (provider) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica;
  let d: Driver;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeSlack().start();
    replica = await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png, env: { PARCOURS_UNINSTALL_GRACE_DAYS: '0' } });
    d = new Driver(fake, [replica], db.prisma);
  }, 60_000);
  afterAll(async () => {
    await replica?.server.close();
    await fake?.stop();
    await db?.close();
  });

  /** A workspace with a full workshop, its messages, a map and its closing, all through Slack. */
  async function used(team: string, channel: string): Promise<Built> {
    const built = await fullWorkshop(replica.server, team, `Journey of ${team}`, channel);
    await d.send(asTeam(slashCommand(FAC, 'status', channel), team), FORM);
    await d.send(asTeam(slashCommand(FAC, 'map', channel), team), FORM);
    return built;
  }

  it('app_uninstalled: no row of the workspace anywhere afterwards; another workspace keeps all of its rows', async () => {
    const gone = await used(TEAM.id, CHANNEL);
    await d.click(FAC, 'close');
    const kept = await used(OTHER_TEAM, OTHER_CHANNEL);
    const goneBefore = nonZero(await rowsNaming(db, [gone.workspaceId]));
    expect(Object.keys(goneBefore).length).toBeGreaterThan(15);
    const keptBefore = await rowsNaming(db, [kept.workspaceId]);

    const answer = await send(replica, eventBody(TEAM.id, { type: 'app_uninstalled' }), JSON_TYPE);
    expect(answer.status).toBe(200);
    await settle(replica);

    expect(await leftOfPurged(db, gone.workspaceId)).toStrictEqual({});
    expect(await db.prisma.workspace.findMany({ where: { platform: 'slack', externalId: TEAM.id } })).toEqual([]);
    expect(await rowsNaming(db, [kept.workspaceId])).toStrictEqual(keptBefore);
  });

  it('lets the workspace come back after its data was deleted: a new workshop can be framed', async () => {
    await d.command(FAC, 'new en');
    const sent = await d.submit(FAC, d.lastModal(FAC), {
      title: 'After the purge', language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up', department_0: 'Sales', voteBudget: 3,
    });
    expect(sent.status).toBe(200);
    expect(shown(sent.json())).not.toContain('went wrong');
    const workspace = await db.prisma.workspace.findUnique({ where: { platform_externalId: { platform: 'slack', externalId: TEAM.id } } });
    expect(workspace).not.toBeNull();
    expect(await db.prisma.workshop.findMany({ where: { workspaceId: workspace!.id }, select: { title: true } })).toEqual([{ title: 'After the purge' }]);
  });

  it('tokens_revoked with the bot token deletes the workspace like app_uninstalled; with user tokens only, nothing', async () => {
    const revoked = await used('T0REVOKED', 'C0REVOKED');
    const users = await used('T0USERS', 'C0USERS');
    const usersBefore = await rowsNaming(db, [users.workspaceId]);

    await send(replica, eventBody('T0USERS', { type: 'tokens_revoked', tokens: { oauth: ['U0FAC', 'U0ANA'] } }), JSON_TYPE);
    await send(replica, eventBody('T0REVOKED', { type: 'tokens_revoked', tokens: { oauth: ['U0FAC'], bot: ['UBOT'] } }), JSON_TYPE);
    await settle(replica);

    expect(await leftOfPurged(db, revoked.workspaceId)).toStrictEqual({});
    expect(await rowsNaming(db, [users.workspaceId])).toStrictEqual(usersBefore);
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: users.workspaceId } })).uninstalledAt).toBeNull();
    expect((await jobsOf(db, 'purge')).filter((j) => j.data.workspaceId === users.workspaceId)).toEqual([]);
  });
});

describe.each(providers)('uninstalling with the default grace period keeps the data, and a return cancels the purge, on %s', (provider) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica;
  let d: Driver;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeSlack().start();
    replica = await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png });
    d = new Driver(fake, [replica], db.prisma);
  }, 60_000);
  afterAll(async () => {
    await replica?.server.close();
    await fake?.stop();
    await db?.close();
  });

  it('keeps every row for 30 days, then deletes nothing once the workspace came back meanwhile', async () => {
    const built = await fullWorkshop(replica.server, TEAM.id, 'Kept journey', CHANNEL);
    await d.command(FAC, 'status');
    const before = await rowsNaming(db, [built.workspaceId]);

    const at = Date.now();
    await send(replica, eventBody(TEAM.id, { type: 'app_uninstalled' }), JSON_TYPE);
    await settle(replica);
    const workspace = await db.prisma.workspace.findUniqueOrThrow({ where: { id: built.workspaceId } });
    expect(workspace.uninstalledAt).not.toBeNull();
    const purges = await jobsOf(db, 'purge');
    expect(purges).toHaveLength(1);
    expect(purges[0]!.data).toStrictEqual({ workspaceId: built.workspaceId, uninstalledAt: workspace.uninstalledAt!.toISOString() });
    expect(purges[0]!.state).toBe('created');
    expect(purges[0]!.startAfter.getTime()).toBeGreaterThanOrEqual(at + 30 * DAY_MS - 1000);
    expect(purges[0]!.startAfter.getTime()).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS + 1000);
    const stillThere = await rowsNaming(db, [built.workspaceId]);
    // Only the purge job names the workspace in addition.
    expect(stillThere).toStrictEqual({ ...before, [jobTable(db)]: before[jobTable(db)]! + 1 });

    // Someone uses Parcours there again: the app is installed again.
    await d.command(FAC, 'list');
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: built.workspaceId } })).uninstalledAt).toBeNull();

    // Thirty days later, the purge job runs and deletes nothing.
    await makeDue(db, purges[0]!.id);
    await settle(replica);
    expect((await jobsOf(db, 'purge'))[0]!.state).toBe('completed');
    expect(await db.prisma.workspace.findUnique({ where: { id: built.workspaceId } })).not.toBeNull();
    expect(await rowsNaming(db, [built.workspaceId])).toStrictEqual(stillThere);
  });
});

describe.each(providers)('uninstalling with OAuth distribution deletes the installation at once, on %s', (provider) => {
  const KEY = randomBytes(32);
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeSlack().start();
    replica = await startReplica({
      databaseUrl: db.rawUrl, fake, renderMap: png,
      env: { SLACK_BOT_TOKEN: undefined, SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'client-secret-xyz', SLACK_STATE_SECRET: 'state-secret-xyz', PARCOURS_ENCRYPTION_KEY: KEY.toString('base64') },
    });
  }, 60_000);
  afterAll(async () => {
    await replica?.server.close();
    await fake?.stop();
    await db?.close();
  });

  async function install(): Promise<void> {
    const started = await fetch(`${replica.url}/slack/install`, { redirect: 'manual' });
    const state = new URL(started.headers.get('location')!).searchParams.get('state')!;
    const cookie = started.headers.get('set-cookie')!.split(';')[0]!;
    const done = await fetch(`${replica.url}/slack/oauth_redirect?code=the-code&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
    expect(done.status).toBe(200);
  }

  it('app_uninstalled deletes the sealed installation at once and keeps the data; installing again cancels the purge', async () => {
    await install();
    expect(await db.prisma.slackInstallation.count({ where: { teamId: TEAM.id } })).toBe(1);
    const workspace = await db.prisma.workspace.findUniqueOrThrow({ where: { platform_externalId: { platform: 'slack', externalId: TEAM.id } } });

    await send(replica, eventBody(TEAM.id, { type: 'app_uninstalled' }), JSON_TYPE);
    await settle(replica);
    expect(await db.prisma.slackInstallation.count()).toBe(0);
    // What names the team now is its workspace alone (kept for the grace period): no installation, no token.
    expect(Object.keys(nonZero(await rowsNaming(db, [TEAM.id]))).map((t) => t.split('.').at(-1))).toEqual(['Workspace']);
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).uninstalledAt).not.toBeNull();
    expect((await jobsOf(db, 'purge')).map((j) => j.data.workspaceId)).toEqual([workspace.id]);

    await install();
    expect(await db.prisma.slackInstallation.count({ where: { teamId: TEAM.id } })).toBe(1);
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).uninstalledAt).toBeNull();
  });
});
