// What two more AI suggestions look like to the facilitator: near-duplicates proposed as merges, and the draft
// of a target journey's story. Each is offered privately with buttons that apply it through the engine's
// ordinary commands (mergeObservations, mergeTouchpoints, setNarrative); nothing is applied without a click.
// Suggested texts are plain Runs like anything participants write, so each adapter escapes them the same way.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { Language, ObservationKind } from '../core/vocabulary.js';
import { fitsValue, MERGED_SEPARATOR, packText, packValue } from './actions.js';
import { noticeLine, quote } from './assist.js';
import type { ActionView, Line, NoticeView } from './model.js';
import { words, type Words } from './text.js';

/** One proposed merge, as the job found it: the kept item first, then the items folded into it. */
export interface MergeGroupView {
  kind: 'touchpoint' | ObservationKind;
  keepId: string;
  mergeIds: string[];
}

/** Merges listed in one message at most: beyond, the facilitator asks again once these are done. */
export const MERGES_LISTED = 10;

/**
 * An item of a merge as the facilitator reads it: its text — a touchpoint's channel and description — and, for
 * an observation, its votes when this step's tallies may be shown (the snapshot's counts are 0 while they are
 * secret, and saying "0 votes" would mislead: nothing is said instead).
 */
function itemText(s: WorkshopSnapshot, w: Words, kind: MergeGroupView['kind'], id: string): string | null {
  if (kind === 'touchpoint') {
    const t = s.touchpoints.find((x) => x.id === id);
    if (!t) return null;
    const channel = s.channels.find((c) => c.id === t.channelId)?.name ?? '';
    return t.description ? `${channel} — ${quote(w, t.description)}` : channel;
  }
  const o = s.observations.find((x) => x.id === id);
  if (!o) return null;
  return s.tallies.evaluation ? w.p('assist.merge.withVotes', { text: quote(w, o.text), count: o.votes }) : quote(w, o.text);
}

function stageOf(s: WorkshopSnapshot, kind: MergeGroupView['kind'], id: string): string {
  const stageId = kind === 'touchpoint' ? s.touchpoints.find((x) => x.id === id)?.stageId : s.observations.find((x) => x.id === id)?.stageId;
  return s.stages.find((x) => x.id === stageId)?.label ?? '';
}

/**
 * The proposed merges, numbered: where, what is kept, what is folded into it, and one "Merge n" button each,
 * whose value carries ids only. `notice`: why the built-in method answered, or null.
 */
export function mergesNotice(s: WorkshopSnapshot, groups: readonly MergeGroupView[], notice: string | null, round: string): NoticeView {
  const w = words(s.workshop.language);
  if (groups.length === 0) return { tone: 'info', language: w.language, lines: [...noticeLine(w, notice), [w.p('assist.merge.nothing')]] };
  const lines: Line[] = [...noticeLine(w, notice), [{ strong: w.p('assist.merge.heading') }]];
  const actions: ActionView[] = [];
  groups.slice(0, MERGES_LISTED).forEach((group, i) => {
    const n = i + 1;
    const kept = itemText(s, w, group.kind, group.keepId);
    const merged = group.mergeIds.map((id) => itemText(s, w, group.kind, id)).filter((x): x is string => x !== null);
    if (kept === null || merged.length !== group.mergeIds.length) return;
    lines.push([`${n}. `, { strong: w.p(`assist.merge.kinds.${group.kind}`) }, ' · ', w.p('assist.merge.stage', { stage: quote(w, stageOf(s, group.kind, group.keepId)) })]);
    // No leading spaces: Teams' markdown would take an indented line for code.
    lines.push([`→ ${w.p('assist.merge.keep', { item: kept })}`]);
    lines.push([`→ ${w.p('assist.merge.into', { count: merged.length, items: merged.join(' · ') })}`]);
    const value = packValue(s.workshop.id, round, group.kind === 'touchpoint' ? 't' : 'o', group.keepId, group.mergeIds.join(MERGED_SEPARATOR));
    // A group too large to carry on a button is still shown: merged once the others are done, it comes back smaller.
    if (fitsValue('merge', value)) actions.push({ action: 'merge', label: w.p('assist.merge.merge', { n }), value });
  });
  lines.push([w.p('assist.merge.onlyByClick')]);
  return { tone: 'info', language: w.language, lines, actions };
}

