// View models → Block Kit messages: the anchor, a step's message, private notices, the final summary and
// the department heads' messages. Each stays under 50 blocks: views page their items, and this file
// trims the sections that would overflow, keeping the step's buttons last.
import type { KnownBlock } from '@slack/types';
import type { AnchorView, HeadMessageView, NoticeView, StepView, SummaryView } from '../../present/model.js';
import { LIMITS } from '../limits.js';
import { escapeMrkdwn, lineToMrkdwn, truncateMrkdwn } from '../mrkdwn.js';
import { ActionIds, actionsBlock, button, context, fallback, menu, plain, sectionBlocks, textSections } from './common.js';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Keeps the head and tail of a message and fills the middle while it fits. */
function fit(head: KnownBlock[], middle: KnownBlock[][], tail: KnownBlock[], omitted: (n: number) => KnownBlock): KnownBlock[] {
  const room = LIMITS.blocks.message - head.length - tail.length - 1;
  const out = [...head];
  let used = 0;
  let skipped = 0;
  for (const group of middle) {
    if (used + group.length <= room && skipped === 0) { out.push(...group); used += group.length; } else skipped += 1;
  }
  if (skipped) out.push(omitted(skipped));
  return [...out, ...tail];
}

export function anchorMessage(v: AnchorView): SlackMessage {
  const ids = new ActionIds();
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(v.title, LIMITS.headerText) },
    context(lineToMrkdwn([v.context])),
    { type: 'section', text: { type: 'mrkdwn', text: lineToMrkdwn(v.progress) }, fields: v.facts.slice(0, LIMITS.sectionFields).map((f) => ({ type: 'mrkdwn' as const, text: truncateMrkdwn(`*${f.label}*\n${f.value}`, LIMITS.fieldText) })) },
    ...textSections(v.lines),
    ...actionsBlock(v.actions, ids),
  ];
  return { text: fallback([[v.title, ' — ', ...v.progress]]), blocks: blocks.slice(0, LIMITS.blocks.message) };
}

export function stepMessage(v: StepView): SlackMessage {
  const ids = new ActionIds();
  const head: KnownBlock[] = [{ type: 'header', text: plain(v.title, LIMITS.headerText) }, ...textSections(v.asks)];
  const middle = v.sections.map((s) => [{ type: 'divider' } as KnownBlock, ...sectionBlocks(s, ids)]);
  const tail: KnownBlock[] = [];
  const elements = [...v.actions.map((a) => button(a, ids)), ...v.menus.map((m) => menu(m, ids))].slice(0, LIMITS.actionsElements);
  if (elements.length) tail.push({ type: 'actions', elements });
  const blocks = fit(head, middle, tail, (n) => context(`… (${n})`));
  return { text: fallback([[v.title], ...v.asks.slice(0, 1)]), blocks };
}

export function noticeMessage(v: NoticeView): SlackMessage {
  const icon = { ok: '✅', refused: '🚫', warning: '⚠️', info: 'ℹ️' }[v.tone];
  const lines = v.lines.map((l, i) => (i === 0 ? [`${icon} `, ...l] : l));
  const ids = new ActionIds();
  const elements = [...(v.actions ?? []).map((a) => button(a, ids)), ...(v.menus ?? []).map((m) => menu(m, ids))].slice(0, LIMITS.actionsElements);
  const actions: KnownBlock[] = elements.length ? [{ type: 'actions', elements }] : [];
  return { text: fallback(lines), blocks: [...textSections(lines), ...actions].slice(0, LIMITS.blocks.message) };
}

export function summaryMessage(v: SummaryView): SlackMessage {
  const ids = new ActionIds();
  const head: KnownBlock[] = [{ type: 'header', text: plain(v.title, LIMITS.headerText) }, ...textSections(v.lines)];
  const blocks = fit(head, v.sections.map((s) => sectionBlocks(s, ids)), [], (n) => context(`… (${n})`));
  return { text: fallback([[v.title], ...v.lines]), blocks };
}

export function headMessage(v: HeadMessageView): SlackMessage {
  const ids = new ActionIds();
  // Permalinks come from Slack itself; only their labels are escaped.
  const links = v.links.map((l) => `<${l.url}|${escapeMrkdwn(l.label)}>`).join(' · ');
  const head: KnownBlock[] = [{ type: 'header', text: plain(v.title, LIMITS.headerText) }, ...textSections(v.lines), ...(links ? [context(links)] : [])];
  const blocks = fit(head, v.sections.map((s) => sectionBlocks(s, ids)), [], (n) => context(`… (${n})`));
  return { text: fallback([[v.title], ...v.lines]), blocks };
}
