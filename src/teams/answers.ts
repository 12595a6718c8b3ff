// What the conversation layer answers → what Teams shows. Teams has no message only one person sees in a
// channel: a typed command is answered in the conversation it was typed in (as Teams' own bots do); a click
// on a form card replaces that card with the answer; a click on a message's button (anchor, step) leaves the
// message alone and is answered with a short text only the clicker sees, or with a new card in the thread.
import type { Reply } from '../conversation/replies.js';
import type { FormState } from '../conversation/intents.js';
import type { Language } from '../core/vocabulary.js';
import { translator } from '../i18n/index.js';
import type { NoticeView } from '../present/model.js';
import { anchorCard, ballotCard, formCard, homeCard, noticeCard, type AdaptiveCard } from './cards/index.js';
import { lineToPlain } from './cards/markdown.js';

export interface Rendered {
  card: AdaptiveCard | null;
  /** The same answer as plain text, when it is one (a notice, errors under fields). */
  text: string | null;
}

export type Sign = (state: FormState) => string;

export function noticeText(notice: NoticeView): string {
  return notice.lines.map(lineToPlain).filter(Boolean).join('\n');
}

/** A reply as a card (or a text); null when there is nothing to show. */
export function render(reply: Reply, language: Language, sign: Sign): Rendered | null {
  const t = translator(language);
  switch (reply.kind) {
    case 'none':
      return null;
    case 'closeForm':
      return fromNotice({ tone: 'ok', lines: [[t('teams:adapter.saved')]] }, language);
    case 'notice':
      return fromNotice(reply.notice, language);
    case 'formNotice':
      return fromNotice(reply.notice, language);
    case 'fieldErrors': {
      const text = t('teams:adapter.fieldErrors', { errors: Object.values(reply.errors).join(' ') });
      return { card: noticeCard({ tone: 'refused', lines: [[text]] }, language), text };
    }
    case 'status': {
      // One person's answer, posted where they typed: no refresh, which would turn it into someone else's view.
      const { refresh: _, ...c } = anchorCard(reply.anchor, language);
      return { card: { ...c, body: [...c.body, { type: 'TextBlock', text: reply.yours, wrap: true, isSubtle: true }] }, text: null };
    }
    case 'home':
      return { card: homeCard(reply.view, language), text: null };
    case 'openForm':
    case 'nextForm':
      return { card: formCard(reply.form, sign(reply.state), language), text: null };
    case 'ballot':
      return { card: ballotCard(reply.view, sign(reply.state), language, reply.notice), text: null };
    default: {
      const never: never = reply;
      throw new Error(`unhandled reply ${JSON.stringify(never)}`);
    }
  }
}

function fromNotice(notice: NoticeView, language: Language): Rendered {
  return { card: noticeCard(notice, language), text: noticeText(notice) };
}

/** A card replaced nothing: the form was cancelled. */
export function cancelledCard(language: Language): AdaptiveCard {
  return noticeCard({ tone: 'info', lines: [[translator(language)('teams:adapter.cancelled')]] }, language);
}