/** The facilitator asked for near-duplicates: the merges follow privately once the assistant answered. */
export function mergesComingNotice(language: Language): NoticeView {
  return { tone: 'info', language, lines: [[words(language).p('assist.merge.coming')]] };
}

/** Fewer than two items of one kind at any stage: nothing to compare, nothing is asked. */
export function nothingToMergeNotice(language: Language): NoticeView {
  return { tone: 'info', language, lines: [[words(language).p('assist.merge.none')]] };
}

/** A merge applied by its click: what became of the votes (observations) or how many observations moved (touchpoints). */
export function mergedNotice(
  language: Language, result: { votesCarried: number; votesReturned: number } | { observationsMoved: number }, count: number, replayed: boolean,
): NoticeView {
  const w = words(language);
  if (replayed) return { tone: 'info', language, lines: [[w.p('assist.merge.already')]] };
  const lines: Line[] = [[w.p('assist.merge.done', { count })]];
  if ('votesCarried' in result) {
    lines.push([w.p('assist.merge.votesCarried', { count: result.votesCarried })]);
    if (result.votesReturned > 0) lines.push([w.p('assist.merge.votesReturned', { count: result.votesReturned })]);
  } else if (result.observationsMoved > 0) {
    lines.push([w.p('assist.merge.observationsMoved', { count: result.observationsMoved })]);
  }
  return { tone: 'ok', language, lines };
}

/** A story as lines, one per line of its text (a blank line between paragraphs is kept as an empty line). */
export function storyLines(text: string): Line[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== '')).map((line) => [line]);
}

/**
 * The drafted story for the facilitator, with "Approve" (stores it as it is) and "Edit…" (the story form,
 * filled with it). Both carry the text, so that what is approved is exactly what was shown; a draft too long
 * for a button is shown with "Edit…" opening the form with the story approved so far, to paste it in.
 */
export function storyNotice(s: WorkshopSnapshot, text: string, notice: string | null, round: string): NoticeView {
  const w = words(s.workshop.language);
  const lines: Line[] = [...noticeLine(w, notice), [{ strong: w.p('assist.story.heading') }], ...storyLines(text)];
  const approve = packValue(s.workshop.id, round, packText(text));
  const actions: ActionView[] = [];
  if (fitsValue('approveStory', approve)) {
    lines.push([w.p('assist.story.onlyByClick')]);
    actions.push({ action: 'approveStory', label: w.p('assist.story.approve'), value: approve, tone: 'primary' });
    actions.push({ action: 'editStory', label: w.p('assist.story.edit'), value: packValue(s.workshop.id, round, packText(text)) });
  } else {
    lines.push([w.p('assist.story.tooLong')]);
    actions.push({ action: 'openForm', label: w.p('assist.story.edit'), value: packValue(s.workshop.id, 'story') });
  }
  return { tone: 'info', language: w.language, lines, actions };
}

/** The facilitator asked for the story: the draft follows privately once the assistant answered. */
export function storyComingNotice(language: Language): NoticeView {
  return { tone: 'info', language, lines: [[words(language).p('assist.story.coming')]] };
}

/** The story approved, by its button or the story form. */
export function storyApprovedNotice(language: Language, replayed: boolean): NoticeView {
  const w = words(language);
  return replayed
    ? { tone: 'info', language, lines: [[w.p('assist.story.already')]] }
    : { tone: 'ok', language, lines: [[w.p('assist.story.approved')]] };
}
