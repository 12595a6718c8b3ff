// The facilitator's controls (next step, close, reopen a step, the workshop's settings) are in no message
// everyone sees: the step message in the channel carries only what participants can do, and the facilitator
// finds the controls privately — told under each new step, on `/parcours controls`, in the App Home tab.
// A click on them by anyone else is still refused by the engine. In French and in English, through Slack.
import { describe, expect, it } from 'vitest';
import { CHANNEL, Driver } from './helpers/driver.js';
import { buttons, expectWithinLimits, type User } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { ANA, BOB, FAC } from './helpers/users.js';

const TEXT = {
  en: {
    title: 'Furniture store — pick-up', sales: 'Sales', controls: 'Your controls as facilitator of “Furniture store — pick-up” — only you see them.',
    close: 'Close the workshop', nextPersona: 'Next step: persona and goal', nextStages: 'Next step: stages', nextTouchpoints: 'Next step: touchpoints',
    notFacilitator: 'Only the facilitator can do that.', takePart: 'To take part, open the thread and use the buttons of the current step’s message.',
    findAgain: 'Find them again anytime with /parcours controls',
  },
  fr: {
    title: 'Magasin de meubles — retrait', sales: 'Ventes', controls: 'Vos commandes d’animation de « Magasin de meubles — retrait » — vous seul·e les voyez.',
    close: 'Clore l’atelier', nextPersona: 'Séquence suivante : persona et objectif', nextStages: 'Séquence suivante : étapes du parcours', nextTouchpoints: 'Séquence suivante : points de contact',
    notFacilitator: 'l’animateur·rice peut faire cela.', takePart: 'Pour participer, ouvrez le fil et utilisez les boutons du message de la séquence en cours.',
    findAgain: 'Retrouvez-les à tout moment avec /parcours pilotage',
  },
} as const;

/** The facilitator's actions: none of them may show in a message the whole channel sees. */
const FACILITATOR_ACTIONS = ['advance', 'close', 'reopen'];

function facilitatorControlsIn(blocks: unknown[]): string[] {
  return buttons(blocks).flatMap((b) => {
    const action = b.action_id.split('.')[0]!;
    if (FACILITATOR_ACTIONS.includes(action)) return [action];
    // The settings menu: its choices open the framing, deadline, department… forms.
    return (b.options ?? []).some((o) => /~(framingEdit|deadline|workshopDelete)$/.test(o.value)) ? ['settings'] : [];
  });
}

