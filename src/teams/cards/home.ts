// The person's own view (Teams' personal chat with the bot, where Slack has its Home tab): their workshops,
// each with its step, their role, what awaits them and its deadline, and for the workshops they facilitate,
// their controls. Only they see it: it is sent in their personal chat.
import type { Language } from '../../core/vocabulary.js';
import type { HomeView } from '../../present/model.js';
import { type AdaptiveCard, actionSets, button, card, CardContext, type Element, fitBody, lines, menu, textBlock, title } from './common.js';
import type { Names } from './messages.js';

export function homeCard(v: HomeView, language: Language, names?: Names): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const head: Element[] = [title(v.title), ...lines(ctx, v.intro), ...(v.empty ? lines(ctx, [[v.empty]]) : [])];
  const middle = v.workshops.map((w): Element[] => {
    const c = w.controls;
    const controls = c ? [...c.actions.map(button), ...[c.timer ?? null, c.reopen, c.settings].flatMap((m) => (m ? [menu(m, ctx)] : []))] : [];
    const [first, ...rest] = lines(ctx, [w.line, ...w.detail]);
    return [...(first ? [{ ...first, separator: true }] : []), ...rest, ...actionSets(controls)];
  });
  const tail = v.more ? [textBlock(ctx.md([v.more]), { isSubtle: true })] : [];
  return card(ctx, fitBody(ctx, head, middle, tail));
}
