// Department heads who can act (issue 10, point 8), through the real Slack app in each language: closing
// the workshop sends each head with actions a direct message that explains every priority in words with
// the figures the roadmap documents print, names the other departments working on the same irritant,
// links back to the workshop's thread and final map, and sends nothing to a head with no action; the
// facilitator is told who got what.
import { beforeAll, describe, expect, it } from 'vitest';
import { type User } from './helpers/harness.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { FAC } from './helpers/users.js';
import { HEADS, headsWorkshop } from './helpers/workshops.js';

const png = async () => [{ name: 'map', png: Buffer.from('\x89PNG fake', 'latin1') }];

const EXPECTED = {
  en: {
    why: 'Priority 67.5: value for effort 22.5 (impact 4.5 ÷ effort 2, × 10), × 2 for the team’s 2 votes, × 1.5 because it addresses a moment of truth.',
    noVote: 'Priority 10: value for effort 10 (impact 3 ÷ effort 3, × 10), no vote from the team yet.',
    intro: 'Sales has 2 actions to carry out, in priority order:',
    callCentreIntro: 'Call centre has one action to carry out:',
    links: ['The workshop’s thread', 'The final map'],
    alsoWorking: 'Also working on it: ', quote: (t: string) => `“${t}”`,
    sent: 'Each head gets their department’s actions in a direct message:',
    nothing: 'No action, so no message, for: Marketing.',
    noHead: 'These departments have actions but no head, so nobody received them: Stores.',
    actions: '2 actions',
    other: 'English',
  },
  fr: {
    why: 'Priorité 67,5 : rapport impact / effort 22,5 (impact 4,5 ÷ effort 2, × 10), × 2 pour les 2 votes de l’équipe, × 1,5 parce qu’elle traite un moment de vérité.',
    noVote: 'Priorité 10 : rapport impact / effort 10 (impact 3 ÷ effort 3, × 10), aucun vote de l’équipe pour l’instant.',
    intro: 'Ventes a 2 actions à mener, par ordre de priorité :',
    callCentreIntro: 'Centre d’appels a une action à mener :',
    links: ['Le fil de l’atelier', 'La carte finale'],
    alsoWorking: 'Y travaillent aussi : ', quote: (t: string) => `« ${t} »`,
    sent: 'Chaque responsable reçoit les actions de son service en message direct :',
    nothing: 'Aucune action, donc aucun message, pour : Marketing.',
    noHead: 'Ces services ont des actions mais pas de responsable, personne ne les a donc reçues : Magasins.',
    actions: '2 actions',
    other: 'French',
  },
} as const;

/** Slack escapes &, < and > in mrkdwn; the texts compared here have none of them but the links' own brackets. */
const textOf = (blocks: unknown): string => JSON.stringify(blocks).replace(/\\"/g, '"');

describe.each(['en', 'fr'] as const)('department heads’ messages, in %s', (language) => {
  const x = EXPECTED[language];
  const slack = slackWorkshopSuite({ provider: 'postgresql', replica: { renderMap: png } });
  let from = 0;
  let text: Awaited<ReturnType<typeof headsWorkshop>>['text'];

  beforeAll(async () => {
    ({ text } = await headsWorkshop(slack.replica.server, language));
    await slack.d.command(FAC, 'status');
    await slack.d.command(FAC, 'controls'); // the facilitator's private controls, with "Close the workshop"
    from = slack.d.mark();
    await slack.d.click(FAC, 'close');
  });

  const dmTo = (user: User) => slack.fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.args.channel === `D${user.id.slice(1)}`);
  const document = (title: 'roadmap.md' | 'roadmap.csv') => {
    const done = slack.fake.calls.slice(from).find((c) => c.method === 'files.completeUploadExternal')!;
    const file = (done.args.files as { id: string; title: string }[]).find((f) => f.title === title)!;
    return slack.fake.uploads.find((u) => u.fileId === file.id)!.bytes.toString('utf8');
  };

  it('messages only the heads who have actions: nobody gets an empty list', () => {
    expect(dmTo(HEADS.sales)).toHaveLength(1);
    expect(dmTo(HEADS.callCentre)).toHaveLength(1);
    expect(dmTo(HEADS.marketing)).toHaveLength(0);
    expect(textOf(dmTo(HEADS.sales)[0]!.args.blocks)).toContain(x.intro);
    expect(textOf(dmTo(HEADS.callCentre)[0]!.args.blocks)).toContain(x.callCentreIntro);
  });

  it('explains each priority in words, with the figures of the roadmap documents', () => {
    const dm = textOf(dmTo(HEADS.sales)[0]!.args.blocks);
    expect(dm).toContain(x.why);
    expect(dm).toContain(x.noVote);
    // The Markdown sent to the thread says the very same sentences; the table prints the same priority.
    const md = document('roadmap.md');
    expect(md).toContain(x.why.replace(/\(/g, '\\(').replace(/\)/g, '\\)'));
    expect(md).toContain(language === 'fr' ? '| 67,5 | 4,5 | 2 | 2 |' : '| 67.5 | 4.5 | 2 | 2 |');
    expect(document('roadmap.csv')).toContain(`"${x.why}"`);
    expect(dm).not.toMatch(/\b68\b/);
  });

  it('names the other departments working on the same irritant', () => {
    const [first, second] = (dmTo(HEADS.sales)[0]!.args.blocks as { text?: { text: string } }[])
      .map((b) => b.text?.text ?? '').filter((t) => /^1\. |^2\. /.test(t));
    // The top action addresses the wait, which Call centre and Stores also work on; parking is Sales' alone.
    expect(first).toContain(text.departments[1]);
    expect(first).toContain(text.callBack);
    expect(first).toContain(text.departments[3]);
    expect(first).toContain(text.desk);
    expect(second).not.toContain(text.departments[1]);
    expect(textOf(dmTo(HEADS.callCentre)[0]!.args.blocks)).toContain(text.sms);
    // The roadmap documents say it too, in the same order.
    const others = `${text.departments[1]} ${x.quote(text.callBack)} · ${text.departments[3]} ${x.quote(text.desk)}`;
    expect(first).toContain(`${x.alsoWorking}${others}`);
    // (French documents put a non-breaking space before a colon.)
    expect(document('roadmap.md')).toContain(`${x.alsoWorking.replace(' :', '\u00a0:')}${others}`);
  });

  it('links back to the workshop’s thread and to the final map', async () => {
    const conv = await slack.d.conversation();
    const summary = slack.fake.calls.slice(from).find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === conv.anchorTs && !String(c.args.channel).startsWith('D'))!;
    const asked = slack.fake.calls.slice(from).filter((c) => c.method === 'chat.getPermalink').map((c) => c.args.message_ts);
    expect(asked).toContain(conv.anchorTs);
    expect(asked).toContain(summary.response!.ts);
    const dm = textOf(dmTo(HEADS.sales)[0]!.args.blocks);
    expect(dm).toContain(`/archives/${conv.channelId}/p${conv.anchorTs!.replace('.', '')}|${x.links[0]}>`);
    expect(dm).toContain(`/archives/${conv.channelId}/p${String(summary.response!.ts).replace('.', '')}|${x.links[1]}>`);
  });

  it('tells the facilitator who got what, and which departments got nothing and why', () => {
    const told = slack.d.toldTo(FAC, from).join('\n');
    expect(told).toContain(x.sent);
    expect(told).toContain(`<@${HEADS.sales.id}> — ${x.actions}`);
    expect(told).toContain(x.nothing);
    expect(told).toContain(x.noHead);
    expect(told).not.toContain(HEADS.marketing.id);
  });
});
