// Department heads on Teams, through the real stack: a workshop at its roadmap step with two heads, closed by the
// facilitator's click POSTed to /api/messages. One head has talked to the bot in their personal chat (a stored
// reference with that chat): their card goes there. The other has only been seen in the channel, and the
// connector refuses the bot a chat with them (403 BotNotInConversationRoster): the facilitator is told, naming
// them and saying what to do, in the workshop's language; the first head still gets theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';
import { cardText, elements, FakeConnector, openingChatWith, type Recorded } from './helpers/fake-connector.js';
import { activity, click, message, send, startTeams, TENANT_A, type Person } from './helpers/turns.js';

const FAC: Person = { id: 'aad-heads-fac', name: 'Fatou Facilitatrice' };
const SAM: Person = { id: 'aad-head-sam', name: 'Sam Ventes' };
const STELLA: Person = { id: 'aad-head-stella', name: 'Stella Magasins' };
/** Never seen by the bot: named by the framing form's people picker only (her Entra object id). */
const NINA: Person = { id: 'aad-head-nina', name: 'Nina Numérique' };
const SAM_CHAT = 'a:sam-personal-chat';

const TEXT = {
  en: { departments: ['Sales', 'Stores', 'Digital'], fix: 'Fix it for', told: 'The head of Stores could not be reached', todo: 'Install Parcours for them' },
  fr: { departments: ['Ventes', 'Magasins', 'Numérique'], fix: 'Corriger pour', told: 'Le responsable de Magasins n’a pas pu être joint', todo: 'Installez Parcours pour elle' },
};

/** A workshop of the tenant at its roadmap step, one rated solution per department, each with its head. */
async function roadmapWorkshop(server: RunningServer, channel: string, language: 'en' | 'fr'): Promise<string> {
  const workspaceId = await server.layer.workspaceOf('teams', TENANT_A);
  const run = async (command: Record<string, unknown>) => {
    const o = await server.engine.execute({ workspaceId, userId: FAC.id, displayName: FAC.name }, command);
    if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
    return o.result as Record<string, string>;
  };
  const x = TEXT[language];
  const { workshopId: w } = await run({
    type: 'createWorkshop', title: `Heads ${language}`, language, persona: { name: 'Claire' }, goal: 'Pick up fast',
    departments: [SAM, STELLA, NINA].map((head, i) => ({ name: x.departments[i], headUserId: head.id })),
  });
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'advanceStep', workshopId: w });
  const { stageId } = await run({ type: 'addStage', workshopId: w, label: 'I pick up my furniture', phase: 'after' });
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'addTouchpoint', workshopId: w, stageId, channel: 'Warehouse desk' });
  await run({ type: 'advanceStep', workshopId: w });
  const { observationId } = await run({ type: 'addObservation', workshopId: w, kind: 'irritant', text: 'An hour of waiting', stageId });
  await run({ type: 'advanceStep', workshopId: w });
  for (const department of (await server.queries.snapshot(workspaceId, w!)).departments) {
    const { solutionId } = await run({ type: 'proposeSolution', workshopId: w, text: `${x.fix} ${department.name}`, addresses: [observationId], departmentId: department.id });
    await run({ type: 'rateSolution', workshopId: w, solutionId, impact: 4, effort: 2 });
  }
  await run({ type: 'advanceStep', workshopId: w });
  await server.layer.deps.conversations.create(workspaceId, w!, 'teams', channel);
  return w!;
}

describe.each(providers)('Teams: department heads get their items in a personal chat, on %s', (provider) => {
  let db: TestDatabase;
  let fake: FakeConnector;
  let server: RunningServer;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeConnector().start();
    server = await startTeams(db.rawUrl);
    // Stella can never be written to: the bot is in no chat with her (the app is not installed for her).
    fake.fail(openingChatWith(`29:${STELLA.id}`), 403, { code: 'BotNotInConversationRoster' });
  });

  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });

  for (const language of ['en', 'fr'] as const) {
    it(`reaches the head known in a personal chat, and tells the facilitator who was not reached and what to do (${language})`, async () => {
      const x = TEXT[language];
      const channel = `19:heads-${language}@thread.tacv2`;
      // What the bot has seen of each: Sam wrote to it in his personal chat, Stella and the facilitator in the channel.
      await send(server, activity(fake, SAM, SAM_CHAT, { type: 'message', text: 'help', conversation: { id: SAM_CHAT, conversationType: 'personal', tenantId: TENANT_A } }));
      await send(server, message(fake, STELLA, channel, 'help'));
      await send(server, message(fake, FAC, channel, 'help'));
      await roadmapWorkshop(server, channel, language);
      // The workshop's messages, posted by the refresh `status` asks for: the roadmap step's card has the close button.
      let since = fake.recorded.length;
      await send(server, message(fake, FAC, channel, 'status'));
      await server.layer.idle();
      const close = fake.cards(since).flatMap((c) => elements(c.card)).find((e) => e.type === 'Action.Execute' && (e.data as { action?: string } | undefined)?.action === 'close');
      expect(close, 'a close button').toBeDefined();

      since = fake.recorded.length;
      const closed = await send(server, click(fake, FAC, channel, close!));
      expect(closed.status).toBe(200);
      await server.layer.idle();
      const sent = fake.recorded.slice(since);

      // Sam's card, in his stored personal chat (no chat opened for him), with his department's items only.
      const toSam = fake.cards(since).filter((c) => c.record.conversation === SAM_CHAT);
      expect(toSam).toHaveLength(1);
      // His department's action as an item; the other department's only as also working on the same irritant.
      expect(cardText(toSam[0]!.card)).toContain(`**${x.fix} ${x.departments[0]}**`);
      expect(cardText(toSam[0]!.card)).not.toContain(`**${x.fix} ${x.departments[1]}**`);
      expect(sent.some((r) => openingChatWith(SAM.id)(r) || openingChatWith(`29:${SAM.id}`)(r))).toBe(false);

      // Stella: one refused attempt (a 403 is not retried), by her Teams id, learnt from the channel.
      expect(sent.filter(openingChatWith(`29:${STELLA.id}`)).map((r: Recorded) => r.status)).toEqual([403]);

      // Nina, never seen: her chat opened by her Entra id (the first time), kept, and her card sent there.
      const ninaChat = (await db.prisma.teamsReference.findFirstOrThrow({ where: { userId: NINA.id } })).personalConversationId;
      expect(sent.filter(openingChatWith(NINA.id)).map((r) => r.id)).toEqual(language === 'en' ? [ninaChat] : []);
      const toNina = fake.cards(since).filter((c) => c.record.conversation === ninaChat);
      expect(toNina.map((c) => cardText(c.card).includes(`**${x.fix} ${x.departments[2]}**`))).toEqual([true]);

      // The facilitator, in their personal chat: Stella's department, Stella named (a real mention), what to do.
      const facChat = (await db.prisma.teamsReference.findFirstOrThrow({ where: { userId: FAC.id } })).personalConversationId;
      expect(facChat).toMatch(/^a:personal-/);
      const notices = fake.cards(since).filter((c) => c.record.conversation === facChat).map((c) => c.card);
      const notice = notices.find((c) => cardText(c).includes(x.told));
      expect(notice, notices.map(cardText).join('\n---\n')).toBeDefined();
      expect(cardText(notice)).toContain(`<at>${STELLA.name}</at>`);
      expect(cardText(notice)).toContain(x.todo);
      expect(cardText(notice)).toContain('BotNotInConversationRoster');
      expect(JSON.stringify(notice)).toContain(JSON.stringify({ id: STELLA.id, name: STELLA.name }));
    });
  }
});