describe.each(['en', 'fr'] as const)('the facilitator’s controls in Slack, in %s', (lang) => {
  const x = TEXT[lang];
  const slack = slackWorkshopSuite();

  /** The ephemeral messages told to a user since a mark. */
  const ephemeralsTo = (user: User, from = 0) => slack.fake.calls.slice(from).filter((c) => c.method === 'chat.postEphemeral' && c.args.user === user.id);

  it('posts a step message with no facilitator control, and tells the facilitator theirs privately under it', async () => {
    await slack.d.command(FAC, `new ${lang}`);
    await slack.d.submit(FAC, slack.d.lastModal(FAC), { title: x.title, language: lang, mode: 'live', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast', department_0: x.sales, voteBudget: 2 });
    const step = await slack.d.stepMessage();
    expect(facilitatorControlsIn(step.blocks)).toEqual([]);
    expect(JSON.stringify(step.blocks)).not.toContain(x.close);
    // What a participant can do stays there.
    expect(buttons(step.blocks).map((b) => b.action_id.split('.')[0])).toContain('openForm');

    const told = ephemeralsTo(FAC);
    expect(told).toHaveLength(1);
    expect(told[0]!.args).toMatchObject({ channel: CHANNEL, thread_ts: step.thread });
    const blocks = told[0]!.args.blocks as unknown[];
    expect(JSON.stringify(blocks)).toContain(x.controls);
    expect(JSON.stringify(blocks)).toContain(x.findAgain);
    expect(facilitatorControlsIn(blocks).sort()).toEqual(['advance', 'close', 'settings']);
    expect(JSON.stringify(blocks)).toContain(x.nextPersona);
    // Nobody else was shown them.
    expect(slack.fake.of('chat.postEphemeral').filter((c) => c.args.user !== FAC.id)).toEqual([]);
    // The anchor says how to take part.
    expect(JSON.stringify((await slack.d.anchorMessage()).blocks)).toContain(x.takePart);
  });

  it('refuses a participant who clicks a control they were never shown, and the controls command too', async () => {
    await slack.d.fill(ANA, 'join', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (t) => t === x.sales) }));
    await slack.d.fill(BOB, 'join', {});
    const from = slack.d.mark();
    // ANA has no such button: the driver clicks the facilitator's, as a forged request would.
    await slack.d.click(ANA, 'advance');
    expect(slack.d.toldTo(ANA, from).join()).toContain(x.notFacilitator);
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('framing');
    await slack.d.click(BOB, 'close');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).status).toBe('open');

    const asked = await slack.d.command(ANA, 'controls');
    expect(JSON.stringify(asked.json())).toContain(x.notFacilitator);
    expect(facilitatorControlsIn((asked.json().blocks ?? []) as unknown[])).toEqual([]);
    const mine = await slack.d.command(FAC, lang === 'fr' ? 'pilotage' : 'controls');
    expect(mine.json()).toMatchObject({ response_type: 'ephemeral' });
    expect(facilitatorControlsIn(mine.json().blocks as unknown[]).sort()).toEqual(['advance', 'close', 'settings']);
  });

  it('moves on from the private controls, and tells the facilitator the next ones', async () => {
    const from = slack.d.mark();
    await slack.d.click(FAC, 'advance');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('persona');
    const told = ephemeralsTo(FAC, from);
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]!.args.blocks)).toContain(x.nextStages);
    // …and a "reopen a step" menu now that there is an earlier step.
    expect(facilitatorControlsIn(told[0]!.args.blocks as unknown[]).sort()).toEqual(['advance', 'close', 'reopen', 'settings']);
    const step = await slack.d.stepMessage();
    expect(facilitatorControlsIn(step.blocks)).toEqual([]);
  });

  it('shows the controls in the facilitator’s App Home tab only, and keeps the tab current after a click there', async () => {
    await slack.d.homeOpened(ANA, `Ev0ANA${lang}`);
    expect(facilitatorControlsIn(slack.d.homeOf(ANA).blocks)).toEqual([]);
    await slack.d.homeOpened(FAC, `Ev0FAC${lang}`);
    const home = slack.d.homeOf(FAC);
    expect(facilitatorControlsIn(home.blocks).sort()).toEqual(['advance', 'close', 'reopen', 'settings']);
    expect(JSON.stringify(home.blocks)).toContain(x.nextStages);

    await slack.d.clickInHome(FAC, 'advance');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('stages');
    // The tab was published again at once, with the next step's button.
    expect(JSON.stringify(slack.d.homeOf(FAC).blocks)).toContain(x.nextTouchpoints);
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).not.toContain(x.nextTouchpoints);
    // The settings menu there opens its forms like anywhere else.
    const opened = slack.fake.of('views.open').length;
    const workshopId = (await slack.db.prisma.workshop.findFirstOrThrow()).id;
    await slack.d.clickInHome(FAC, 'openForm', undefined, `${workshopId}~deadline`);
    expect(slack.fake.of('views.open').length).toBe(opened + 1);
    expect(slack.d.lastModal(FAC).callback_id).toBe('deadline');
    // Contributions leave the controls as they were: nothing more is told to the facilitator.
    const before = slack.d.mark();
    await slack.d.fill(ANA, 'stage', { label: lang === 'fr' ? 'Je paie en caisse' : 'I pay at the till', phase: 'purchase' });
    expect(await slack.db.prisma.stage.count()).toBe(1);
    expect(ephemeralsTo(FAC, before)).toHaveLength(0);
  });

  it('kept every message, view and tab within Block Kit’s limits', () => {
    expect(expectWithinLimits(slack.fake)).toBeGreaterThan(10);
  });
});
