// Teams re-delivers an activity it thinks was answered too slowly, with the same activity id. Whatever the
// path — a typed command, a form submitted, a vote, a button that opens a form, the facilitator's close — the
// change happens once and nothing is posted twice (a second identical card in a channel is a visible bug),
// whether the copy arrives after the first answer or while it is still being worked on.
import { beforeAll, describe, expect, it } from 'vitest';
import { packValue } from '../../src/present/actions.js';
import { cardText, elements } from './helpers/fake-connector.js';
import { click, evaluationWorkshop, executeWith, inputsOf, message, send, teamsSuite, type Person } from './helpers/turns.js';

const FAC: Person = { id: 'aad-fac', name: 'Fatou Facilitatrice' };
const ANA: Person = { id: 'aad-ana', name: 'Ana Stores' };
const BOB: Person = { id: 'aad-bob', name: 'Bob Sales' };

describe('Teams: a re-delivered activity applies and answers once (SQLite)', () => {
  const suite = teamsSuite();

  /** Sends the activity, waits for what follows, and returns what reached the connector meanwhile. */
  async function deliver(activity: Record<string, unknown>) {
    const since = suite.fake.recorded.length;
    const answer = await send(suite.server, activity);
    await suite.server.layer.idle();
    return { answer, recorded: suite.fake.recorded.slice(since) };
  }

  for (const [language, word] of [['en', 'new'], ['fr', 'nouveau fr']] as const) {
    it(`answers a typed "${word}" once, delivered again after the answer or at the same time`, async () => {
      const channel = `19:new-${language}@thread.tacv2`;
      const typed = message(suite.fake, FAC, channel, word);
      const first = await deliver(typed);
      expect(first.answer.status).toBe(200);
      const forms = suite.fake.cards().filter((c) => c.record.conversation === channel);
      expect(forms).toHaveLength(1);
      expect(cardText(forms[0]!.card)).toContain(language === 'en' ? 'Title' : 'Titre');
      const again = await deliver(typed);
      expect(again.answer.status).toBe(200);
      expect(again.recorded).toEqual([]);

      // Two copies at once: one answer between them.
      const twice = message(suite.fake, FAC, `${channel}-2`, word);
      const since = suite.fake.recorded.length;
      const answers = await Promise.all([send(suite.server, twice), send(suite.server, twice)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      await suite.server.layer.idle();
      expect(suite.fake.cards(since).filter((c) => c.record.conversation === `${channel}-2`)).toHaveLength(1);
    });
  }

  it('creates one workshop, one anchor and one first step from a framing form submitted twice', async () => {
    const channel = '19:framing-twice@thread.tacv2';
    await deliver(message(suite.fake, FAC, channel, 'new'));
    const form = suite.fake.cards().filter((c) => c.record.conversation === channel).pop()!;
    const inputs = inputsOf(form.card);
    const title = Object.keys(inputs).find((k) => k.endsWith(':title'))!;
    const department = Object.keys(inputs).find((k) => k.endsWith(':department_0'))!;
    const submission = click(suite.fake, FAC, channel, executeWith(form.card, 'submit'), { ...inputs, [title]: 'Submitted twice', [department]: 'Sales' });

    const [a, b] = await Promise.all([send(suite.server, submission), send(suite.server, submission)]);
    await suite.server.layer.idle();
    const third = await deliver(submission);
    // Every copy gets the same answer: the card it came from says it was saved.
    for (const answer of [a!, b!, third.answer]) expect(cardText(answer.json.value)).toContain('saved');
    expect(await suite.db.prisma.workshop.count({ where: { title: 'Submitted twice' } })).toBe(1);
    const anchors = suite.fake.cards().filter((c) => c.record.method === 'POST' && c.record.conversation === channel && cardText(c.card).includes('Submitted twice'));
    expect(anchors).toHaveLength(1);
    const steps = suite.fake.cards().filter((c) => c.record.method === 'POST' && c.record.conversation.startsWith(`${channel};messageid=`));
    expect(steps).toHaveLength(1);
    expect(third.recorded).toEqual([]);
  });

  describe('in a workshop at a voting step', () => {
    const channel = '19:voting@thread.tacv2';
    let workshopId = '';
    let observationId = '';

    beforeAll(async () => {
      ({ workshopId, observationId } = await evaluationWorkshop(suite.server, '00000000-0000-0000-0000-00000000a11a', channel, FAC, [ANA]));
      // `status` posts the anchor and the step card the workshop did not have yet.
      await deliver(message(suite.fake, FAC, channel, 'status'));
    });

    it('answers a typed "status" once', async () => {
      const typed = message(suite.fake, ANA, channel, 'statut');
      const first = await deliver(typed);
      const replies = first.recorded.filter((r) => r.method === 'POST' && r.conversation === channel);
      expect(replies).toHaveLength(1);
      expect(cardText(suite.fake.cards().find((c) => c.record === replies[0])!.card)).toContain('What awaits you');
      // The copy posts nothing (the refresh it asks for again may update the workshop's messages in place).
      expect((await deliver(typed)).recorded.filter((r) => r.method !== 'PUT')).toEqual([]);
    });

    it('counts a vote once when the click is delivered again, and answers each copy the same', async () => {
      const vote = click(suite.fake, ANA, channel, { verb: 'vote', data: { action: 'vote', value: packValue(workshopId, 'o', observationId) } });
      const [a, b] = await Promise.all([send(suite.server, vote), send(suite.server, vote)]);
      await suite.server.layer.idle();
      const c = await deliver(vote);
      for (const answer of [a!, b!, c.answer]) expect(answer.json.value).toBe('Vote recorded. You have 1 vote left at this step.');
      expect(await suite.db.prisma.vote.count({ where: { workshopId } })).toBe(1);
      expect(c.recorded).toEqual([]);
    });

    it('opens a form once in the 1:1 chat when the button is delivered again', async () => {
      const step = suite.fake.cards().filter((c) => c.record.conversation.startsWith(`${channel};messageid=`)).pop()!;
      const add = elements(step.card).find((e) => e.type === 'Action.Execute' && e.verb === 'openForm');
      expect(add, cardText(step.card)).toBeDefined();
      const opening = click(suite.fake, BOB, channel, add!);
      const first = await deliver(opening);
      expect(first.recorded.filter((r) => r.method === 'POST' && r.conversation.startsWith('a:personal-'))).toHaveLength(1);
      const again = await deliver(opening);
      expect(again.answer.json).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '' });
      expect(again.recorded).toEqual([]);
    });

    it('sends a private notice that follows a submission once', async () => {
      // Joining tells the newcomer, in their 1:1 chat, what the step awaits from them.
      // The join button of the framing step's card, kept by someone who joins late.
      const joinButton = { verb: 'openForm', data: { action: 'openForm', value: packValue(workshopId, 'join') } };
      const opened = await deliver(click(suite.fake, BOB, channel, joinButton));
      const form = suite.fake.cards().find((c) => opened.recorded.includes(c.record))!;
      const inputs = inputsOf(form.card);
      const departmentInput = Object.keys(inputs).find((k) => k.includes('department'))!;
      const choice = (elements(form.card).find((e) => e.id === departmentInput)!.choices as { value: string }[])[0]!.value;
      const submission = click(suite.fake, BOB, channel, executeWith(form.card, 'submit'), { ...inputs, [departmentInput]: choice });
      const first = await deliver(submission);
      const told = first.recorded.filter((r) => r.method === 'POST' && r.conversation.startsWith('a:personal-'));
      expect(told.length).toBeGreaterThanOrEqual(1);
      const again = await deliver(submission);
      expect(cardText(again.answer.json.value)).toContain('saved');
      expect(again.recorded.filter((r) => r.conversation.startsWith('a:personal-') || r.path === '/v3/conversations')).toEqual([]);
      expect(await suite.db.prisma.participant.count({ where: { workshopId, userId: BOB.id } })).toBe(1);
    });

    it('closes the workshop once when the facilitator\'s close is delivered again', async () => {
      const close = click(suite.fake, FAC, channel, { verb: 'close', data: { action: 'close', value: packValue(workshopId) } });
      const first = await deliver(close);
      expect(first.answer.status).toBe(200);
      expect((await suite.db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } })).status).toBe('closed');
      const version = (await suite.db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } })).version;
      const again = await deliver(close);
      expect(again.answer.status).toBe(200);
      expect((await suite.db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } })).version).toBe(version);
      expect(again.recorded).toEqual([]);
    });
  });
});
