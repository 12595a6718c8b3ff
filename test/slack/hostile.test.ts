// Hostile input and Slack failures. A 10,000-character label, markup and mentions, an unknown action id,
// a tampered button value or private_metadata each get a clear answer and change nothing; Slack refusing
// a call (channel not found, missing scope, rate limits) is told to the person and loses nothing.
import { describe, expect, it } from 'vitest';
import { CHANNEL } from './helpers/driver.js';
import { blockAction, FORM, viewSubmission } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { ANA, FAC } from './helpers/users.js';

const png = async () => [{ name: 'map', png: Buffer.from('\x89PNG fake', 'latin1') }];

describe('hostile input and Slack failures', () => {
  const slack = slackWorkshopSuite({ replica: { renderMap: png } });
  let stageModal: Record<string, unknown>;

  it('keeps a workshop whose anchor could not be posted, tells the facilitator why, and posts it later', async () => {
    slack.fake.fail('chat.postMessage', { error: 'not_in_channel' }, 1, (a) => a.channel === CHANNEL);
    await slack.d.command(FAC, 'new en');
    const from = slack.d.mark();
    await slack.d.submit(FAC, slack.d.lastModal(FAC), { title: 'Hostile', language: 'en', mode: 'async', journey: 'current', basis: 'staff', persona_name: 'Claire', goal: 'Go', department_0: 'Sales', voteBudget: 3 });
    expect(await slack.db.prisma.workshop.count()).toBe(1);
    expect((await slack.d.conversation()).anchorTs).toBeNull();
    // The channel refused the ephemeral too (not in channel): the facilitator hears it in a direct message.
    const told = slack.fake.calls.slice(from).filter((c) => (c.method === 'chat.postEphemeral' || c.method === 'chat.postMessage') && JSON.stringify(c.args).includes('invite me first'));
    expect(told.length).toBeGreaterThan(0);
    // Invited now: /parcours status posts what was missing.
    await slack.d.command(FAC, 'status');
    const conv = await slack.d.conversation();
    expect(conv.anchorTs).toMatch(/^\d+\.\d+$/);
    expect(conv.stepTs).toMatch(/^\d+\.\d+$/);
    await slack.d.click(FAC, 'advance');
    await slack.d.click(FAC, 'advance');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
  });

  it('refuses a 10,000-character label on its field, and stores nothing', async () => {
    await slack.d.click(ANA, 'openForm', (v) => v.endsWith('~stage'));
    stageModal = slack.d.lastModal(ANA);
    const res = await slack.d.submit(ANA, stageModal, { label: 'x'.repeat(10_000), phase: 'before' });
    expect(res.json()).toMatchObject({ response_action: 'errors', errors: { label: expect.stringContaining('at most 140 characters') } });
    expect(await slack.db.prisma.stage.count()).toBe(0);
  });

  it('stores markup and mentions as typed, and shows them without pinging anyone', async () => {
    const label = 'I see <!channel> and <@U0BOSS> *here* & <https://evil.example|click>';
    await slack.d.submit(ANA, stageModal, { label, phase: 'before' });
    expect((await slack.db.prisma.stage.findFirstOrThrow()).label).toBe(label);
    const step = JSON.stringify((await slack.d.stepMessage()).blocks);
    expect(step).not.toContain('<!channel>');
    expect(step).not.toContain('<@U0BOSS>');
    expect(step).not.toContain('<https://evil');
    expect(step).toContain('&lt;!channel&gt;');
  });

  it('answers an unknown action id and a tampered button value politely, changing nothing', async () => {
    const step = await slack.d.stepMessage();
    const before = await slack.db.prisma.stage.count();
    let from = slack.d.mark();
    await slack.d.clickButton(ANA, { action_id: 'selfDestruct.1', value: 'x', type: 'button' }, step);
    expect(slack.d.toldTo(ANA, from).join()).toContain('no longer available');
    from = slack.d.mark();
    const workshopId = (await slack.db.prisma.workshop.findFirstOrThrow()).id;
    await slack.d.clickButton(ANA, { action_id: 'vote.1', value: `${workshopId}~o~<script>`, type: 'button' }, step);
    await slack.d.clickButton(ANA, { action_id: 'advance.1', value: `${workshopId}~999999`, type: 'button' }, step);
    const told = slack.d.toldTo(ANA, from).join();
    expect(told).toContain('could not be verified');
    expect(told).toContain('Only the facilitator');
    expect(await slack.db.prisma.stage.count()).toBe(before);
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
  });

  it('refuses a tampered private_metadata, or one issued to someone else, with a clear message', async () => {
    const before = await slack.db.prisma.stage.count();
    const meta = String(stageModal.private_metadata);
    const [body, mac] = meta.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), w: 'someone-elses-workshop' })).toString('base64url');
    for (const private_metadata of [`${forged}.${mac}`, 'not-even-json', `${body}.${mac}x`]) {
      const res = await slack.d.send(viewSubmission(ANA, stageModal, { label: 'I sneak in', phase: 'before' }, { private_metadata }), FORM);
      expect(res.json()).toMatchObject({ response_action: 'update' });
      expect(JSON.stringify(res.json())).toContain('could not be verified');
    }
    const stolen = await slack.d.send(viewSubmission(FAC, stageModal, { label: 'I sneak in', phase: 'before' }), FORM);
    expect(JSON.stringify(stolen.json())).toContain('could not be verified');
    expect(await slack.db.prisma.stage.count()).toBe(before);
  });

  it('keeps each workspace to its own workshops', async () => {
    const workshopId = (await slack.db.prisma.workshop.findFirstOrThrow()).id;
    const step = await slack.d.stepMessage();
    const payload = JSON.parse(new URLSearchParams(blockAction(ANA, { action_id: 'advance.1', value: `${workshopId}~0`, type: 'button' }, { channel: CHANNEL, messageTs: step.ts })).get('payload')!) as Record<string, unknown>;
    const foreign = { ...payload, team: { id: 'T0OTHER', domain: 'other' }, user: { id: 'U0FAC', name: 'fatou', team_id: 'T0OTHER' } };
    const from = slack.d.mark();
    await slack.d.send(new URLSearchParams({ payload: JSON.stringify(foreign) }).toString(), FORM);
    expect(JSON.stringify(slack.fake.calls.slice(from))).toContain('No such workshop in this workspace.');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
  });

  it('waits out a rate limit and still updates the messages', async () => {
    slack.fake.fail('chat.update', { status: 429, retryAfter: 1 }, 1);
    const updates = slack.fake.of('chat.update').length;
    await slack.d.fill(ANA, 'stage', { label: 'I pay at the till', phase: 'purchase' });
    expect(slack.fake.of('chat.update').length).toBeGreaterThanOrEqual(updates + 3);
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).toContain('I pay at the till');
  });

  it('tells the person when Slack refuses a call for a missing scope, and loses nothing', async () => {
    slack.fake.fail('files.getUploadURLExternal', { error: 'missing_scope', needed: 'files:write' });
    const from = slack.d.mark();
    await slack.d.command(ANA, 'map');
    expect(slack.d.toldTo(ANA, from).join()).toContain('files:write');
    await slack.d.command(ANA, 'map');
    expect(slack.fake.calls.slice(from).filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(1);
  });

  it('reads Slack emoji codes as the emoji they stand for, and keeps a code no emoji has as typed', async () => {
    await slack.d.fill(ANA, 'stage', { label: 'I get my parcel :truck: :partyparrot:', phase: 'after' });
    expect(await slack.db.prisma.stage.findFirst({ where: { label: { startsWith: 'I get my parcel' } } })).toMatchObject({ label: 'I get my parcel 🚚 :partyparrot:' });
  });
});
