// A whole workshop in Microsoft Teams through cards only — framing to close — as people would run it: a
// facilitator, two participants and two department heads, each click an activity POSTed to /api/messages and
// each form a card the bot sent (in the channel, its thread, or the person's 1:1 chat). In English and French,
// on SQLite with one server and on PostgreSQL with two replicas taking turns (both run jobs): the workshop ends
// the same, nothing is applied twice, and each head gets their own department's actions, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../src/db/client.js';
import { loadConfig } from '../../src/config.js';
import type { Language } from '../../src/core/vocabulary.js';
import { createLogger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { teamsAdapter } from '../../src/teams/adapter.js';
import { freshDatabase, SKIP_POSTGRES, type TestDatabase } from '../helpers/database.js';
import { cardText, elements, FakeConnector } from './helpers/fake-connector.js';
import { choice, choicesOf, fieldsOf, fill, hasSubmit, opens, PEOPLE, TeamsDriver, thread, voteFor, type Card, type Seen, type TeamsUser } from './helpers/driver.js';

const { facilitator: FAC, ana: ANA, bob: BOB, headSales: HEAD_SALES, headStores: HEAD_STORES } = PEOPLE;

const TEXT = {
  en: {
    new: 'new en', title: 'Furniture store — pick-up', sales: 'Sales', stores: 'Stores', persona: 'Claire', goal: 'Pick up my furniture without waiting',
    segment: 'Families furnishing a first home', step: (n: number) => `Step ${n} of 7`, saved: 'saved',
    before: 'I choose my furniture in store', purchase: 'I pay at the till', after: 'I pick up my furniture at the warehouse desk',
    counter: 'Pick-up counter', irritant: 'One hour of waiting at pick-up', enchantment: 'A very attentive salesperson', rupture: 'My order is lost after paying',
    storesSolution: 'Prepare the order before the customer arrives', salesSolutions: ['Confirm the order by text message after payment', 'Check the order with the customer at the till'],
    summary: 'Journey map: ', head: (d: string) => `Roadmap for ${d}`, ballotLeft: 'You have 1 vote left out of 2.', closed: 'The workshop is closed.',
  },
  fr: {
    new: 'nouveau fr', title: 'Magasin de meubles — retrait', sales: 'Ventes', stores: 'Magasins', persona: 'Claire', goal: 'Récupérer mes meubles sans attendre',
    segment: 'Familles meublant un premier logement', step: (n: number) => `Séquence ${n} sur 7`, saved: 'enregistré',
    before: 'Je choisis mes meubles en magasin', purchase: 'Je paie en caisse', after: 'Je récupère mes meubles au comptoir retrait',
    counter: 'Comptoir retrait', irritant: 'Une heure d’attente au retrait', enchantment: 'Vendeur très attentionné', rupture: 'Ma commande est perdue après le paiement',
    storesSolution: 'Préparer la commande avant l’arrivée du client', salesSolutions: ['Confirmer la commande par SMS après le paiement', 'Vérifier la commande avec le client en caisse'],
    summary: 'Carte du parcours : ', head: (d: string) => `Feuille de route : ${d}`, ballotLeft: 'Il vous reste 1 vote sur 2.', closed: 'L’atelier est clos.',
  },
} as const;

/** A ticked box (Input.Toggle), as Teams sends it. */
const TICKED = 'true';

const runs: { label: string; provider: Provider; replicas: number; language: Language }[] = [
  { label: 'SQLite, one server, English', provider: 'sqlite', replicas: 1, language: 'en' },
  { label: 'SQLite, one server, French', provider: 'sqlite', replicas: 1, language: 'fr' },
  ...(SKIP_POSTGRES ? [] : [
    { label: 'PostgreSQL, two replicas, English', provider: 'postgresql' as const, replicas: 2, language: 'en' as const },
    { label: 'PostgreSQL, two replicas, French', provider: 'postgresql' as const, replicas: 2, language: 'fr' as const },
  ]),
];

async function startTeams(databaseUrl: string): Promise<RunningServer> {
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en', TEAMS_DEV_MODE: 'loopback',
    // Shared by the replicas: a card signed by one is read by the other.
    PARCOURS_URL_SECRET: 'a-test-secret-of-at-least-thirty-two-characters', PARCOURS_PUBLIC_URL: 'https://parcours.example.test',
  });
  return startServer(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), [teamsAdapter()], { renderMap: async () => [] });
}

