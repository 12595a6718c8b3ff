// Adaptive Card pieces shared by every card: the envelope (version 1.5, sent alone in its activity), text
// blocks, buttons (Action.Execute carrying the same packed values as Slack's buttons), menus, action rows
// of at most six, and the fitting that keeps an activity under Teams' 40 KB.
import type { Language } from '../../core/vocabulary.js';
import { translator } from '../../i18n/index.js';
import type { ActionView, ItemView, Line, MenuView, SectionView } from '../../present/model.js';
import { activityBytes, CARD_LIMITS, cardActivity } from './limits.js';
import type { AdaptiveCard, Element } from './card.js';
import { SCHEMA } from './card.js';
import { lineToMarkdown, truncate, truncateMarkdown, TextContext } from './markdown.js';

export type { AdaptiveCard, Element };

/**
 * What the conversation layer gets back from a button: `verb` is the action's name and `data.value` its
 * packed value (src/present/actions.ts unpackValue), exactly what Slack's button carries. From a menu,
 * `data.input` names the input whose value (merged into `data` by Teams) is the chosen packed value.
 */
export interface ExecuteData {
  action: string;
  value?: string;
  input?: string;
}

/** The verb of a card's refresh: Teams asks for one person's own version of a message (anchor, step). */
export const PERSONAL_VIEW = 'personalView';

/** What a message's refresh carries back: which message of which workshop (and of which step). */
export interface PersonalViewData {
  action: typeof PERSONAL_VIEW;
  view: 'anchor' | 'step';
  workshop: string;
  step?: string;
}

/**
 * A message that each person may see in their own version (the facilitator's controls on the anchor, a
 * voter's remaining votes on a voting step): its refresh names the people (Teams ids) when known, at most
 * sixty; with none known, every member of a conversation of at most sixty gets their own; with more than
 * sixty known the refresh is left out (the card stays the same for everyone, as before).
 */
export function withPersonalView(c: AdaptiveCard, data: Omit<PersonalViewData, 'action'>, userIds?: readonly string[]): AdaptiveCard {
  if (userIds && (userIds.length === 0 || userIds.length > CARD_LIMITS.refreshUsers)) return c;
  const action = { type: 'Action.Execute', verb: PERSONAL_VIEW, data: { action: PERSONAL_VIEW, ...data } };
  const personal: AdaptiveCard = { ...c, refresh: { action, ...(userIds ? { userIds: [...userIds] } : {}) } };
  // Sixty long ids weigh some 5 KB: a card already near Teams' limit stays the same for everyone rather than fail.
  return activityBytes(cardActivity(personal)) < CARD_LIMITS.activityBytes ? personal : c;
}

/** Everything a card builder needs besides its view: its words, people's names, unique input ids. */
export class CardContext {
  readonly text: TextContext;
  private n = 0;
  readonly t: (key: string, params?: Record<string, unknown>) => string;
  constructor(readonly language: Language, names?: ReadonlyMap<string, string>) {
    this.text = new TextContext(names);
    const t = translator(language);
    this.t = (key, params) => t(`teams:${key}`, params);
  }

  /** An input id unique within the card: `<name>.<n>`, the part before the dot says what it is. */
  nextId(name: string): string {
    this.n += 1;
    return `${name}.${this.n}`;
  }

  md(line: Line): string {
    return truncateMarkdown(lineToMarkdown(line, this.text), CARD_LIMITS.text);
  }
}

export function card(ctx: CardContext, body: Element[], actions: Element[] = []): AdaptiveCard {
  // Only the mentions still in the text: fitting may have left some out, and Teams wants each entity's tag in the card.
  const drawn = ctx.text.mentions.length ? JSON.stringify([body, actions]) : '';
  const entities = ctx.text.mentions.filter((m) => drawn.includes(JSON.stringify(m.text).slice(1, -1)));
  return {
    type: 'AdaptiveCard', $schema: SCHEMA, version: '1.5', body,
    ...(actions.length ? { actions: actions.slice(0, CARD_LIMITS.actions) } : {}),
    msteams: { width: 'Full', ...(entities.length ? { entities } : {}) },
  };
}

export function textBlock(text: string, style: { size?: string; weight?: string; isSubtle?: boolean; color?: string; separator?: boolean; spacing?: string } = {}): Element {
  return { type: 'TextBlock', text: text || ' ', wrap: true, ...style };
}

export function title(text: string): Element {
  return textBlock(truncate(text, CARD_LIMITS.title), { size: 'Large', weight: 'Bolder' });
}

/** Lines as one TextBlock (markdown needs a blank line between paragraphs, or lines run together). */
export function lines(ctx: CardContext, ls: Line[], style?: Parameters<typeof textBlock>[1]): Element[] {
  const texts = ls.map((l) => ctx.md(l)).filter((t) => t.trim() !== '');
  return texts.length ? [textBlock(truncateMarkdown(texts.join('\n\n'), CARD_LIMITS.text), style)] : [];
}

