// The conversation layer on its own, with no Slack at all: the real server started with no chat adapter, a
// recording platform named 'teams' registered with its layer, and people acting through intents only. Each
// test reads what the platform was asked to show or send, as a participant would see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../src/conversation/jobs.js';
import type { Answer, Reply } from '../../src/conversation/replies.js';
import type { HeadMessageView, StepView } from '../../src/present/model.js';
import type { RunningServer } from '../../src/server.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';
import { choice, Conversation, ENGLISH, eventually, frame, openedForm, startTeamsServer, TENANT, toRoadmap, type Person, type WorkshopText } from './helpers/harness.js';
import { RecordingPlatform, text, TIMEOUT, UNREACHABLE } from './helpers/recording-platform.js';

const FAC: Person = { id: 'fac-fatou', name: 'Fatou' };
const ANA: Person = { id: 'ana', name: 'Ana' };
const BOB: Person = { id: 'bob', name: 'Bob' };
const HEAD_SALES: Person = { id: 'head-sales', name: 'Sam' };
const HEAD_STORES: Person = { id: 'head-stores', name: 'Sue' };

const notice = (answer: Answer): string => {
  expect(answer.reply.kind, JSON.stringify(answer.reply)).toBe('notice');
  return text((answer.reply as Extract<Reply, { kind: 'notice' }>).notice);
};

const stepText = (view: StepView): string => text(view);

// A transient failure is retried with the queue's backoff: made short here (SQLite retries at once, pg-boss
// after a second or two). The server reads its queues' specs from QUEUES, both to record jobs and to work them.
const headSpec = QUEUES.head as { retryDelaySeconds: number };
const headDelay = headSpec.retryDelaySeconds;

