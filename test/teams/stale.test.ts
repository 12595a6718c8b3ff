// Cards live on in Teams after the workshop moved on: a form opened at one step and sent at the next, a
// vote on a closed workshop or on an item removed since, a card whose signed state was altered, a card issued
// in one tenant sent from another. Each changes nothing and says why, in the workshop's language. Tenants
// never see each other's workshops, even in conversations with the same id, nor act on them with a crafted id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packValue } from '../../src/present/actions.js';
import type { RunningServer } from '../../src/server.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { cardText, elements, FakeConnector } from './helpers/fake-connector.js';
import { click, evaluationWorkshop, executeWith, inputsOf, message, send, startTeams, TENANT_A, TENANT_B, type Person } from './helpers/turns.js';

const FAC: Person = { id: 'aad-fac', name: 'Fatou Facilitatrice' };
const ANA: Person = { id: 'aad-ana', name: 'Ana Stores' };
/** Someone of tenant B, with the same object id as A's facilitator: ids are only unique within a tenant's checks. */
const INTRUDER: Person = { id: 'aad-fac', name: 'Ivan Intrus' };

const TEXT = {
  en: {
    staleButton: 'This button is no longer available. Please use the workshop’s latest message.',
    stageGone: 'No such stage in this workshop.',
    closed: 'The workshop “Pick-up en” is closed.',
    removed: 'No such irritant, enchantment or break in this workshop.',
    notSaved: 'Not saved:',
    tampered: 'This form or button could not be verified, so nothing was changed.',
    notFound: 'No such workshop in this workspace.',
    noWorkshop: 'There is no workshop in this channel yet.',
  },
  fr: {
    staleButton: 'Ce bouton n’est plus disponible. Merci d’utiliser le dernier message de l’atelier.',
    stageGone: 'Cette étape n’existe pas dans cet atelier.',
    closed: 'L’atelier « Pick-up fr » est clos.',
    removed: 'Cet irritant, enchantement ou rupture n’existe pas dans cet atelier.',
    notSaved: 'Non enregistré :',
    tampered: 'Ce formulaire ou ce bouton n’a pas pu être vérifié : rien n’a été modifié.',
    notFound: 'Cet atelier n’existe pas dans cet espace de travail.',
    noWorkshop: 'Il n’y a pas encore d’atelier dans ce canal.',
  },
} as const;

/** The text an invoke answer shows: a card's words, or the short message. */
function shown(json: Record<string, unknown>): string {
  return typeof json.value === 'string' ? json.value : cardText(json.value);
}

