// View models → the cards of a conversation: the anchor, a step's card, private notices (the facilitator's
// controls among them), the final summary and the department heads' messages. Each fits in one activity:
// the head and the buttons stay, the middle's items are kept while they fit and the rest counted.
import type { Language } from '../../core/vocabulary.js';
import type { AnchorView, HeadMessageView, NoticeView, StepView, SummaryView } from '../../present/model.js';
import { CARD_LIMITS } from './limits.js';
import { truncate } from './markdown.js';
import { type AdaptiveCard, button, card, CardContext, fitBody, footer, lines, menu, sectionGroups, textBlock, title } from './common.js';

/** People's names by user id, when the adapter knows them: a `{ user }` run then becomes a real mention. */
export type Names = ReadonlyMap<string, string>;

export const NOTICE_ICONS = { ok: '✅', refused: '🚫', warning: '⚠️', info: 'ℹ️' } as const;

export function anchorCard(v: AnchorView, language: Language, names?: Names): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const buttons = footer(v.actions.map(button));
  const head = [
    title(v.title),
    textBlock(ctx.md([v.context]), { isSubtle: true, size: 'Small' }),
    textBlock(ctx.md(v.progress)),
    ...(v.facts.length ? [{ type: 'FactSet', facts: v.facts.map((f) => ({ title: truncate(f.label, CARD_LIMITS.choiceTitle), value: truncate(f.value, CARD_LIMITS.text) })) }] : []),
  ];
  const body = fitBody(ctx, head, v.lines.map((l) => lines(ctx, [l])), buttons.body, buttons.actions);
  return card(ctx, body, buttons.actions);
}

export function stepCard(v: StepView, language: Language, names?: Names): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const head = [title(v.title), ...lines(ctx, v.asks)];
  const middle = v.sections.flatMap((s) => sectionGroups(s, ctx, true));
  // A step that is over keeps its content but loses its buttons, as in Slack.
  const buttons = footer(v.active ? [...v.actions.map(button), ...v.menus.map((m) => menu(m, ctx))] : []);
  return card(ctx, fitBody(ctx, head, middle, buttons.body, buttons.actions), buttons.actions);
}

/** A private answer; the facilitator's controls (controlsNotice) are one, with their menus. */
export function noticeCard(v: NoticeView, language: Language, names?: Names): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const ls = v.lines.map((l, i) => (i === 0 ? [`${NOTICE_ICONS[v.tone]} `, ...l] : l));
  const buttons = footer([...(v.actions ?? []).map(button), ...(v.menus ?? []).map((m) => menu(m, ctx))]);
  const body = fitBody(ctx, [], ls.map((l) => lines(ctx, [l])), buttons.body, buttons.actions);
  return card(ctx, body, buttons.actions);
}

export function summaryCard(v: SummaryView, language: Language, names?: Names): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const middle = v.sections.flatMap((s) => sectionGroups(s, ctx, true));
  return card(ctx, fitBody(ctx, [title(v.title), ...lines(ctx, v.lines)], middle, []));
}

/** A department head's items, in their personal chat; the thread and the map open in the browser. */
export function headCard(v: HeadMessageView, language: Language, names?: Names): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const links = v.links.filter((l) => /^https:\/\//.test(l.url))
    .map((l) => ({ type: 'Action.OpenUrl', title: truncate(l.label, CARD_LIMITS.buttonTitle), url: l.url }));
  const buttons = footer(links);
  const middle = v.sections.flatMap((s) => sectionGroups(s, ctx, true));
  return card(ctx, fitBody(ctx, [title(v.title), ...lines(ctx, v.lines)], middle, buttons.body, buttons.actions), buttons.actions);
}
