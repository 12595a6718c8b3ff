// View models → the cards of a conversation: the anchor, a step's card, private notices (the facilitator's
// controls among them), the final summary and the department heads' messages. Each fits in one activity:
// the head and the buttons stay, the middle's items are kept while they fit and the rest counted.
import type { Language } from '../../core/vocabulary.js';
import type { AnchorView, HeadMessageView, Line, NoticeView, StepView, SummaryView } from '../../present/model.js';
import { CARD_LIMITS } from './limits.js';
import { truncate } from './markdown.js';
import { isVotingStep } from '../../core/vocabulary.js';
import { actionSets, type AdaptiveCard, button, card, CardContext, type Element, fitBody, footer, lines, menu, sectionGroups, textBlock, title, withPersonalView } from './common.js';

/** People's names by user id, when the adapter knows them: a `{ user }` run then becomes a real mention. */
export type Names = ReadonlyMap<string, string>;

export const NOTICE_ICONS = { ok: '✅', refused: '🚫', warning: '⚠️', info: 'ℹ️' } as const;

/**
 * How one person sees a message in their own version (src/teams/personal-view.ts). `viewers`: the Teams ids
 * (29:…) of the people whose clients ask for theirs; absent, everyone's in a conversation of at most sixty.
 */
export interface PersonalView {
  viewers?: readonly string[];
  /** The anchor as its facilitator sees it: with their controls under it. */
  controls?: NoticeView;
  /** A voting step as a voter sees it: with their votes left. */
  lines?: Line[];
}

export function anchorCard(v: AnchorView, language: Language, names?: Names, personal: PersonalView = {}): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const buttons = footer(v.actions.map(button));
  const controls = personal.controls ? controlElements(personal.controls, ctx) : [];
  const head = [
    title(v.title),
    textBlock(ctx.md([v.context]), { isSubtle: true, size: 'Small' }),
    textBlock(ctx.md(v.progress)),
    ...(v.facts.length ? [{ type: 'FactSet', facts: v.facts.map((f) => ({ title: truncate(f.label, CARD_LIMITS.choiceTitle), value: truncate(f.value, CARD_LIMITS.text) })) }] : []),
  ];
  const body = fitBody(ctx, head, v.lines.map((l) => lines(ctx, [l])), [...buttons.body, ...controls], buttons.actions);
  return withPersonalView(card(ctx, body, buttons.actions), { view: 'anchor', workshop: v.workshopId }, personal.viewers);
}

/** The facilitator's controls under the anchor: their lines after a separator, their buttons and menus in rows. */
function controlElements(n: NoticeView, ctx: CardContext): Element[] {
  const [first, ...rest] = n.lines.map((l) => lines(ctx, [l])).flat();
  const row = [...(n.actions ?? []).map(button), ...(n.menus ?? []).map((m) => menu(m, ctx))];
  return [...(first ? [{ ...first, separator: true }] : []), ...rest, ...actionSets(row)];
}

/** A step's card; while a voting step runs, each voter may see their own version of it (their votes left). */
export function stepCard(v: StepView, language: Language, names?: Names, personal: PersonalView = {}): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const head = [title(v.title), ...lines(ctx, v.asks), ...lines(ctx, personal.lines ?? [], { weight: 'Bolder', color: 'Accent' })];
  const middle = v.sections.flatMap((s) => sectionGroups(s, ctx, true));
  // A step that is over keeps its content but loses its buttons, as in Slack.
  const buttons = footer(v.active ? [...v.actions.map(button), ...v.menus.map((m) => menu(m, ctx))] : []);
  const c = card(ctx, fitBody(ctx, head, middle, buttons.body, buttons.actions), buttons.actions);
  return v.active && isVotingStep(v.step) ? withPersonalView(c, { view: 'step', workshop: v.workshopId, step: v.step }, personal.viewers) : c;
}

/** A private answer; the facilitator's controls (controlsNotice) are one, with their menus. */
export function noticeCard(v: NoticeView, language: Language, names?: Names): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const ls = v.lines.map((l, i) => (i === 0 ? [`${NOTICE_ICONS[v.tone]} `, ...l] : l));
  const buttons = footer([...(v.actions ?? []).map(button), ...(v.menus ?? []).map((m) => menu(m, ctx))]);
  const body = fitBody(ctx, [], ls.map((l) => lines(ctx, [l])), buttons.body, buttons.actions);
  return card(ctx, body, buttons.actions);
}

/** Teams fetches a card's images and opens its links itself: only an https address reaches it. */
const isHttps = (url: string): boolean => /^https:\/\//.test(url);

/** The summary beside the map: in Teams, the map's preview as the card's picture and buttons to open the rest. */
export function summaryCard(v: SummaryView, language: Language, names?: Names): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const image = v.image && isHttps(v.image.url) ? [{ type: 'Image', url: v.image.url, altText: truncate(v.image.alt, CARD_LIMITS.title), size: 'Stretch' }] : [];
  const buttons = footer((v.links ?? []).filter((l) => isHttps(l.url))
    .map((l) => ({ type: 'Action.OpenUrl', title: truncate(l.label, CARD_LIMITS.buttonTitle), url: l.url })));
  const middle = v.sections.flatMap((s) => sectionGroups(s, ctx, true));
  return card(ctx, fitBody(ctx, [title(v.title), ...image, ...lines(ctx, v.lines)], middle, buttons.body, buttons.actions), buttons.actions);
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