describe.each(['en', 'fr'] as const)('Teams: stale, tampered and foreign cards change nothing (%s)', (language) => {
  const x = TEXT[language];
  const channel = `19:stale-${language}@thread.tacv2`;
  let db: TestDatabase;
  let fake: FakeConnector;
  let server: RunningServer;
  let workshopId = '';
  let observationId = '';

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    fake = await new FakeConnector().start();
    server = await startTeams(db.rawUrl, { PARCOURS_LANGUAGE: language });
    ({ workshopId, observationId } = await evaluationWorkshop(server, TENANT_A, channel, FAC, [ANA], language, `Pick-up ${language}`));
    await send(server, message(fake, FAC, channel, 'status'));
    await server.layer.idle();
  });

  afterAll(async () => {
    await server?.close();
    await fake?.stop();
    await db?.close();
  });

  const workshop = () => db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } });

  /** Opens a form from a crafted button (as the step card draws it) and returns the card sent to the 1:1 chat. */
  async function openForm(user: Person, form: string, tenant = TENANT_A): Promise<Record<string, unknown>> {
    const since = fake.recorded.length;
    const answer = await send(server, click(fake, user, channel, { verb: 'openForm', data: { action: 'openForm', value: packValue(workshopId, form) } }, {}, tenant));
    expect(answer.status).toBe(200);
    const card = fake.cards(since).find((c) => elements(c.card).some((e) => e.verb === 'submit'));
    expect(card, JSON.stringify(answer.json)).toBeDefined();
    return card!.card;
  }

  /** The observation form filled in: its text, and the first choice of each list left empty. */
  function observationInputs(card: Record<string, unknown>, text: string): Record<string, string> {
    const inputs = inputsOf(card);
    for (const e of elements(card)) {
      if (e.type === 'Input.ChoiceSet' && typeof e.id === 'string' && !inputs[e.id]) inputs[e.id] = (e.choices as { value: string }[])[0]?.value ?? '';
    }
    const textInput = Object.keys(inputs).find((k) => k.endsWith(':text'))!;
    return { ...inputs, [textInput]: text };
  }

  it('refuses a card signed for one tenant and sent from another, and changes nothing', async () => {
    const form = await openForm(ANA, 'observation');
    const before = await db.prisma.observation.count();
    const foreign = await send(server, click(fake, ANA, channel, executeWith(form, 'submit'), observationInputs(form, 'From elsewhere'), TENANT_B));
    expect(foreign.status).toBe(200);
    expect(shown(foreign.json)).toContain(x.tampered);
    expect(await db.prisma.observation.count()).toBe(before);
  });

  it('refuses a card whose signed state was altered, and changes nothing', async () => {
    const form = await openForm(ANA, 'observation');
    const submit = executeWith(form, 'submit');
    const data = submit.data as { meta: string };
    const [body, mac] = data.meta.split('.');
    const state = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as Record<string, unknown>;
    // Another person's card: the same state issued to the facilitator.
    const forged = `${Buffer.from(JSON.stringify({ ...state, u: FAC.id })).toString('base64url')}.${mac}`;
    const before = await db.prisma.observation.count();
    const answer = await send(server, click(fake, FAC, channel, { ...submit, data: { ...data, meta: forged } }, observationInputs(form, 'Forged')));
    expect(shown(answer.json)).toContain(x.tampered);
    expect(await db.prisma.observation.count()).toBe(before);
  });

  it('refuses a vote on an item removed since, saying so', async () => {
    const extra = await server.engine.execute({ workspaceId: await server.layer.workspaceOf('teams', TENANT_A), userId: FAC.id, displayName: FAC.name }, {
      type: 'addObservation', workshopId, kind: 'irritant', text: 'Removed soon', stageId: (await db.prisma.stage.findFirstOrThrow({ where: { workshopId } })).id,
    });
    if (!extra.ok) throw new Error(extra.error.code);
    const removedId = (extra.result as { observationId: string }).observationId;
    await server.engine.execute({ workspaceId: await server.layer.workspaceOf('teams', TENANT_A), userId: FAC.id, displayName: FAC.name }, { type: 'removeObservation', workshopId, observationId: removedId });
    const answer = await send(server, click(fake, ANA, channel, { verb: 'vote', data: { action: 'vote', value: packValue(workshopId, 'o', removedId) } }));
    expect(answer.status).toBe(200);
    expect(shown(answer.json)).toContain(x.removed);
    expect(await db.prisma.vote.count()).toBe(0);
  });

  it('refuses a "next step" button drawn before the workshop moved on, saying it is out of date', async () => {
    const version = (await workshop()).version;
    const next = { verb: 'advance', data: { action: 'advance', value: packValue(workshopId, version) } };
    // The facilitator moves on with the controls they were given…
    expect((await send(server, click(fake, FAC, channel, next))).status).toBe(200);
    expect((await workshop()).step).toBe('solutions');
    // …and the same button, still on an older card, is refused: nothing moves.
    const stale = await send(server, click(fake, FAC, channel, next));
    expect(shown(stale.json)).toBe(x.staleButton);
    expect((await workshop()).step).toBe('solutions');
  });

  it('refuses a form whose stage was removed meanwhile, on a card that says why', async () => {
    const workspaceId = await server.layer.workspaceOf('teams', TENANT_A);
    const fac = { workspaceId, userId: FAC.id, displayName: FAC.name };
    const added = await server.engine.execute(fac, { type: 'addStage', workshopId, label: 'Soon gone', phase: 'before' });
    if (!added.ok) throw new Error(added.error.code);
    const stageId = (added.result as { stageId: string }).stageId;
    const form = await openForm(ANA, 'observation');
    const inputs = observationInputs(form, 'On a stage removed meanwhile');
    const stageInput = Object.keys(inputs).find((k) => k.endsWith(':stageId'))!;
    expect(stageInput).toBeDefined();
    await server.engine.execute(fac, { type: 'removeStage', workshopId, stageId });
    const before = await db.prisma.observation.count();
    const answer = await send(server, click(fake, ANA, channel, executeWith(form, 'submit'), { ...inputs, [stageInput]: stageId }));
    expect(answer.json.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(shown(answer.json)).toContain(x.notSaved);
    expect(shown(answer.json)).toContain(x.stageGone);
    expect(await db.prisma.observation.count()).toBe(before);
  });

  it('refuses a form and a vote once the workshop is closed, saying so', async () => {
    const form = await openForm(ANA, 'observation');
    await send(server, click(fake, FAC, channel, { verb: 'close', data: { action: 'close', value: packValue(workshopId) } }));
    expect((await workshop()).status).toBe('closed');
    const before = await db.prisma.observation.count();
    const submitted = await send(server, click(fake, ANA, channel, executeWith(form, 'submit'), observationInputs(form, 'After the close')));
    expect(submitted.json.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(shown(submitted.json)).toContain(x.notSaved);
    expect(shown(submitted.json)).toContain(x.closed);
    expect(await db.prisma.observation.count()).toBe(before);
    const vote = await send(server, click(fake, ANA, channel, { verb: 'vote', data: { action: 'vote', value: packValue(workshopId, 'o', observationId) } }));
    expect(shown(vote.json)).toContain(x.closed);
    expect(await db.prisma.vote.count()).toBe(0);
    await server.layer.idle();
  });

  it('shows tenant B nothing of tenant A in a conversation with the same id, and lets B act on nothing of A', async () => {
    await server.layer.idle();
    const since = fake.recorded.length;
    await send(server, message(fake, INTRUDER, channel, language === 'en' ? 'status' : 'statut', TENANT_B));
    await send(server, message(fake, INTRUDER, channel, language === 'en' ? 'list' : 'liste', TENANT_B));
    await server.layer.idle();
    const seen = fake.cards(since).map((c) => cardText(c.card)).join('\n');
    expect(seen).toContain(x.noWorkshop);
    expect(seen).not.toContain(`Pick-up ${language}`);

    // Crafted buttons naming A's workshop: reopening a step, voting, opening a form.
    const before = await workshop();
    const reopen = await send(server, click(fake, INTRUDER, channel, { verb: 'reopen', data: { action: 'reopen', value: packValue(workshopId, 'evaluation') } }, {}, TENANT_B));
    expect(shown(reopen.json)).toContain(x.notFound);
    const vote = await send(server, click(fake, INTRUDER, channel, { verb: 'vote', data: { action: 'vote', value: packValue(workshopId, 'o', observationId) } }, {}, TENANT_B));
    expect(shown(vote.json)).toContain(x.notFound);
    const opened = await send(server, click(fake, INTRUDER, channel, { verb: 'openForm', data: { action: 'openForm', value: packValue(workshopId, 'observation') } }, {}, TENANT_B));
    expect(shown(opened.json)).toContain(x.notFound);
    expect(await workshop()).toEqual(before);
    expect(await db.prisma.vote.count()).toBe(0);
    expect(await db.prisma.participant.count({ where: { workshopId, displayName: INTRUDER.name } })).toBe(0);
  });
});