describe.each(providers)('the conversation layer with a recording platform, no chat adapter, on %s', (provider) => {
  let db: TestDatabase;
  let server: RunningServer;
  let platform: RecordingPlatform;

  beforeAll(async () => {
    headSpec.retryDelaySeconds = 0;
    db = await freshDatabase(provider);
    platform = new RecordingPlatform();
    server = await startTeamsServer(db.rawUrl, platform);
  });

  afterAll(async () => {
    await server?.close();
    await db?.close();
    headSpec.retryDelaySeconds = headDelay;
  });

  describe('a whole short workshop through intents only', () => {
    let c: Conversation;
    let workshopId: string;
    let anchorId: string;

    beforeAll(() => {
      c = new Conversation(server, platform, 'conv-furniture');
    });

    it('answers `new en` with the framing form, and its submission posts one anchor and one step message in the conversation', async () => {
      const opened = await c.command(FAC, 'new en');
      const { form, state } = openedForm(opened.reply);
      expect(form).toMatchObject({ form: 'framing', workshopId: null, title: 'Frame a workshop' });
      expect(state).toEqual({ form: 'framing', workshopId: null, conversationId: 'conv-furniture', threadId: null });
      expect(opened.later).toEqual([]);
      expect(platform.calls).toEqual([]);

      const submitted = await c.submit(FAC, opened.reply, {
        title: ENGLISH.title, language: 'en', mode: 'live', journey: 'current', basis: 'staff', persona_name: 'Claire', goal: 'Pick up my furniture without waiting',
        department_0: 'Sales', head_0: HEAD_SALES.id, department_1: 'Stores', head_1: HEAD_STORES.id, voteBudget: '2',
      });
      expect(submitted).toEqual({ reply: { kind: 'closeForm' }, later: [] });
      await server.layer.idle();

      const anchors = c.posts('anchor');
      const steps = c.posts('step');
      expect(anchors).toHaveLength(1);
      expect(steps).toHaveLength(1);
      expect(platform.of('post')).toHaveLength(2);
      expect(platform.calls.every((call) => call.workspace === TENANT)).toBe(true);
      anchorId = anchors[0]!.id;
      expect(anchors[0]).toMatchObject({ conversationId: 'conv-furniture', threadId: null });
      expect(text(anchors[0]!.message)).toContain(ENGLISH.title);
      expect(steps[0]).toMatchObject({ conversationId: 'conv-furniture', threadId: anchorId });
      const step = c.stepMessage().view;
      expect(step).toMatchObject({ step: 'framing', active: true });
      expect(stepText(step)).toContain(`@${HEAD_SALES.id}`);
      workshopId = step.workshopId;
      const workshop = await db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } });
      expect(workshop).toMatchObject({ title: ENGLISH.title, language: 'en', mode: 'live', voteBudget: 2, step: 'framing' });
    });

    it('lets a participant join with their department; only the facilitator moves the workshop on', async () => {
      await c.fill(ANA, 'join', (f) => ({ departmentId: choice(f, 'departmentId', (l) => l === 'Stores') }));
      await c.fill(BOB, 'join', (f) => ({ departmentId: choice(f, 'departmentId', (l) => l === 'Sales') }));

      const refused = await c.advance(ANA);
      expect(notice(refused)).toContain('Only the facilitator can do that.');
      expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } })).step).toBe('framing');

      const framingStep = c.stepMessage().id;
      const from = platform.mark();
      // A click says the language its answer speaks (the workshop's), so an adapter adding words reads nothing more.
      expect(await c.advance(FAC)).toEqual({ reply: { kind: 'none' }, later: [], language: 'en' });
      await server.layer.idle();
      // A new step message in the anchor's thread, shown in the conversation too; the previous one keeps its content, without its buttons.
      const posted = c.posts('step', from);
      expect(posted).toHaveLength(1);
      expect(posted[0]).toMatchObject({ threadId: anchorId, broadcast: true });
      expect(c.stepMessage().view).toMatchObject({ step: 'persona', active: true });
      const retired = platform.current(framingStep);
      expect(retired.kind === 'step' && retired.view).toMatchObject({ step: 'framing', active: false, actions: [] });
      expect(platform.updatesOf(anchorId, from).length).toBeGreaterThan(0);
      expect(text(platform.current(anchorId))).toContain('Step 2 of 7');

      // Persona and goal came with the framing: straight on to the stages.
      expect((await c.advance(FAC)).reply).toEqual({ kind: 'none' });
      await server.layer.idle();
      expect(stepText(c.stepMessage().view)).toContain('Step 3 of 7');
      expect(c.posts('step')).toHaveLength(3);
      expect(c.posts('anchor')).toHaveLength(1);
    });

    it('adds a stage, a touchpoint and an irritant; the step message is updated in place with each', async () => {
      const stagesStep = c.stepMessage().id;
      let from = platform.mark();
      await c.fill(ANA, 'stage', { label: ENGLISH.stage, phase: 'after' });
      await server.layer.idle();
      expect(platform.updatesOf(stagesStep, from).length).toBeGreaterThan(0);
      expect(c.posts('step', from)).toEqual([]);
      expect(stepText(c.stepMessage().view)).toContain(ENGLISH.stage);

      // Process wording is saved, with a private warning to its author after the answer.
      const warned = await c.fill(BOB, 'stage', { label: 'Order processing', phase: 'after' });
      expect(text(warned.later)).toContain('does not sound like the customer speaking');

      await c.advance(FAC);
      await server.layer.idle();
      await c.fill(ANA, 'touchpoint', (f) => ({ stageId: choice(f, 'stageId', (l) => l.includes(ENGLISH.stage)), otherChannel: ENGLISH.channel, description: '' }));
      await c.advance(FAC);
      await server.layer.idle();
      expect(c.stepMessage().view.step).toBe('evaluation');
      from = platform.mark();
      // The stage first; choosing it redraws the form with that stage's touchpoints (a refresh intent).
      const opened = await c.click(ANA, 'openForm', c.button((a) => a.action === 'openForm' && a.value.endsWith('~observation')).value);
      if (opened.reply.kind !== 'openForm') throw new Error(opened.reply.kind);
      const stageId = choice(opened.reply.form, 'stageId', (l) => l.includes(ENGLISH.stage));
      const redrawn = await c.handle(ANA, { kind: 'refresh', state: opened.reply.state, values: { stageId } });
      if (redrawn.reply.kind !== 'nextForm') throw new Error(redrawn.reply.kind);
      expect(redrawn.reply.form.fields.find((f) => f.id === 'touchpointId')?.choices?.map((x) => x.label)).toEqual([ENGLISH.channel]);
      const touchpointId = choice(redrawn.reply.form, 'touchpointId', (l) => l === ENGLISH.channel);
      const added = await c.submit(ANA, redrawn.reply, { kind: 'irritant', stageId, touchpointId, text: ENGLISH.irritant, momentOfTruth: true });
      expect(added.reply.kind).toBe('closeForm');
      expect(text(added.later)).toContain(`${ENGLISH.stage} — ${ENGLISH.channel}`);
      await server.layer.idle();
      expect(stepText(c.stepMessage().view)).toContain(ENGLISH.irritant);
      // Votes are secret until the facilitator reveals them: no tally, and the step says so.
      expect(stepText(c.stepMessage().view)).toContain('Votes stay secret until the facilitator reveals them.');
      expect(stepText(c.stepMessage().view)).not.toMatch(/\d+ votes?\b/);
    });

    it('answers a vote privately with what is left, and refreshes the step message', async () => {
      const vote = c.button((a) => a.action === 'vote');
      const from = platform.mark();
      const answered = await c.click(ANA, 'vote', vote.value);
      expect(notice(answered)).toContain('You have 1 vote left at this step.');
      expect(answered.later).toEqual([]);
      // Nobody else hears of it: the answer is the reply, nothing is told.
      await server.layer.idle();
      expect(platform.of('tell', from)).toEqual([]);
      expect(platform.updatesOf(c.stepMessage().id, from)).not.toHaveLength(0);
      expect(stepText(c.stepMessage().view)).not.toMatch(/\d+ votes?\b/);
      expect(await db.prisma.vote.count({ where: { workshopId } })).toBe(1);
    });

    it('applies a vote delivered twice (same delivery id) once, and runs its jobs once', async () => {
      const vote = c.button((a) => a.action === 'vote');
      const first = await c.click(BOB, 'vote', vote.value, { deliveryId: 'teams-activity-vote-1' });
      await server.layer.idle();
      const from = platform.mark();
      const again = await c.click(BOB, 'vote', vote.value, { deliveryId: 'teams-activity-vote-1' });
      expect(again).toEqual(first);
      expect(notice(again)).toContain('You have 1 vote left at this step.');
      await server.layer.idle();
      expect(await db.prisma.vote.count({ where: { workshopId } })).toBe(2);
      // The replay records no job: nothing is refreshed again.
      expect(platform.calls.filter((call) => call.seq > from)).toEqual([]);
      expect(stepText(c.stepMessage().view)).not.toMatch(/\d+ votes?\b/);
    });

    it('proposes a rated solution per department; entering the roadmap posts a first look at the map, once', async () => {
      await c.advance(FAC);
      await server.layer.idle();
      // Each department's head proposes its solution: choosing the owning department is theirs or the facilitator's.
      for (const [department, head] of [['Sales', HEAD_SALES], ['Stores', HEAD_STORES]] as const) {
        await c.fill(head, 'solution', (f) => ({
          text: ENGLISH.solution(department), addresses: [choice(f, 'addresses', (l) => l.includes(ENGLISH.irritant))],
          departmentId: choice(f, 'departmentId', (l) => l === department), impact: '5', effort: '2',
        }));
      }
      const from = platform.mark();
      await c.advance(FAC);
      await server.layer.idle();
      expect(c.stepMessage().view.step).toBe('roadmap');
      const uploads = platform.of('upload', from);
      expect(uploads).toHaveLength(1);
      expect(uploads[0]).toMatchObject({ conversationId: 'conv-furniture', threadId: anchorId });
      expect(uploads[0]!.files.map((f) => [f.filename, f.content.toString()])).toEqual([[expect.stringMatching(/-map\.png$/), 'png']]);
      expect(c.posts('summary', from)).toHaveLength(1);
      expect(c.posts('summary', from)[0]!.threadId).toBe(anchorId);
      expect(platform.of('directMessage', from)).toEqual([]);
    });

    it('answers status, list, help and an opened home tab', async () => {
      const status = await c.command(ANA, 'status');
      expect(status.reply.kind).toBe('status');
      const s = status.reply as Extract<Reply, { kind: 'status' }>;
      expect(s.anchor).toMatchObject({ workshopId, title: ENGLISH.title });
      expect(s.yours).toMatch(/^What awaits you:/);

      const help = notice(await c.command(ANA, 'help'));
      expect(help).toContain('@Parcours new');
      expect(help).toContain('@Parcours status');
      expect(help).not.toContain('/parcours');
      // Anything unknown gets the help too.
      expect(notice(await c.command(ANA, 'dance'))).toContain('@Parcours new');

      for (const answer of [await c.command(FAC, 'list'), await c.handle(FAC, { kind: 'homeOpened' }, { conversationId: null })]) {
        expect(answer.reply.kind).toBe('home');
        const home = answer.reply as Extract<Reply, { kind: 'home' }>;
        expect(home.view.workshops.map((w) => [w.workshopId, w.mine])).toEqual([[workshopId, true]]);
        expect(text(home.view.workshops[0]!.line)).toContain(ENGLISH.title);
        expect(home.conversations.get(workshopId)).toBe('conv-furniture');
      }
      await server.layer.idle();
      // `status` in another conversation knows no workshop there.
      const elsewhere = notice(await c.command(ANA, 'status', { conversationId: 'conv-empty' }));
      expect(elsewhere).toContain('@Parcours');
      expect(elsewhere).not.toContain('/parcours');
    });

    it('closes: the final map once, the summary once, one message per head with their own items; an unreachable head is reported to the facilitator', async () => {
      platform.fail('directMessage', UNREACHABLE, { match: (args) => args.userId === HEAD_SALES.id });
      const from = platform.mark();
      const closed = await c.click(FAC, 'close', c.control('close').value);
      expect(closed.reply).toEqual({ kind: 'none' });
      await server.layer.idle();
      expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } })).status).toBe('closed');

      const uploads = platform.of('upload', from);
      expect(uploads).toHaveLength(1);
      expect(uploads[0]).toMatchObject({ conversationId: 'conv-furniture', threadId: anchorId });
      expect(uploads[0]!.files.map((f) => f.title)).toEqual([`Journey map: ${ENGLISH.title}`, 'roadmap.md', 'roadmap.csv']);
      expect(uploads[0]!.files[1]!.content.toString()).toMatch(/## Sales[\s\S]*Prepare the order[\s\S]*## Stores[\s\S]*Prepare the order/);
      const summaries = c.posts('summary', from);
      expect(summaries).toHaveLength(1);
      expect(summaries[0]!.threadId).toBe(anchorId);

      const dms = platform.of('directMessage', from);
      expect(dms.map((d) => d.userId)).toEqual([HEAD_STORES.id]);
      const view = dms[0]!.message.view as HeadMessageView;
      expect(dms[0]!.message.kind).toBe('head');
      expect(view).toMatchObject({ userId: HEAD_STORES.id, title: 'Roadmap for Stores' });
      expect(text(view)).toContain(ENGLISH.solution('Stores'));
      // Its actions are Stores' own; Sales' solution to the same irritant is named as work alongside.
      const actions = view.sections.map((s) => text(s.lines!.slice(0, 1)));
      expect(actions.join()).not.toContain(ENGLISH.solution('Sales'));
      expect(text(view)).toContain('Also working on it:');
      expect(text(view)).toContain(`Sales “${ENGLISH.solution('Sales')}”`);
      expect(platform.failed.filter((f) => f.method === 'directMessage').map((f) => [f.args.userId, f.code])).toEqual([[HEAD_SALES.id, 'ConversationBlockedByUser']]);

      // The facilitator hears of it once, privately, where they clicked; the department is named. (The
      // other notice is the closing summary of who gets what.)
      const told = platform.of('tell', from).filter((t) => t.notice.tone === 'warning');
      expect(told).toHaveLength(1);
      expect(platform.of('tell', from).map((t) => text(t.notice)).join()).toContain('Each head gets their department’s actions in a direct message:');
      expect(told[0]!.who).toEqual({ userId: FAC.id, conversationId: 'conv-furniture', threadId: anchorId });
      expect(told[0]!.notice.tone).toBe('warning');
      expect(text(told[0]!.notice)).toContain('The head of Sales could not be reached');
      expect(text(told[0]!.notice)).toContain(`@${HEAD_SALES.id}`);

      expect(stepText(c.stepMessage().view)).toContain('The workshop is closed.');
      expect(c.posts('anchor')).toHaveLength(1);
    });
  });

  describe('a head who cannot be messaged for a moment', () => {
    const H1: Person = { id: 'head-one', name: 'One' };
    const H2: Person = { id: 'head-two', name: 'Two' };

    it('is messaged again with backoff, and gets exactly one message; the facilitator is not bothered', async () => {
      const c = new Conversation(server, platform, 'conv-retry');
      const t: WorkshopText = { ...ENGLISH, title: 'Retry workshop', departments: ['Call centre', 'Back office'] };
      await frame(c, FAC, [H1, H2], t);
      await toRoadmap(c, FAC, ANA, t);
      platform.fail('directMessage', TIMEOUT, { match: (args) => args.userId === H1.id, times: 1 });
      const from = platform.mark();
      await c.click(FAC, 'close', c.control('close').value);
      await eventually(server, () => platform.dmsTo(H1.id, from).length > 0);
      // Settled: nothing more comes.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await server.layer.idle();
      expect(platform.dmsTo(H1.id, from)).toHaveLength(1);
      expect(platform.dmsTo(H2.id, from)).toHaveLength(1);
      expect(text(platform.dmsTo(H1.id, from)[0]!.message)).toContain(t.solution('Call centre'));
      expect(platform.failed.filter((f) => f.args.userId === H1.id).map((f) => f.code)).toEqual(['GatewayTimeout']);
      // Only the closing summary of who gets what (beside the facilitator's controls, told again once closed): no warning about a head.
      expect(platform.of('tell', from).filter((t) => !t.notice.menus?.length).map((t) => t.notice.tone)).toEqual(['info']);
      expect(platform.of('upload', from)).toHaveLength(1);
      const workshopId = c.stepMessage().view.workshopId;
      const heads = await db.prisma.delivery.findMany({ where: { workshopId, key: { contains: ':head:' } } });
      expect(heads.map((h) => [h.status, h.attempts]).sort()).toEqual([['delivered', 1], ['delivered', 2]]);
    });
  });

  describe('in French', () => {
    it('answers `new fr` with the framing form in French, and the workshop speaks French', async () => {
      const c = new Conversation(server, platform, 'conv-fr');
      const opened = await c.command(FAC, 'nouveau fr');
      expect(openedForm(opened.reply).form.title).toBe('Cadrer un atelier');
      expect(openedForm((await c.command(FAC, 'new fr')).reply).form.title).toBe('Cadrer un atelier');
      const answer = await c.submit(FAC, opened.reply, {
        title: 'Magasin de meubles — retrait', language: 'fr', mode: 'async', journey: 'current', basis: 'staff', department_0: 'Ventes', head_0: HEAD_SALES.id, voteBudget: '3',
      });
      expect(answer.reply).toEqual({ kind: 'closeForm' });
      await server.layer.idle();
      expect(c.posts('anchor')).toHaveLength(1);
      expect(stepText(c.stepMessage().view)).toMatch(/Séquence 1 sur 7/);
      expect(text(platform.current(c.anchorId()!))).toContain('Magasin de meubles — retrait');
      // Refusals about the workshop are in its language.
      expect(notice(await c.advance(ANA))).toContain('Seul·e l’animateur·rice peut faire cela.');
      const status = await c.command(FAC, 'statut');
      expect((status.reply as Extract<Reply, { kind: 'status' }>).yours).toMatch(/^Ce qui vous attend/);
    });
  });

  describe('idempotence', () => {
    it('applies a framing submitted twice with one delivery id once: one workshop, one anchor, jobs run once', async () => {
      const c = new Conversation(server, platform, 'conv-twice');
      const opened = await c.command(FAC, 'new en');
      const values = { title: 'Delivered twice', language: 'en', mode: 'live', journey: 'current', basis: 'staff', department_0: 'Sales', voteBudget: '3' };
      const first = await c.submit(FAC, opened.reply, values, { deliveryId: 'teams-activity-frame-1' });
      await server.layer.idle();
      const from = platform.mark();
      const again = await c.submit(FAC, opened.reply, values, { deliveryId: 'teams-activity-frame-1' });
      expect(again).toEqual(first);
      await server.layer.idle();
      expect(await db.prisma.workshop.count({ where: { title: 'Delivered twice' } })).toBe(1);
      expect(c.posts('anchor')).toHaveLength(1);
      expect(c.posts('step')).toHaveLength(1);
      expect(platform.calls.filter((call) => call.seq > from)).toEqual([]);
    });
  });

  // The empty home tab tells people how to start a workshop — with the platform's own command.
  it('tells a person with no workshop how to start one, with the platform’s command', async () => {
    const c = new Conversation(server, platform, 'conv-new-tenant');
    const answer = await c.handle(ANA, { kind: 'homeOpened' }, { conversationId: null, workspace: 'tenant-empty' });
    expect(answer.reply.kind).toBe('home');
    const home = answer.reply as Extract<Reply, { kind: 'home' }>;
    expect(home.view.workshops).toEqual([]);
    expect(home.view.empty).toContain('@Parcours new');
    expect(home.view.empty).not.toContain('/parcours');
  });
});
