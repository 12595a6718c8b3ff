// What AI suggestions look like to the one person they are for: a stage's wording in the customer's voice, and
// solution ideas for the facilitator. Each is offered with a button that applies it through the engine's
// ordinary command; nothing is applied without that click. The suggestion's text is a plain Run like anything
// participants write, so each adapter escapes it the same way.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { Language } from '../core/vocabulary.js';
import { fitsValue, packText, packValue } from './actions.js';
import type { ActionView, Line, NoticeView } from './model.js';
import { words, type Words } from './text.js';

/** At most this many solution ideas are asked for and listed. */
export const IDEAS_LIMIT = 5;

/** One idea as the assistant gave it (src/conversation/assistant.ts SolutionIdea). */
export interface IdeaView {
  text: string;
  addressesId: string;
  departmentId: string | null;
}

/** How long a quoted observation may be beside an idea, or an item in a list of merges: the suggestion is what is read. */
const QUOTED = 120;

/** A participant's text quoted beside a suggestion, cut at QUOTED characters. */
export const quote = (w: Words, text: string): string => w.p('format.quote', { text: text.length > QUOTED ? `${text.slice(0, QUOTED - 1).trimEnd()}…` : text });

/** Why the simple built-in method answered (an AssistNotice code), as the message's first line. */
export function noticeLine(w: Words, notice: string | null): Line[] {
  return notice ? [[w.t(`assist:notice.${notice}`)]] : [];
}

/** A first-person wording offered for a stage written in process wording; `round` tells this offer from another. */
export function wordingNotice(s: WorkshopSnapshot, stage: { id: string; label: string }, label: string, round: string): NoticeView | null {
  const w = words(s.workshop.language);
  const value = packValue(s.workshop.id, round, stage.id, packText(label));
  if (!fitsValue('useWording', value)) return null;
  return {
    tone: 'info', language: w.language,
    lines: [
      [w.p('assist.wording.suggested', { stage: quote(w, stage.label) }), ' ', { strong: w.p('format.quote', { text: label }) }],
      [w.p('assist.wording.onlyByClick')],
    ],
    actions: [{ action: 'useWording', label: w.p('assist.wording.use'), value, tone: 'primary' }],
  };
}

/**
 * Solution ideas for the facilitator, numbered, each with what it addresses and its likely owning department,
 * and one "Add solution n" button per idea. `notice`: why the built-in method answered, or null.
 */
export function ideasNotice(s: WorkshopSnapshot, ideas: readonly IdeaView[], notice: string | null, round: string): NoticeView {
  const w = words(s.workshop.language);
  if (ideas.length === 0) return { tone: 'info', language: w.language, lines: [...noticeLine(w, notice), [w.p('assist.ideas.nothing')]] };
  const lines: Line[] = [...noticeLine(w, notice), [{ strong: w.p('assist.ideas.heading') }]];
  const actions: ActionView[] = [];
  ideas.slice(0, IDEAS_LIMIT).forEach((idea, i) => {
    const n = i + 1;
    const observation = s.observations.find((o) => o.id === idea.addressesId);
    const department = s.departments.find((d) => d.id === idea.departmentId);
    lines.push([`${n}. `, idea.text]);
    const detail: string[] = [];
    if (observation) detail.push(w.p('assist.ideas.addresses', { observation: quote(w, observation.text) }));
    if (department) detail.push(w.p('assist.ideas.department', { department: department.name }));
    // No leading spaces: Teams' markdown would take an indented line for code.
    if (detail.length) lines.push([`→ ${detail.join(' · ')}`]);
    const value = packValue(s.workshop.id, round, idea.addressesId, department ? department.id : '-', packText(idea.text));
    // An idea too long to carry on its button is still shown, to be added through the solution form.
    if (observation && fitsValue('addIdea', value)) actions.push({ action: 'addIdea', label: w.p('assist.ideas.add', { n }), value });
  });
  return { tone: 'info', language: w.language, lines, actions };
}

/** The facilitator asked for ideas: they follow privately once the assistant answered. */
export function ideasComingNotice(language: Language): NoticeView {
  return { tone: 'info', language, lines: [[words(language).p('assist.ideas.coming')]] };
}

/** No irritant or break to find solutions for: nothing is asked. */
export function noIdeasToAskNotice(language: Language): NoticeView {
  return { tone: 'info', language, lines: [[words(language).p('assist.ideas.none')]] };
}

/** A suggestion applied by its click (or applied already, by an earlier click on the same button). */
export function appliedNotice(language: Language, what: 'wording' | 'idea', text: string, replayed: boolean): NoticeView {
  const w = words(language);
  if (replayed) return { tone: 'info', language, lines: [[w.p(`assist.${what === 'wording' ? 'wording' : 'ideas'}.already`)]] };
  const key = what === 'wording' ? 'assist.wording.done' : 'assist.ideas.added';
  return { tone: 'ok', language, lines: [[w.p(key), ' ', w.p('format.quote', { text })]] };
}
