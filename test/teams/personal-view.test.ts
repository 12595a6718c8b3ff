// Each person's own view of a workshop's messages in the channel (Teams' user-specific views): the anchor and
// a running voting step's card carry a refresh; when a person's client asks (an adaptiveCard/action invoke with
// `trigger: 'automatic'`), the facilitator gets the anchor with their controls, a voter the step with their
// votes left and their ballot's button, anyone else the message as everyone sees it. Asking changes nothing,
// posts nothing, and finds nothing of another tenant's workshop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packValue } from '../../src/present/actions.js';
import type { RunningServer } from '../../src/server.js';
import { checkCard } from '../../src/teams/cards/index.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { cardText, elements, FakeConnector } from './helpers/fake-connector.js';
import { click, evaluationWorkshop, message, send, startTeams, TENANT_A, TENANT_B, type Person } from './helpers/turns.js';

const FAC: Person = { id: 'aad-fac', name: 'Fatou Facilitatrice' };
const ANA: Person = { id: 'aad-ana', name: 'Ana Stores' };
const BOB: Person = { id: 'aad-bob', name: 'Bob Sales' };

const TEXT = {
  en: { left: (n: number) => `You have ${n} vote${n === 1 ? '' : 's'} left at this step.`, ballot: 'All items and my votes' },
  fr: { left: (n: number) => `Il vous reste ${n} vote${n === 1 ? '' : 's'} dans cette séquence.`, ballot: 'Tous les éléments et mes votes' },
} as const;

type Card = Record<string, unknown>;

const verbs = (card: unknown) => elements(card).filter((e) => e.type === 'Action.Execute').map((e) => String(e.verb));

describe.each(['en', 'fr'] as const)('Teams: each person’s own view of the anchor and the voting step (%s)', (language) => {
  const x = TEXT[language];
  const channel = `19:personal-${language}@thread.tacv2`;
  const title = `Own views ${language}`;
  let db: TestDatabase;
  let fake: FakeConnector;
  let server: RunningServer;
  let workshopId = '';
  let observationId = '';
  let anchor: Card;
  let step: Card;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    fake = await new FakeConnector().start();
    server = await startTeams(db.rawUrl);
    ({ workshopId, observationId } = await evaluationWorkshop(server, TENANT_A, channel, FAC, [ANA], language, title));
    await send(server, message(fake, FAC, channel, 'status'));
    await server.layer.idle();
    anchor = fake.cards().find((c) => c.record.method === 'POST' && c.record.conversation === channel && cardText(c.card).includes(title) && c.card.refresh)!.card;
    step = fake.cards().filter((c) => c.record.conversation.startsWith(`${channel};messageid=`)).pop()!.card;
  });

  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });

  /** What a person's client asks when it shows a card with a refresh, and the card it gets back. */
  async function ownView(user: Person, card: Card, tenant = TENANT_A): Promise<Record<string, unknown>> {
    const refresh = card.refresh as { action: Record<string, unknown> };
    const answer = await send(server, click(fake, user, channel, refresh.action, {}, tenant, 'automatic'));
    expect(answer.status).toBe(200);
    return answer.json;
  }

  it('posts the anchor and the voting step with a refresh that asks for each person’s own version', () => {
    expect(anchor.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'personalView', data: { action: 'personalView', view: 'anchor', workshop: workshopId } }, userIds: [`29:${FAC.id}`] });
    expect(step.refresh).toMatchObject({ action: { verb: 'personalView', data: { view: 'step', step: 'evaluation', workshop: workshopId } } });
    // Teams refreshes a card by itself for the people named, by their Teams ids: those with their own version whom
    // Parcours has heard from (Ana joined through the engine here: her Teams id is not known yet; her ballot is
    // in her 1:1 chat, and the card names her once it is redrawn after she acts in Teams).
    expect((step.refresh as { userIds: string[] }).userIds).toEqual([`29:${FAC.id}`]);
    expect(checkCard(anchor)).toEqual([]);
    expect(checkCard(step)).toEqual([]);
  });

  it('shows the facilitator the anchor with their controls, and keeps refreshing it for them alone', async () => {
    const since = fake.recorded.length;
    const answer = await ownView(FAC, anchor);
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = answer.value as Card;
    expect(cardText(card)).toContain(title);
    expect(verbs(card)).toEqual(expect.arrayContaining(['advance', 'close', 'reveal']));
    expect(card.refresh).toMatchObject({ userIds: [`29:${FAC.id}`], action: { verb: 'personalView' } });
    expect(checkCard(card)).toEqual([]);
    // Asking changed nothing and posted nothing.
    expect(fake.recorded.length).toBe(since);
  });

  it('shows anyone else the anchor as everyone sees it, without the controls', async () => {
    for (const who of [ANA, BOB]) {
      const card = (await ownView(who, anchor)).value as Card;
      expect(cardText(card)).toContain(title);
      expect(verbs(card)).not.toContain('advance');
      expect(verbs(card)).not.toContain('close');
      expect(cardText(card)).toBe(cardText(anchor));
    }
  });

  it('shows a voter the step with their votes left and their ballot’s button, kept up to date as they vote', async () => {
    let card = (await ownView(ANA, step)).value as Card;
    expect(cardText(card)).toContain(x.left(2));
    expect(elements(card).some((e) => e.verb === 'ballot' && e.title === x.ballot)).toBe(true);
    expect(checkCard(card)).toEqual([]);
    await send(server, click(fake, ANA, channel, { verb: 'vote', data: { action: 'vote', value: packValue(workshopId, 'o', observationId) } }));
    card = (await ownView(ANA, step)).value as Card;
    expect(cardText(card)).toContain(x.left(1));
    // Her vote redrew the step's message; Parcours knows her Teams id now, so the card names her for refreshes.
    await server.layer.idle();
    const redrawn = fake.cards().filter((c) => c.record.method === 'PUT' && c.card.refresh && (c.card.refresh as { action: { data: { view: string } } }).action.data.view === 'step').pop();
    expect(redrawn, 'the step message redrawn after the vote').toBeDefined();
    expect([...(redrawn!.card.refresh as { userIds: string[] }).userIds].sort()).toEqual([`29:${ANA.id}`, `29:${FAC.id}`].sort());
    // Someone who has not joined has no votes to count.
    const bob = (await ownView(BOB, step)).value as Card;
    expect(cardText(bob)).not.toContain(x.left(2));
    expect(cardText(bob)).not.toContain(x.left(1));
  });

  it('finds nothing of the workshop when asked from another tenant, and writes no claim for a refresh', async () => {
    const claims = await db.prisma.processedDelivery.count();
    const foreign = await ownView(FAC, anchor, TENANT_B);
    expect(foreign).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '' });
    await ownView(ANA, step);
    expect(await db.prisma.processedDelivery.count()).toBe(claims);
  });
});
