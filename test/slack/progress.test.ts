// Progress that counts contributions: the anchor counts the people who joined (the facilitator apart) and
// is redrawn as each one joins; per step it says how many of them did what the step asks ("2 of 4 added a
// stage"), never who has not; the facilitator alone sees who has not yet, and only in a signed workshop;
// each person hears what still awaits them. In French and in English, signed and anonymous, through Slack.
import { describe, expect, it } from 'vitest';
import { Driver } from './helpers/driver.js';
import { expectWithinLimits, type User } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { FAC } from './helpers/users.js';

const PEOPLE: User[] = [{ id: 'U0ANA', name: 'ana' }, { id: 'U0BOB', name: 'bob' }, { id: 'U0CAT', name: 'cat' }, { id: 'U0DAN', name: 'dan' }];
const [ANA, BOB, CAT] = PEOPLE as [User, User, User, User];
/** Joins late, in the middle of the stages step, by adding a stage (there is no join button after framing). */
const EVE: User = { id: 'U0EVE', name: 'eve' };

const TEXT = {
  en: {
    title: 'Furniture store — pick-up', sales: 'Sales', stages: ['I choose my furniture in store', 'I pick up my furniture at the warehouse desk'], counter: 'Pick-up counter',
    joined: (n: number) => (n === 1 ? '*1 participant:* ana' : `*${n} participants:* ${PEOPLE.slice(0, n).map((p) => p.name).join(', ')}`),
    nobody: 'Nobody has joined yet.', stagesDone: '2 of 4 added a stage', notYet: '2 of 4 added a stage — not yet: cat, dan',
    lateDone: '3 of 5 added a stage', welcome: 'You take part in this workshop.',
    emotionsDone: '1 of 5 rated the emotions', yoursStage: 'What awaits you: add a stage', nothing: 'nothing awaits you right now', yoursEmotion: 'rate the emotion of 2 stages',
  },
  fr: {
    title: 'Magasin de meubles — retrait', sales: 'Ventes', stages: ['Je choisis mes meubles en magasin', 'Je récupère mes meubles au comptoir retrait'], counter: 'Comptoir retrait',
    joined: (n: number) => (n === 1 ? '*1 participant :* ana' : `*${n} participants :* ${PEOPLE.slice(0, n).map((p) => p.name).join(', ')}`),
    nobody: 'Personne n’a encore rejoint l’atelier.', stagesDone: '2 sur 4 ont ajouté une étape', notYet: '2 sur 4 ont ajouté une étape — pas encore : cat, dan',
    lateDone: '3 sur 5 ont ajouté une étape', welcome: 'Vous participez à cet atelier.',
    emotionsDone: '1 sur 5 a noté les émotions', yoursStage: 'Ce qui vous attend : ajouter une étape', nothing: 'rien ne vous attend pour l’instant', yoursEmotion: 'noter l’émotion de 2 étapes',
  },
} as const;

describe.each([['en', false], ['fr', false], ['en', true], ['fr', true]] as const)('progress in Slack, in %s (anonymous: %s)', (lang, anonymous) => {
  const x = TEXT[lang];
  const slack = slackWorkshopSuite();

  const anchor = async () => JSON.stringify((await slack.d.anchorMessage()).blocks);
  /** What `/parcours controls` privately shows the facilitator. */
  const controls = async () => JSON.stringify((await slack.d.command(FAC, 'controls')).json());
  const status = async (user: User) => JSON.stringify((await slack.d.command(user, 'status')).json());

  it('counts the people who joined, the facilitator apart, and redraws the anchor as each one joins', async () => {
    await slack.d.command(FAC, `new ${lang}`);
    await slack.d.submit(FAC, slack.d.lastModal(FAC), { title: x.title, language: lang, mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast', department_0: x.sales, voteBudget: 2 });
    if (anonymous) {
      await slack.d.edit(FAC, 'framingEdit', { title: x.title, scope: '', mode: 'async', basis: 'data', voteBudget: 2, voteCap: 2, anonymous: true });
      expect((await slack.db.prisma.workshop.findFirstOrThrow()).anonymous).toBe(true);
    }
    expect(await anchor()).toContain(x.nobody);
    for (const [i, person] of PEOPLE.entries()) {
      const updates = slack.fake.of('chat.update').length;
      const from = slack.d.mark();
      await slack.d.fill(person, 'join', {});
      expect(slack.d.toldTo(person, from).join()).toContain(x.welcome);
      // Joining changes nothing but the list of people: the anchor is redrawn for it all the same.
      expect(slack.fake.of('chat.update').length).toBeGreaterThan(updates);
      expect(await anchor()).toContain(x.joined(i + 1));
    }
    // The facilitator is named on a line of their own, and not counted.
    expect(await anchor()).toContain('*Participants*\\n4');
    expect(await anchor()).not.toContain(`dan, ${FAC.name}`);
    expect(await slack.db.prisma.participant.count()).toBe(5);
  });

  it('says per step how many of them contributed, and names who has not only to the facilitator of a signed workshop', async () => {
    await slack.d.click(FAC, 'advance');
    await slack.d.click(FAC, 'advance');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
    await slack.d.fill(ANA, 'stage', { label: x.stages[0], phase: 'before' });
    await slack.d.fill(BOB, 'stage', { label: x.stages[1], phase: 'after' });
    expect(await anchor()).toContain(x.stagesDone);
    // Never who has not, in the channel.
    expect(await anchor()).not.toMatch(/not yet|pas encore/);
    const fac = await controls();
    expect(fac).toContain(x.stagesDone);
    if (anonymous) expect(fac).not.toMatch(/\b(cat|dan)\b|not yet|pas encore/);
    else expect(fac).toContain(x.notYet);
    // Each person hears what still awaits them.
    expect(await status(CAT)).toContain(x.yoursStage);
    expect(await status(ANA)).toContain(x.nothing);
    // Someone joining late, by contributing, is counted at once.
    await slack.d.fill(EVE, 'stage', { label: x.stages[0] + ' (2)', phase: 'before' });
    expect(await anchor()).toContain(x.lateDone);
    expect(await anchor()).toContain('*Participants*\\n5');
  });

  it('counts who rated the emotions once they have rated every stage, and tells each what is left', async () => {
    await slack.d.click(FAC, 'advance');
    await slack.d.fill(ANA, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (t) => t.includes(x.stages[1])), otherChannel: x.counter, description: '' }));
    await slack.d.click(FAC, 'advance');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('evaluation');
    const ratings = (view: Record<string, unknown>, how: 'all' | 'first') => Object.fromEntries((view.blocks as { block_id?: string; type: string }[])
      .filter((b) => b.type === 'input').map((b, i) => [b.block_id!, how === 'all' || i === 0 ? '1' : null]));
    await slack.d.fill(ANA, 'emotions', (view) => ratings(view, 'all'));
    await slack.d.fill(BOB, 'emotions', (view) => ratings(view, 'first'));
    expect(await slack.db.prisma.emotionRating.count()).toBe(4);
    // BOB rated one stage of three: not counted yet, and told what is left.
    expect(await anchor()).toContain(x.emotionsDone);
    expect(await status(BOB)).toContain(x.yoursEmotion);
    const fac = await controls();
    if (anonymous) expect(fac).not.toMatch(/\b(bob|cat|dan)\b/);
    else expect(fac).toMatch(/bob, cat, dan, eve/);
  });

  it('kept every message within Block Kit’s limits', () => {
    expect(expectWithinLimits(slack.fake)).toBeGreaterThan(10);
  });
});