describe.each(runs)('a whole workshop in Teams ($label)', ({ provider, replicas, language }) => {
  const x = TEXT[language];
  const channel = `19:full-${language}@thread.tacv2`;
  let db: TestDatabase;
  let fake: FakeConnector;
  let servers: RunningServer[] = [];
  let d: TeamsDriver;
  let root = '';

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeConnector().start();
    for (let i = 0; i < replicas; i += 1) servers.push(await startTeams(db.rawUrl));
    d = new TeamsDriver(fake, servers);
  });

  afterAll(async () => {
    for (const s of servers) await s.close();
    servers = [];
    await fake?.stop();
    await db?.close();
  });

  const workshop = () => db.prisma.workshop.findFirstOrThrow();
  /** The current step's card, in the anchor's thread, as last sent or updated. */
  const stepCard = (n: number): Seen => d.latest(thread(channel, root), (c) => cardText(c).includes(x.step(n)));
  /** The facilitator's controls, in their 1:1 chat, as last sent. */
  const controls = (): Seen => d.latestPersonal(FAC, (c) => elements(c).some((e) => e.verb === 'advance' || e.verb === 'close'));

  async function advance(to: string): Promise<void> {
    const answer = await d.click(FAC, controls(), 'advance');
    expect(answer.status).toBe(200);
    expect((await workshop()).step).toBe(to);
  }

  /** Opens a form from a button of the step card, fills it in and submits it; returns the answer. */
  async function contribute(user: TeamsUser, n: number, form: string, values: (card: Card) => Record<string, string>) {
    const opened = await d.open(user, stepCard(n), opens(form));
    const answer = await d.submit(user, opened, values(opened.card));
    expect(answer.status).toBe(200);
    return answer;
  }

  it('frames the workshop from "new": departments with their heads picked, persona and goal; anchor and first step posted', async () => {
    const since = d.mark();
    await d.say(FAC, channel, x.new);
    const form = d.latest(channel, hasSubmit, since);
    const answer = await d.submit(FAC, form, {
      title: x.title, mode: 'live', persona_name: x.persona, goal: x.goal,
      department_0: x.sales, head_0: HEAD_SALES.id, department_1: x.stores, head_1: HEAD_STORES.id, voteBudget: '2',
    });
    expect(cardText(answer.card!.card)).toContain(x.saved);
    const w = await workshop();
    expect(w).toMatchObject({ title: x.title, language, mode: 'live', voteBudget: 2, step: 'framing' });
    expect((await db.prisma.department.findMany({ orderBy: { position: 'asc' } })).map((p) => [p.name, p.headUserId])).toEqual([[x.sales, HEAD_SALES.id], [x.stores, HEAD_STORES.id]]);
    const anchor = d.messages(since).find((m) => m.conversation === channel && !hasSubmit(m.card) && cardText(m.card).includes(x.title))!;
    expect(anchor).toBeDefined();
    root = anchor.id;
    expect(cardText(stepCard(1).card)).toContain(x.sales);
  });

  it('lets the participants and the heads join with their department, from the step card, in their 1:1 chat', async () => {
    for (const [who, department] of [[ANA, x.stores], [BOB, x.sales], [HEAD_SALES, x.sales], [HEAD_STORES, x.stores]] as const) {
      const form = await d.open(who, stepCard(1), opens('join'));
      expect(d.chatsWith(who).has(form.conversation)).toBe(true);
      await d.submit(who, form, { departmentId: choice(form.card, 'departmentId', (t) => t === department) });
    }
    const participants = await db.prisma.participant.findMany({ include: { department: true } });
    expect(participants.map((p) => [p.userId, p.department?.name ?? null]).sort()).toEqual([
      [ANA.id, x.stores], [BOB.id, x.sales], [FAC.id, null], [HEAD_SALES.id, x.sales], [HEAD_STORES.id, x.stores],
    ].sort());
    expect(participants.find((p) => p.userId === FAC.id)!.role).toBe('facilitator');
  });

  it('moves to the persona, which the facilitator completes, then to the stages', async () => {
    await advance('persona');
    await contribute(FAC, 2, 'persona', () => ({ persona_segment: x.segment }));
    const persona = await db.prisma.persona.findFirstOrThrow();
    expect(persona).toMatchObject({ name: x.persona, segment: x.segment });
    expect(cardText(stepCard(2).card)).toContain(x.segment);
    await advance('stages');
  });

  it('adds stages several at once (previewed first) and one by one', async () => {
    const opened = await d.open(ANA, stepCard(3), opens('stages'));
    const preview = await d.submit(ANA, opened, { lines_before: x.before, lines_purchase: x.purchase });
    // The preview is the same form, with what it will add: nothing is added yet.
    expect(preview.card && hasSubmit(preview.card.card)).toBe(true);
    expect(cardText(preview.card!.card)).toContain(x.purchase);
    expect(await db.prisma.stage.count()).toBe(0);
    await d.submit(ANA, preview.card!);
    await contribute(BOB, 3, 'stage', () => ({ label: x.after, phase: 'after' }));
    expect((await db.prisma.stage.findMany({ orderBy: { position: 'asc' } })).map((s) => [s.label, s.phase])).toEqual([[x.before, 'before'], [x.purchase, 'purchase'], [x.after, 'after']]);
    expect(cardText(stepCard(3).card)).toContain(x.after);
    await advance('touchpoints');
  });

  it('adds touchpoints: a row of channels at a stage, and one with a channel of one’s own', async () => {
    await contribute(BOB, 4, 'touchpoints', (card) => ({
      stageId: choice(card, 'stageId', (t) => t.includes(x.before)), channels: choicesOf(card, 'channels').slice(0, 2).map((c) => c.value).join(','),
    }));
    await contribute(ANA, 4, 'touchpoint', (card) => ({ stageId: choice(card, 'stageId', (t) => t.includes(x.after)), otherChannel: x.counter }));
    await contribute(ANA, 4, 'touchpoint', (card) => ({ stageId: choice(card, 'stageId', (t) => t.includes(x.purchase)), otherChannel: x.counter }));
    expect(await db.prisma.touchpoint.count()).toBe(4);
    expect((await db.prisma.channel.findMany()).map((c) => c.name)).toContain(x.counter);
    await advance('evaluation');
  });

  it('evaluates: an irritant at a touchpoint as a moment of truth, an enchantment, a break; votes; emotions', async () => {
    // The stage first: the form is redrawn with that stage's touchpoints.
    const opened = await d.open(ANA, stepCard(5), opens('observation'));
    const stageId = choice(opened.card, 'stageId', (t) => t.includes(x.after));
    const redrawn = await d.click(ANA, opened, (a) => a.verb === 'refresh', fill(opened.card, { stageId }));
    expect(redrawn.card && hasSubmit(redrawn.card.card)).toBe(true);
    await d.submit(ANA, redrawn.card!, {
      kind: 'irritant', touchpointId: choice(redrawn.card!.card, 'touchpointId', (t) => t.includes(x.counter)), text: x.irritant, momentOfTruth: TICKED,
    });
    await contribute(BOB, 5, 'observation', (card) => ({ kind: 'enchantment', stageId: choice(card, 'stageId', (t) => t.includes(x.before)), text: x.enchantment }));
    // Several at once, previewed first.
    const many = await d.open(BOB, stepCard(5), opens('observations'));
    const preview = await d.submit(BOB, many, { kind: 'rupture', stageId: choice(many.card, 'stageId', (t) => t.includes(x.purchase)), lines: x.rupture });
    expect(await db.prisma.observation.count()).toBe(2);
    await d.submit(BOB, preview.card!);
    const observations = await db.prisma.observation.findMany();
    expect(observations.map((o) => [o.kind, o.text, o.momentOfTruth]).sort()).toEqual([
      ['enchantment', x.enchantment, false], ['irritant', x.irritant, true], ['rupture', x.rupture, false],
    ].sort());
    const irritant = observations.find((o) => o.kind === 'irritant')!;
    const rupture = observations.find((o) => o.kind === 'rupture')!;
    expect((await db.prisma.touchpoint.findUniqueOrThrow({ where: { id: irritant.touchpointId! } })).stageId).toBe(irritant.stageId);

    // Votes on the step card, and in the private ballot (in the 1:1 chat; each vote redraws it).
    await d.click(ANA, stepCard(5), voteFor(irritant.id));
    await d.click(ANA, stepCard(5), voteFor(rupture.id));
    const ballot = await d.open(BOB, stepCard(5), 'ballot', (c) => elements(c).some((e) => e.verb === 'vote'));
    const voted = await d.click(BOB, ballot, voteFor(irritant.id));
    expect(cardText(voted.card!.card)).toContain(x.ballotLeft);
    expect(await db.prisma.vote.count({ where: { step: 'evaluation' } })).toBe(3);

    // Emotions: every stage rated in one form, by two people.
    for (const [who, scores] of [[ANA, ['-2', '1', '-2']], [BOB, ['1', '0', '-1']]] as const) {
      await contribute(who, 5, 'emotions', (card) => {
        const stages = fieldsOf(card).filter((f) => f.startsWith('stage_'));
        return Object.fromEntries(stages.map((f, i) => [f, scores[i]!]));
      });
    }
    expect(await db.prisma.emotionRating.count()).toBe(6);
    const step = cardText(stepCard(5).card);
    for (const t of [x.irritant, x.enchantment, x.rupture]) expect(step).toContain(t);
    await advance('solutions');
  });

  it('proposes solutions owned by departments, rates them and votes', async () => {
    const irritant = await db.prisma.observation.findFirstOrThrow({ where: { kind: 'irritant' } });
    const rupture = await db.prisma.observation.findFirstOrThrow({ where: { kind: 'rupture' } });
    // A head owns their department's solutions: the form offers them their own department.
    await contribute(HEAD_STORES, 6, 'solution', (card) => ({
      text: x.storesSolution, addresses: irritant.id, departmentId: choice(card, 'departmentId', (t) => t === x.stores), impact: '5', effort: '2',
    }));
    const many = await d.open(HEAD_SALES, stepCard(6), opens('solutions'));
    const preview = await d.submit(HEAD_SALES, many, { lines: x.salesSolutions.join('\n'), addresses: rupture.id, departmentId: choice(many.card, 'departmentId', (t) => t === x.sales) });
    await d.submit(HEAD_SALES, preview.card!);
    const solutions = await db.prisma.solution.findMany({ include: { department: true } });
    expect(solutions.map((s) => [s.text, s.department?.name]).sort()).toEqual([[x.storesSolution, x.stores], ...x.salesSolutions.map((t) => [t, x.sales])].sort());

    // Every solution rated in one form; one rated alone.
    await contribute(BOB, 6, 'rateSolutions', (card) => Object.fromEntries(fieldsOf(card).map((f) => [f, f.startsWith('impact_') ? '4' : '2'])));
    await contribute(ANA, 6, 'rateSolution', (card) => ({ solutionId: choice(card, 'solutionId', (t) => t === x.salesSolutions[0]), impact: '3', effort: '3' }));
    expect(await db.prisma.solutionRating.count()).toBe(5);
    const target = solutions.find((s) => s.text === x.storesSolution)!;
    await d.click(ANA, stepCard(6), voteFor(target.id));
    expect(await db.prisma.vote.count({ where: { step: 'solutions' } })).toBe(1);
    await advance('roadmap');
    expect(await db.prisma.roadmapItem.count()).toBe(3);
    const roadmap = cardText(stepCard(7).card);
    for (const t of [x.storesSolution, ...x.salesSolutions]) expect(roadmap).toContain(t);
  });

  it('closes: the summary in the thread, each head their own department’s actions in their 1:1 chat, once', async () => {
    const since = d.mark();
    const answer = await d.click(FAC, controls(), 'close');
    expect(answer.status).toBe(200);
    expect((await workshop()).status).toBe('closed');
    expect(cardText(stepCard(7).card)).toContain(x.closed);

    // Exactly one message each, over the whole run (a second send would be a message of its own).
    const stores = d.personal(HEAD_STORES).filter((m) => cardText(m.card).includes(x.head(x.stores)));
    const sales = d.personal(HEAD_SALES).filter((m) => cardText(m.card).includes(x.head(x.sales)));
    expect([stores.length, sales.length]).toEqual([1, 1]);
    const storesText = cardText(stores[0]!.card);
    const salesText = cardText(sales[0]!.card);
    expect(storesText).toContain(x.storesSolution);
    for (const t of x.salesSolutions) {
      expect(salesText).toContain(t);
      expect(storesText).not.toContain(t);
    }
    expect(salesText).not.toContain(x.storesSolution);
    // Neither head got the other's roadmap, and nobody else got one.
    expect(d.personal(HEAD_STORES, since).some((m) => cardText(m.card).includes(x.head(x.sales)))).toBe(false);
    for (const who of [FAC, ANA, BOB]) expect(d.personal(who, since).some((m) => /Roadmap for|Feuille de route :/.test(cardText(m.card)))).toBe(false);
    // Each delivery was made once, whichever server ran it.
    const heads = await db.prisma.delivery.findMany({ where: { key: { contains: ':head:' } } });
    expect(heads.map((h) => h.status)).toEqual(['delivered', 'delivered']);

    // The summary of the final map, in the workshop's thread.
    const summary = d.messages(since).filter((m) => m.conversation === thread(channel, root) && cardText(m.card).includes(`${x.summary}${x.title}`));
    expect(summary, d.messages(since).map((m) => `${m.conversation}: ${cardText(m.card).slice(0, 80)}`).join('\n')).toHaveLength(1);
  });

  it('applied nothing twice and sent one anchor and one message per step', async () => {
    expect(await db.prisma.workshop.count()).toBe(1);
    expect(await db.prisma.stage.count()).toBe(3);
    expect(await db.prisma.observation.count()).toBe(3);
    expect(await db.prisma.solution.count()).toBe(3);
    const posts = fake.recorded.filter((r) => r.method === 'POST');
    const anchors = posts.filter((r) => r.conversation === channel && cardText(r.body).includes(x.title) && !hasSubmit((r.body.attachments as { content: Card }[])[0]!.content));
    expect(anchors.map((r) => r.id)).toEqual([root]);
    // Every card sent, in every conversation, passed Teams' rules (the driver checks each one it reads).
    expect(d.messages().length).toBeGreaterThan(40);
    const stepPosts = posts.filter((r) => r.conversation === thread(channel, root) && /Step \d of 7|Séquence \d sur 7/.test(cardText(r.body)));
    expect(stepPosts).toHaveLength(7);
  });
});