function execute(titleText: string, verb: string, data: ExecuteData, style?: 'positive' | 'destructive'): Element {
  return { type: 'Action.Execute', title: truncate(titleText, CARD_LIMITS.buttonTitle), verb, data, ...(style ? { style } : {}) };
}

/**
 * A button. Adaptive Cards have no confirmation dialog, so a button that asks first opens a card under it
 * with the question and the button that does it; clicking the first button again folds it away.
 */
export function button(a: ActionView): Element {
  const style = a.tone === 'primary' ? 'positive' : a.tone === 'danger' ? 'destructive' : undefined;
  const run = execute(a.label, a.action, { action: a.action, value: a.value }, style);
  if (!a.confirm) return run;
  return {
    type: 'Action.ShowCard', title: truncate(a.label, CARD_LIMITS.buttonTitle),
    card: {
      type: 'AdaptiveCard',
      body: [textBlock(truncate(a.confirm.title, CARD_LIMITS.title), { weight: 'Bolder' }), textBlock(truncate(a.confirm.text, CARD_LIMITS.text))],
      actions: [{ ...run, title: truncate(a.confirm.confirm, CARD_LIMITS.buttonTitle) }],
    },
  };
}

/** A menu: its choices in a list under a button named by its placeholder, and a button that sends the choice. */
export function menu(m: MenuView, ctx: CardContext): Element {
  const id = ctx.nextId(m.action);
  return {
    type: 'Action.ShowCard', title: truncate(m.placeholder, CARD_LIMITS.buttonTitle),
    card: {
      type: 'AdaptiveCard',
      body: [{
        type: 'Input.ChoiceSet', id, style: 'compact', placeholder: truncate(m.placeholder, CARD_LIMITS.buttonTitle),
        choices: m.choices.slice(0, CARD_LIMITS.choices).map((c) => ({ title: truncate(c.label, CARD_LIMITS.choiceTitle) || '—', value: c.value })),
      }],
      actions: [execute(ctx.t('cards.choose'), m.action, { action: m.action, input: id })],
    },
  };
}

/** Actions as rows of at most six (Teams draws no more in one row and drops the rest). */
export function actionSets(actions: Element[]): Element[] {
  const out: Element[] = [];
  for (let i = 0; i < actions.length; i += CARD_LIMITS.actions) out.push({ type: 'ActionSet', actions: actions.slice(i, i + CARD_LIMITS.actions) });
  return out;
}

/**
 * The card's own buttons: the first six in its `actions` (drawn at its foot), any others in rows just above.
 */
export function footer(actions: Element[]): { body: Element[]; actions: Element[] } {
  return { actions: actions.slice(0, CARD_LIMITS.actions), body: actionSets(actions.slice(CARD_LIMITS.actions)) };
}

export function itemElements(item: ItemView, ctx: CardContext): Element[] {
  const text = [ctx.md(item.line), item.detail ? `_${ctx.md(item.detail)}_` : ''].filter(Boolean).join('\n\n');
  return [textBlock(truncateMarkdown(text, CARD_LIMITS.text)), ...actionSets((item.actions ?? []).map(button))];
}

/** A section as groups of elements: its heading and lines first, then one group per item. */
export function sectionGroups(s: SectionView, ctx: CardContext, separator: boolean): Element[][] {
  const head = [
    ...(s.heading ? [textBlock(truncateMarkdown(ctx.md([{ strong: s.heading }]), CARD_LIMITS.text), { weight: 'Bolder' })] : []),
    ...lines(ctx, s.lines ?? []),
  ];
  const groups = [head, ...(s.items ?? []).map((item) => itemElements(item, ctx))].filter((g) => g.length > 0);
  if (s.more) groups.push([textBlock(ctx.md([s.more]), { isSubtle: true })]);
  if (separator && groups[0]?.[0]) groups[0][0] = { ...groups[0][0], separator: true };
  return groups;
}

const size = (value: unknown): number => JSON.stringify(value).length;

/**
 * Keeps the head and the tail of a card and adds the middle's groups in order while the card stays under its
 * budget; what has no room is counted in a "+N more" line (the list is never cut in the middle of an item).
 */
export function fitBody(ctx: CardContext, head: Element[], middle: Element[][], tail: Element[], actions: Element[] = []): Element[] {
  const moreLine = (n: number) => textBlock(ctx.t('cards.more', { count: n }), { isSubtle: true });
  // The card around the body, with the longest "+N more" line it could get.
  let used = size(card(ctx, [...head, ...tail, moreLine(middle.length)], actions));
  // Most cards fit whole: one measure of all of the middle then says so.
  if (used + size(middle) <= CARD_LIMITS.cardChars) return [...head, ...middle.flat(), ...tail];
  const out = [...head];
  let skipped = 0;
  for (const group of middle) {
    const cost = group.reduce((sum, e) => sum + size(e) + 1, 0);
    if (skipped === 0 && used + cost <= CARD_LIMITS.cardChars) {
      out.push(...group);
      used += cost;
    } else skipped += group.length > 0 ? 1 : 0;
  }
  if (skipped) out.push(moreLine(skipped));
  return [...out, ...tail];
}
