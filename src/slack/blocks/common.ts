// Block Kit pieces shared by messages, modals and the Home tab. Every text is fitted to its limit here,
// so a view model with 20 stages and 140-character labels still makes a valid view.
import type { KnownBlock, Button, PlainTextElement, StaticSelect, PlainTextOption, ContextBlock, SectionBlock } from '@slack/types';
import type { ActionView, ChoiceView, ItemView, Line, MenuView, SectionView } from '../../present/model.js';
import { LIMITS } from '../limits.js';
import { escapeMrkdwn, lineToMrkdwn, lineToPlain, truncate, truncateMrkdwn } from '../mrkdwn.js';

export const plain = (text: string, max: number = LIMITS.sectionText): PlainTextElement => ({ type: 'plain_text', text: truncate(text, max) || ' ', emoji: true });

/** Gives each action a unique action_id inside one view: `<action>.<n>`; the router reads the part before the dot. */
export class ActionIds {
  private n = 0;
  next(action: string): string {
    this.n += 1;
    return `${action}.${this.n}`;
  }
}

export function button(a: ActionView, ids: ActionIds): Button {
  return {
    type: 'button',
    action_id: ids.next(a.action),
    text: plain(a.label, LIMITS.buttonText),
    value: a.value,
    ...(a.tone ? { style: a.tone } : {}),
    ...(a.confirm ? {
      confirm: {
        title: plain(a.confirm.title, LIMITS.confirmTitle), text: plain(a.confirm.text, LIMITS.confirmText),
        confirm: plain(a.confirm.confirm, LIMITS.confirmButton), deny: plain(a.confirm.deny, LIMITS.confirmButton),
      },
    } : {}),
  };
}

export function option(c: ChoiceView): PlainTextOption {
  return { text: plain(c.label, LIMITS.optionText), value: c.value };
}

export function menu(m: MenuView, ids: ActionIds): StaticSelect {
  return { type: 'static_select', action_id: ids.next(m.action), placeholder: plain(m.placeholder, LIMITS.placeholder), options: m.choices.slice(0, LIMITS.selectOptions).map(option) };
}

export function actionsBlock(actions: ActionView[], ids: ActionIds, blockId?: string): KnownBlock[] {
  if (actions.length === 0) return [];
  return [{ type: 'actions', ...(blockId ? { block_id: blockId } : {}), elements: actions.slice(0, LIMITS.actionsElements).map((a) => button(a, ids)) }];
}

/** Lines as as few sections as fit, each within the section text limit; a single overlong line is cut. */
export function textSections(lines: Line[], heading?: string): SectionBlock[] {
  const texts = lines.map((l) => truncateMrkdwn(lineToMrkdwn(l), LIMITS.sectionText));
  if (heading) texts.unshift(truncateMrkdwn(lineToMrkdwn([{ strong: heading }]), LIMITS.sectionText));
  const out: SectionBlock[] = [];
  let current = '';
  for (const text of texts) {
    if (!text) continue;
    if (current && current.length + 1 + text.length > LIMITS.sectionText) {
      out.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = text;
    } else {
      current = current ? `${current}\n${text}` : text;
    }
  }
  if (current) out.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  return out;
}

export function context(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn(text, LIMITS.sectionText) || ' ' }] };
}

/** An item: its text (and detail) in a section, one button beside it, further buttons in a row below. */
export function itemBlocks(item: ItemView, ids: ActionIds): KnownBlock[] {
  const text = [lineToMrkdwn(item.line), item.detail ? `_${lineToMrkdwn(item.detail).replace(/_/g, '＿')}_` : ''].filter(Boolean).join('\n');
  const [first, ...rest] = item.actions ?? [];
  const section: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(text, LIMITS.sectionText) || ' ' } };
  if (first && rest.length === 0) section.accessory = button(first, ids);
  return [section, ...(first && rest.length > 0 ? actionsBlock([first, ...rest], ids) : [])];
}

export function sectionBlocks(s: SectionView, ids: ActionIds): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (s.heading) blocks.push(...textSections([], s.heading));
  if (s.lines?.length) blocks.push(...textSections(s.lines));
  for (const item of s.items ?? []) blocks.push(...itemBlocks(item, ids));
  if (s.more) blocks.push(context(lineToMrkdwn([s.more])));
  return blocks;
}

/** Notification text (the `text` beside blocks): short, and escaped too — Slack formats it as well. */
export function fallback(lines: Line[]): string {
  return escapeMrkdwn(truncate(lines.map(lineToPlain).join('\n'), 400));
}
