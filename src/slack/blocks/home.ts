// The App Home tab: the person's workshops, each with its step, their role, what awaits them and the
// deadline in their own timezone (Slack's <!date> formatting), the channel it runs in, and for the
// workshops they facilitate, their controls (a click here republishes the tab: see listeners/actions.ts).
import type { HomeView as SlackHomeView, KnownBlock } from '@slack/types';
import type { HomeView } from '../../present/model.js';
import { LIMITS } from '../limits.js';
import { lineToMrkdwn, truncateMrkdwn } from '../mrkdwn.js';
import { ActionIds, button, context, menu, plain, textSections } from './common.js';

/** `channels` maps a workshop to its Slack channel, when it has one. */
export function homeTab(v: HomeView, channels: Map<string, string>): SlackHomeView {
  const ids = new ActionIds();
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(v.title, LIMITS.headerText) }, ...textSections(v.intro), { type: 'divider' }];
  if (v.empty) blocks.push(...textSections([[v.empty]]));
  for (const w of v.workshops) {
    const channel = channels.get(w.workshopId);
    const text = [lineToMrkdwn(w.line) + (channel ? `  ·  <#${channel}>` : ''), ...w.detail.map(lineToMrkdwn)].join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(text, LIMITS.sectionText) } });
    // The facilitator's controls of their own workshops: only they see this tab.
    const c = w.controls;
    const elements = c ? [...c.actions.map((a) => button(a, ids)), ...[c.timer ?? null, c.reopen, c.settings].flatMap((m) => (m ? [menu(m, ids)] : []))] : [];
    if (elements.length) blocks.push({ type: 'actions', elements: elements.slice(0, LIMITS.actionsElements) });
  }
  if (v.more) blocks.push(context(lineToMrkdwn([v.more])));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocks.home) };
}
