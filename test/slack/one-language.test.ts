// One language per view, through the real Slack app (issue 10, point 9): `/parcours list` and the App Home
// speak the language of the person's workshop throughout — even on a server whose default language is the
// other one — and neither they nor the workshop's messages hold a word of the other language's glossary.
import { beforeAll, describe, expect, it } from 'vitest';
import { foreignWords } from '../helpers/glossary.js';
import { slackWorkshopSuite } from './helpers/suite.js';
import { FAC } from './helpers/users.js';
import { headsWorkshop } from './helpers/workshops.js';

const png = async () => [{ name: 'map', png: Buffer.from('\x89PNG fake', 'latin1') }];

const EXPECTED = {
  en: { title: 'Your journey-mapping workshops', role: 'Facilitator', step: 'roadmap', serverLanguage: 'fr' },
  fr: { title: 'Vos ateliers de parcours client', role: 'Animateur·rice', step: 'feuille de route', serverLanguage: 'en' },
} as const;

/** The texts a person reads in Slack blocks (mrkdwn and plain text), without ids, values and links. */
function readable(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (typeof v === 'string') {
      if (key === 'text') out.push(v.replace(/<[^|>]*\|([^>]*)>/g, '$1').replace(/<[^>]*>/g, ' '));
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(blocks);
  return out.join('\n');
}

describe.each(['en', 'fr'] as const)('a workshop in %s, on a server that speaks the other language', (language) => {
  const x = EXPECTED[language];
  const slack = slackWorkshopSuite({ provider: 'postgresql', replica: { renderMap: png, env: { PARCOURS_LANGUAGE: x.serverLanguage } } });
  let typed: Set<string>;

  beforeAll(async () => {
    const { text } = await headsWorkshop(slack.replica.server, language);
    // What people typed is theirs, whatever its words.
    typed = new Set(Object.values(text).flat().join(' ').toLowerCase().match(/[\p{L}’'-]+/gu) ?? []);
    await slack.d.command(FAC, 'status');
  });

  it('answers /parcours list in the workshop’s language, all of it', async () => {
    const list = JSON.stringify((await slack.d.command(FAC, 'list')).json());
    expect(list).toContain(x.title);
    expect(list).toContain(x.role);
    expect(list).toContain(x.step);
    expect(foreignWords(readable(JSON.parse(list)), language, typed)).toEqual([]);
  });

  it('shows the App Home in the workshop’s language, all of it', async () => {
    await slack.d.homeOpened(FAC, `Ev0HOME${language}`);
    const view = slack.fake.last('views.publish')!.args.view;
    expect(JSON.stringify(view)).toContain(x.title);
    expect(foreignWords(readable(view), language, typed)).toEqual([]);
  });

  it('posts the anchor and step messages with none of the other language’s words', async () => {
    for (const m of [await slack.d.anchorMessage(), await slack.d.stepMessage()]) expect(foreignWords(readable(m.blocks), language, typed)).toEqual([]);
  });
});
