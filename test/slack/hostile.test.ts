// Hostile input and Slack failures. A 10,000-character label, markup and mentions, an unknown action id,
// a tampered button value or private_metadata each get a clear answer and change nothing; Slack refusing
// a call (channel not found, missing scope, rate limits) is told to the person and loses nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, serverProvider, type TestDatabase } from '../helpers/database.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { blockAction, FORM, startReplica, viewSubmission, type Replica, type User } from './helpers/harness.js';

const FAC: User = { id: 'U0FAC', name: 'fatou' };
const ANA: User = { id: 'U0ANA', name: 'ana' };
const png = async () => [{ name: 'map', png: Buffer.from('\x89PNG fake', 'latin1') }];

describe('hostile input and Slack failures', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica;
  let d: Driver;
  let stageModal: Record<string, unknown>;

  beforeAll(async () => {
    db = await freshDatabase(serverProvider);
    fake = await new FakeSlack().start();
    replica = await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png });
    d = new Driver(fake, [replica], db.prisma);
  });
  afterAll(async () => {
    await replica?.server.close();
    await fake?.stop();
    await db?.close();
  });

  it('keeps a workshop whose anchor could not be posted, tells the facilitator why, and posts it later', async () => {
    fake.fail('chat.postMessage', { error: 'not_in_channel' }, 1, (a) => a.channel === CHANNEL);
    await d.command(FAC, 'new en');
    const from = d.mark();
    await d.submit(FAC, d.lastModal(FAC), { title: 'Hostile', language: 'en', mode: 'async', journey: 'current', basis: 'staff', persona_name: 'Claire', goal: 'Go', department_0: 'Sales', voteBudget: 3 });
    expect(await db.prisma.workshop.count()).toBe(1);
    expect((await d.conversation()).anchorTs).toBeNull();
    // The channel refused the ephemeral too (not in channel): the facilitator hears it in a direct message.
    const told = fake.calls.slice(from).filter((c) => (c.method === 'chat.postEphemeral' || c.method === 'chat.postMessage') && JSON.stringify(c.args).includes('invite me first'));
    expect(told.length).toBeGreaterThan(0);
    // Invited now: /parcours status posts what was missing.
    await d.command(FAC, 'status');
    const conv = await d.conversation();
    expect(conv.anchorTs).toMatch(/^\d+\.\d+$/);
    expect(conv.stepTs).toMatch(/^\d+\.\d+$/);
    await d.click(FAC, 'advance');
    await d.click(FAC, 'advance');
    expect((await db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
  });

  it('refuses a 10,000-character label on its field, and stores nothing', async () => {
    await d.click(ANA, 'openForm', (v) => v.endsWith('~stage'));
    stageModal = d.lastModal(ANA);
    const res = await d.submit(ANA, stageModal, { label: 'x'.repeat(10_000), phase: 'before' });
    expect(res.json()).toMatchObject({ response_action: 'errors', errors: { label: expect.stringContaining('at most 140 characters') } });
    expect(await db.prisma.stage.count()).toBe(0);
  });

  it('stores markup and mentions as typed, and shows them without pinging anyone', async () => {
    const label = 'I see <!channel> and <@U0BOSS> *here* & <https://evil.example|click>';
    await d.submit(ANA, stageModal, { label, phase: 'before' });
    expect((await db.prisma.stage.findFirstOrThrow()).label).toBe(label);
    const step = JSON.stringify((await d.stepMessage()).blocks);
    expect(step).not.toContain('<!channel>');
    expect(step).not.toContain('<@U0BOSS>');
    expect(step).not.toContain('<https://evil');
    expect(step).toContain('&lt;!channel&gt;');
  });

  it('answers an unknown action id and a tampered button value politely, changing nothing', async () => {
    const step = await d.stepMessage();
    const before = await db.prisma.stage.count();
    let from = d.mark();
    await d.clickButton(ANA, { action_id: 'selfDestruct.1', value: 'x', type: 'button' }, step);
    expect(d.toldTo(ANA, from).join()).toContain('no longer available');
    from = d.mark();
    const workshopId = (await db.prisma.workshop.findFirstOrThrow()).id;
    await d.clickButton(ANA, { action_id: 'vote.1', value: `${workshopId}~o~<script>`, type: 'button' }, step);
    await d.clickButton(ANA, { action_id: 'advance.1', value: `${workshopId}~999999`, type: 'button' }, step);
    const told = d.toldTo(ANA, from).join();
    expect(told).toContain('could not be verified');
    expect(told).toContain('Only the facilitator');
    expect(await db.prisma.stage.count()).toBe(before);
    expect((await db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
  });

  it('refuses a tampered private_metadata, or one issued to someone else, with a clear message', async () => {
    const before = await db.prisma.stage.count();
    const meta = String(stageModal.private_metadata);
    const [body, mac] = meta.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), w: 'someone-elses-workshop' })).toString('base64url');
    for (const private_metadata of [`${forged}.${mac}`, 'not-even-json', `${body}.${mac}x`]) {
      const res = await d.send(viewSubmission(ANA, stageModal, { label: 'I sneak in', phase: 'before' }, { private_metadata }), FORM);
      expect(res.json()).toMatchObject({ response_action: 'update' });
      expect(JSON.stringify(res.json())).toContain('could not be verified');
    }
    const stolen = await d.send(viewSubmission(FAC, stageModal, { label: 'I sneak in', phase: 'before' }), FORM);
    expect(JSON.stringify(stolen.json())).toContain('could not be verified');
    expect(await db.prisma.stage.count()).toBe(before);
  });

  it('keeps each workspace to its own workshops', async () => {
    const workshopId = (await db.prisma.workshop.findFirstOrThrow()).id;
    const step = await d.stepMessage();
    const payload = JSON.parse(new URLSearchParams(blockAction(ANA, { action_id: 'advance.1', value: `${workshopId}~0`, type: 'button' }, { channel: CHANNEL, messageTs: step.ts })).get('payload')!) as Record<string, unknown>;
    const foreign = { ...payload, team: { id: 'T0OTHER', domain: 'other' }, user: { id: 'U0FAC', name: 'fatou', team_id: 'T0OTHER' } };
    const from = d.mark();
    await d.send(new URLSearchParams({ payload: JSON.stringify(foreign) }).toString(), FORM);
    expect(JSON.stringify(fake.calls.slice(from))).toContain('No such workshop in this workspace.');
    expect((await db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
  });

  it('waits out a rate limit and still updates the messages', async () => {
    fake.fail('chat.update', { status: 429, retryAfter: 1 }, 1);
    const updates = fake.of('chat.update').length;
    await d.fill(ANA, 'stage', { label: 'I pay at the till', phase: 'purchase' });
    expect(fake.of('chat.update').length).toBeGreaterThanOrEqual(updates + 3);
    expect(JSON.stringify((await d.stepMessage()).blocks)).toContain('I pay at the till');
  });

  it('tells the person when Slack refuses a call for a missing scope, and loses nothing', async () => {
    fake.fail('files.getUploadURLExternal', { error: 'missing_scope', needed: 'files:write' });
    const from = d.mark();
    await d.command(ANA, 'map');
    expect(d.toldTo(ANA, from).join()).toContain('files:write');
    await d.command(ANA, 'map');
    expect(fake.calls.slice(from).filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(1);
  });

  it('reads Slack emoji codes as the emoji they stand for, and keeps a code no emoji has as typed', async () => {
    await d.fill(ANA, 'stage', { label: 'I get my parcel :truck: :partyparrot:', phase: 'after' });
    expect(await db.prisma.stage.findFirst({ where: { label: { startsWith: 'I get my parcel' } } })).toMatchObject({ label: 'I get my parcel 🚚 :partyparrot:' });
  });
});
