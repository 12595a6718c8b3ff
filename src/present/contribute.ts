// What a person sees after writing in a workshop's thread (or Teams conversation) without addressing the bot:
// privately, what their message could be added as — "Add this as an irritant at the stage “…”?" — with "Add it"
// and "Dismiss". Nothing is added without the click, which runs the engine's ordinary command as that person.
// The message's words are a plain Run like anything participants write, so each adapter escapes them the same way.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { Language } from '../core/vocabulary.js';
import { fitsValue, packText, packValue } from './actions.js';
import type { Line, NoticeView } from './model.js';
import { words } from './text.js';

export type ContributionKind = 'touchpoint' | 'irritant' | 'enchantment' | 'rupture';

/** One offer: what the message would become. `channel`: a touchpoint's channel (null for an observation). */
export interface ContributionOffer {
  kind: ContributionKind;
  stageId: string;
  channel: string | null;
  text: string;
}

/** A packed value's stand-in for "no channel" (an observation): never a packed text, which is base64url of one character or more. */
export const NO_CHANNEL = '-';

/**
 * The private offer. `notice`: why the simple built-in method answered instead of the model (an AssistNotice
 * code), shown as the first line; null when the model answered or AI is off (the built-in method is then the
 * normal way, nothing to excuse). `round` tells this offer from another of the same text. Null when the
 * offer cannot be carried on a button (too long), or its stage is gone.
 */
export function contributionNotice(s: WorkshopSnapshot, offer: ContributionOffer, notice: string | null, round: string): NoticeView | null {
  const w = words(s.workshop.language);
  const stage = s.stages.find((x) => x.id === offer.stageId);
  if (!stage) return null;
  const value = packValue(s.workshop.id, round, offer.kind, offer.stageId, offer.channel === null ? NO_CHANNEL : packText(offer.channel), packText(offer.text));
  if (!fitsValue('addContribution', value)) return null;
  const place = { stage: w.p('format.quote', { text: stage.label }), channel: offer.channel ?? '' };
  const lines: Line[] = [
    ...(notice ? [[w.t(`assist:notice.${notice}`)]] : []),
    [w.p(`contribute.offer.${offer.kind}`, place)],
    [{ strong: w.p('format.quote', { text: offer.text }) }],
    [w.p('contribute.onlyByClick')],
  ];
  return {
    tone: 'info', language: w.language, lines,
    actions: [
      { action: 'addContribution', label: w.p('contribute.add'), value, tone: 'primary' },
      { action: 'dismissContribution', label: w.p('contribute.dismiss'), value: packValue(s.workshop.id, round) },
    ],
  };
}

/** The click added it (or had already: the same button again, or the platform delivering the click twice). */
export function contributedNotice(language: Language, kind: ContributionKind, stage: string, text: string, replayed: boolean): NoticeView {
  const w = words(language);
  if (replayed) return { tone: 'info', language, lines: [[w.p('contribute.already')]] };
  return { tone: 'ok', language, lines: [[w.p(`contribute.added.${kind}`, { stage: w.p('format.quote', { text: stage }) }), ' ', w.p('format.quote', { text })]] };
}

/** "Dismiss": nothing was added, and nothing will be from this offer unless its author clicks "Add it" after all. */
export function dismissedNotice(language: Language): NoticeView {
  return { tone: 'info', language, lines: [[words(language).p('contribute.dismissed')]] };
}
