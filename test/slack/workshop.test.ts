// A whole workshop through the real Bolt app, in French and in English: several people, signed requests,
// a fake Slack that records what it was asked to show, and the database checked along the way.
import { describe, expect, it } from 'vitest';
import { CHANNEL, Driver } from './helpers/driver.js';
import { expectWithinLimits } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { ANA, BOB, FAC, HEAD_SALES, HEAD_STORES } from './helpers/users.js';

const TEXT = {
  en: {
    title: 'Furniture store — pick-up', sales: 'Sales', stores: 'Stores', persona: 'Claire', goal: 'Pick up my furniture without waiting',
    stages: [['I choose my furniture in store', 'before'], ['I pay at the till', 'purchase'], ['I pick up my furniture at the warehouse desk', 'after']] as const,
    process: 'Order processing', counter: 'Pick-up counter', irritant: 'One hour of waiting at pick-up', enchantment: 'A very attentive salesperson',
    solution: 'Prepare the order before the customer arrives', notFacilitator: 'Only the facilitator can do that.', voted: 'Vote recorded.',
    budget: 'You have used all 2 of your votes', step: 'Step 3 of 7 — stages', notVoice: 'does not sound like the customer speaking',
    closed: 'The workshop is closed.', left: 'You have 1 vote left at this step.', ballotLeft: 'You have 1 vote left out of 2.', mine: '✓ your vote',
    noAction: 'No action, so no message, for: Sales.', help: '/parcours new*',
  },
  fr: {
    title: 'Magasin de meubles — retrait', sales: 'Ventes', stores: 'Magasins', persona: 'Claire', goal: 'Récupérer mes meubles sans attendre',
    stages: [['Je choisis mes meubles en magasin', 'before'], ['Je paie en caisse', 'purchase'], ['Je récupère mes meubles au comptoir retrait', 'after']] as const,
    process: 'Traitement de la commande', counter: 'Comptoir retrait', irritant: 'Une heure d’attente au retrait', enchantment: 'Vendeur très attentionné',
    solution: 'Préparer la commande avant l’arrivée du client', notFacilitator: 'Seul·e l’animateur·rice peut faire cela.', voted: 'Vote enregistré.',
    budget: 'Vous avez utilisé vos 2 votes', step: 'Séquence 3 sur 7 — étapes du parcours', notVoice: 'ne sonne pas comme la voix du client',
    closed: 'L’atelier est clos.', left: 'Il vous reste 1 vote dans cette séquence.', ballotLeft: 'Il vous reste 1 vote sur 2.', mine: '✓ votre vote',
    noAction: 'Aucune action, donc aucun message, pour : Ventes.', help: '/parcours nouveau*',
  },
} as const;

describe.each(['en', 'fr'] as const)('a whole workshop in Slack, in %s', (lang) => {
  const x = TEXT[lang];
  const slack = slackWorkshopSuite({ closeRenderPool: true });

  it('frames the workshop from /parcours new and posts its anchor and first step in the channel', async () => {
    const ack = await slack.d.command(FAC, `new ${lang}`);
    expect(ack.status).toBe(200);
    const framing = slack.d.lastModal(FAC);
    expect(framing.callback_id).toBe('framing');
    const due = Math.floor(new Date('2030-03-02T16:00:00Z').getTime() / 1000);
    const res = await slack.d.submit(FAC, framing, {
      title: x.title, language: lang, mode: 'live', journey: 'current', basis: 'staff', persona_name: x.persona, goal: x.goal,
      department_0: x.sales, head_0: HEAD_SALES.id, department_1: x.stores, head_1: HEAD_STORES.id, voteBudget: 2, deadline_evaluation: due,
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const workshop = await slack.db.prisma.workshop.findFirstOrThrow();
    expect(workshop).toMatchObject({ title: x.title, language: lang, mode: 'live', voteBudget: 2, step: 'framing' });
    expect((await slack.db.prisma.department.findMany({ orderBy: { position: 'asc' } })).map((p) => [p.name, p.headUserId])).toEqual([[x.sales, HEAD_SALES.id], [x.stores, HEAD_STORES.id]]);
    const conv = await slack.d.conversation();
    expect(conv).toMatchObject({ workshopId: workshop.id, channelId: CHANNEL, step: 'framing' });
    const anchorPost = slack.fake.of('chat.postMessage').find((c) => c.response?.ts === conv.anchorTs)!;
    expect(anchorPost.args.channel).toBe(CHANNEL);
    expect(anchorPost.args.thread_ts).toBeUndefined();
    expect(JSON.stringify(anchorPost.args.blocks)).toContain(x.title);
    const step = await slack.d.stepMessage();
    expect(slack.fake.of('chat.postMessage').find((c) => c.response?.ts === step.ts)!.args.thread_ts).toBe(conv.anchorTs);
    expect(JSON.stringify(step.blocks)).toContain(`<@${HEAD_SALES.id}>`);
    expect(slack.fake.calls.every((c) => c.token === null || c.token === 'xoxb-0000-test-bot-token')).toBe(true);
  });

  it('lets participants join with their department; only the facilitator moves the workshop on', async () => {
    await slack.d.fill(ANA, 'join', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (t) => t === x.stores) }));
    await slack.d.fill(BOB, 'join', (view) => ({ departmentId: Driver.choice(view, 'departmentId', (t) => t === x.sales) }));
    const from = slack.d.mark();
    await slack.d.click(ANA, 'advance');
    expect(slack.d.toldTo(ANA, from).join()).toContain(x.notFacilitator);
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('framing');
    await slack.d.click(FAC, 'advance');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('persona');
    // Persona and goal came with the framing: straight on to the stages.
    await slack.d.click(FAC, 'advance');
    const step = await slack.d.stepMessage();
    expect(JSON.stringify(step.blocks)).toContain(x.step);
    expect((await slack.d.anchorMessage()).text).toContain(x.step);
    const participants = await slack.db.prisma.participant.findMany();
    expect(participants.map((p) => [p.userId, p.role]).sort()).toEqual([[ANA.id, 'participant'], [BOB.id, 'participant'], [FAC.id, 'facilitator']].sort());
  });

  it('adds stages in the customer’s voice, and warns privately on process wording', async () => {
    for (const [label, phase] of x.stages) await slack.d.fill(ANA, 'stage', { label, phase });
    const from = slack.d.mark();
    await slack.d.fill(BOB, 'stage', { label: x.process, phase: 'after' });
    expect(slack.d.toldTo(BOB, from).join()).toContain(x.notVoice);
    const stages = await slack.db.prisma.stage.findMany({ orderBy: { position: 'asc' } });
    expect(stages.map((s) => s.label)).toEqual([...x.stages.map((s) => s[0]), x.process]);
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).toContain(x.stages[2][0]);
    await slack.d.click(FAC, 'advance');
  });

  it('adds touchpoints with stage and channel pickers, or a channel of one’s own', async () => {
    await slack.d.fill(ANA, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (t) => t.includes(x.stages[2][0])), otherChannel: x.counter, description: '' }));
    await slack.d.fill(BOB, 'touchpoint', (view) => ({ stageId: Driver.choice(view, 'stageId', (t) => t.includes(x.stages[0][0])), channel: Driver.choice(view, 'channel', (t) => t !== x.counter) }));
    expect(await slack.db.prisma.touchpoint.count()).toBe(2);
    expect((await slack.db.prisma.channel.findMany()).map((c) => c.name)).toContain(x.counter);
    await slack.d.click(FAC, 'advance');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('evaluation');
  });

  it('evaluates: observations with moments of truth, emotions, votes within the budget shown only to the voter', async () => {
    await slack.d.observe(ANA, (t) => t.endsWith(x.stages[2][0]), (t) => t === x.counter, { kind: 'irritant', text: x.irritant, momentOfTruth: true });
    await slack.d.observe(BOB, (t) => t.endsWith(x.stages[0][0]), () => true, { kind: 'enchantment', text: x.enchantment });
    await slack.d.fill(ANA, 'emotions', (view) => Object.fromEntries((view.blocks as { block_id?: string; type: string }[]).filter((b) => b.type === 'input').map((b, i) => [b.block_id!, String(i % 2 === 0 ? -2 : 1)])));
    expect(await slack.db.prisma.emotionRating.count()).toBe(4);
    const observations = await slack.db.prisma.observation.findMany();
    expect(observations.find((o) => o.kind === 'irritant')).toMatchObject({ text: x.irritant, momentOfTruth: true });
    const irritant = observations.find((o) => o.kind === 'irritant')!;
    const enchantment = observations.find((o) => o.kind === 'enchantment')!;

    let from = slack.d.mark();
    await slack.d.click(ANA, 'vote', (v) => v.endsWith(irritant.id));
    const voteAnswer = slack.fake.calls.slice(from).find((c) => c.method === 'chat.postEphemeral')!;
    expect(voteAnswer.args).toMatchObject({ user: ANA.id, channel: CHANNEL });
    expect(JSON.stringify(voteAnswer.args.blocks), JSON.stringify(voteAnswer.args)).toContain(x.left);
    await slack.d.click(ANA, 'vote', (v) => v.endsWith(enchantment.id));
    from = slack.d.mark();
    await slack.d.click(ANA, 'vote', (v) => v.endsWith(irritant.id));
    expect(slack.d.toldTo(ANA, from).join()).toMatch(/vote/i);
    from = slack.d.mark();
    // The ballot: every item, paged, with the voter's own remaining votes, in a private modal.
    await slack.d.click(BOB, 'ballot');
    const ballot = slack.d.lastModal(BOB);
    expect(JSON.stringify(ballot.blocks)).toContain('2');
    // An item with one button carries it beside its text (accessory); with more, in a row under it.
    const voteInBallot = (ballot.blocks as { type: string; accessory?: { action_id: string; value: string }; elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).find((e) => e.action_id.startsWith('vote.') && e.value.endsWith(irritant.id))!;
    const { blockAction } = await import('./helpers/harness.js');
    await slack.d.send(blockAction(BOB, { ...voteInBallot, type: 'button' }, { view: { id: String(ballot.id), private_metadata: String(ballot.private_metadata) } }), 'application/x-www-form-urlencoded');
    const updated = slack.fake.last('views.update')!;
    expect(updated.args.view_id).toBe(ballot.id);
    expect(JSON.stringify((updated.args.view as { blocks: unknown }).blocks)).toContain(x.ballotLeft);
    // The voted item now says so, and offers to take the vote back; no other item does.
    const after = (updated.args.view as { blocks: { type: string; text?: { text: string }; accessory?: { action_id: string; value: string }; elements?: { action_id: string; value: string }[] }[] }).blocks;
    expect(after.filter((b) => b.text?.text.includes(x.mine)).length).toBe(1);
    const unvotes = after.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).filter((e) => e.action_id.startsWith('unvote.'));
    expect(unvotes.map((e) => e.value.endsWith(irritant.id))).toEqual([true]);
    expect(await slack.db.prisma.vote.count()).toBe(3);
    await slack.d.click(FAC, 'advance');
  });

  it('proposes, rates and votes on solutions with an owning department', async () => {
    const irritant = (await slack.db.prisma.observation.findFirstOrThrow({ where: { kind: 'irritant' } })).id;
    // Choosing the owning department is the facilitator's or that department's head's (test/slack/votes.test.ts).
    await slack.d.fill(HEAD_STORES, 'solution', (view) => ({ text: x.solution, addresses: [irritant], departmentId: Driver.choice(view, 'departmentId', (t) => t === x.stores), impact: '5', effort: '2' }));
    const solution = await slack.db.prisma.solution.findFirstOrThrow();
    expect(solution.text).toBe(x.solution);
    expect(await slack.db.prisma.solutionRating.count()).toBe(1);
    await slack.d.fill(BOB, 'rateSolution', (view) => ({ solutionId: Driver.choice(view, 'solutionId', () => true), impact: '4', effort: '3' }));
    await slack.d.click(BOB, 'vote', (v) => v.endsWith(solution.id));
    expect(await slack.db.prisma.vote.count({ where: { step: 'solutions' } })).toBe(1);
    await slack.d.click(FAC, 'advance');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('roadmap');
    expect(await slack.db.prisma.roadmapItem.count()).toBe(1);
    // Entering the roadmap step posts a first look at the map in the thread.
    expect(slack.fake.of('files.completeUploadExternal').length).toBe(1);
    expect(slack.fake.uploads[0]!.bytes.includes(Buffer.from('\x89PNG', 'latin1'))).toBe(true);
  });

  it('closes: the final map and documents in the thread, each department head messaged apart', async () => {
    const from = slack.d.mark();
    await slack.d.click(FAC, 'close');
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).status).toBe('closed');
    const conv = await slack.d.conversation();
    const complete = slack.fake.calls.slice(from).filter((c) => c.method === 'files.completeUploadExternal');
    expect(complete).toHaveLength(1);
    expect((complete[0]!.args.files as { title: string }[]).map((f) => f.title)).toEqual([expect.stringContaining(x.title), 'roadmap.md', 'roadmap.csv']);
    expect(complete[0]!.args).toMatchObject({ channel_id: CHANNEL, thread_ts: conv.anchorTs });
    expect(slack.fake.uploads.slice(-3).some((u) => u.bytes.toString().includes(`# ${x.title}`) || u.bytes.toString().includes(x.stores))).toBe(true);
    const dms = slack.fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && String(c.args.channel).startsWith('D'));
    expect(dms.map((c) => c.args.channel)).toEqual([`D${HEAD_STORES.id.slice(1)}`]);
    expect(JSON.stringify(dms[0]!.args.blocks)).toContain(x.solution);
    // Sales owns no action: its head gets no empty message, and the facilitator is told so, privately
    // (a head who cannot be reached is in deliveries.test.ts).
    expect(slack.d.toldTo(FAC, from).join()).toContain(x.noAction);
    expect(dms.map((c) => c.args.channel)).not.toContain(`D${HEAD_SALES.id.slice(1)}`);
    expect((await slack.d.anchorMessage()).text).toBeTruthy();
    expect(JSON.stringify((await slack.d.stepMessage()).blocks)).toContain(x.closed);
  });

  it('answers /parcours status, list, map and help, and shows the App Home with deadlines in the reader’s timezone', async () => {
    const status = await slack.d.command(ANA, 'status');
    expect(status.json()).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(status.json())).toContain(x.title);
    const list = await slack.d.command(ANA, 'list');
    expect(JSON.stringify(list.json())).toContain(x.title);
    const help = await slack.d.command(ANA, 'help');
    // Help in a workshop's channel speaks the workshop's language, subcommands included.
    expect(JSON.stringify(help.json())).toContain(x.help);
    const before = slack.fake.of('files.completeUploadExternal').length;
    await slack.d.command(ANA, 'map');
    expect(slack.fake.of('files.completeUploadExternal').length).toBe(before + 1);
    // Reopen the evaluation from the facilitator's Home tab so the deadline is current again, then open ANA's.
    await slack.d.clickInHome(FAC, 'reopen', undefined, `${(await slack.db.prisma.workshop.findFirstOrThrow()).id}~evaluation`);
    expect((await slack.db.prisma.workshop.findFirstOrThrow()).step).toBe('evaluation');
    await slack.d.homeOpened(ANA, 'Ev0HOME1');
    const home = slack.fake.last('views.publish')!;
    expect(home.args.user_id).toBe(ANA.id);
    const homeJson = JSON.stringify(home.args.view);
    expect(homeJson).toContain(x.title);
    expect(homeJson).toContain(`<!date^${Math.floor(new Date('2030-03-02T16:00:00Z').getTime() / 1000)}^`);
    expect(homeJson).toContain(`<#${CHANNEL}>`);
  });

  it('kept every view and message within Block Kit’s limits', () => {
    expect(expectWithinLimits(slack.fake)).toBeGreaterThan(40);
  });
});
