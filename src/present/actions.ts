// What a button or menu does, named once for every platform, and how its value is packed. A value
// comes back from the client, so it is parsed strictly and every id in it is checked again by the engine.
import { z } from 'zod';
import { LIMITS } from '../core/limits.js';
import { OBSERVATION_KINDS, STEPS, VOTING_STEPS } from '../core/vocabulary.js';
import { FORM_IDS } from './forms/ids.js';

export const ACTION_NAMES = [
  'openForm', 'vote', 'unvote', 'ballot', 'advance', 'reopen', 'close', 'postMap', 'reveal', 'nudge', 'timer',
  'suggestIdeas', 'useWording', 'addIdea',
  'addContribution', 'dismissContribution',
  'findDuplicates', 'merge', 'draftStory', 'approveStory', 'editStory',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** The facilitator's timer menu: start for 5, 10 or 15 minutes, another length (a form), pause, resume, +5 min, stop. */
export const TIMER_OPS = ['5', '10', '15', 'other', 'pause', 'resume', 'extend', 'stop'] as const;
export type TimerOp = (typeof TIMER_OPS)[number];

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const SEPARATOR = '~';

/** A value's length at most: ids and numbers fit in 400; a suggestion's text (useWording, addIdea) needs more. */
const MAX_VALUE = 400;
/** Under Slack's 2,000 characters for a button's value. */
const MAX_TEXT_VALUE = 1_900;
const CARRIES_TEXT = new Set<string>(['useWording', 'addIdea', 'addContribution', 'approveStory', 'editStory']);

/**
 * A suggestion's text, carried by its button so that the click applies exactly what was shown (nothing is
 * kept between the suggestion and the click): base64url, so that no character of it can be taken for the
 * separator. A forged text is no worse than one typed in the matching form: the engine checks it the same way.
 */
export function packText(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

const packedText = (max: number) => z.string().regex(/^[A-Za-z0-9_-]{1,1900}$/)
  .transform((v) => Buffer.from(v, 'base64url').toString('utf8'))
  .pipe(z.string().trim().min(1).max(max));

/** The merged items of a proposed merge, one argument: ids joined by '.', which no id holds. */
export const MERGED_SEPARATOR = '.';
const mergedIds = z.string().regex(new RegExp(`^[A-Za-z0-9_-]{1,64}(\\${MERGED_SEPARATOR}[A-Za-z0-9_-]{1,64}){0,${LIMITS.mergeItems - 1}}$`))
  .transform((v) => v.split(MERGED_SEPARATOR));

/** Whether a packed value can go on a button (a suggestion's text may be too long to carry). */
export function fitsValue(action: ActionName, value: string): boolean {
  return value.length <= (CARRIES_TEXT.has(action) ? MAX_TEXT_VALUE : MAX_VALUE);
}

/** The arguments each action carries, after the workshop id. */
export const ACTION_ARGS = {
  openForm: z.tuple([z.enum(FORM_IDS)]).or(z.tuple([z.enum(FORM_IDS), id])),
  vote: z.tuple([z.enum(['o', 's']), id]),
  unvote: z.tuple([z.enum(['o', 's']), id]),
  ballot: z.tuple([z.string().regex(/^\d{1,3}$/).transform(Number)]),
  advance: z.tuple([z.string().regex(/^\d{1,9}$/).transform(Number)]),
  reopen: z.tuple([z.enum(STEPS)]),
  close: z.tuple([]),
  postMap: z.tuple([]),
  reveal: z.tuple([z.enum(VOTING_STEPS)]),
  /** The step whose laggards are reminded: a button drawn for an earlier step is stale. */
  nudge: z.tuple([z.enum(STEPS)]),
  /** The step whose timer it is (a menu drawn for an earlier step is stale), and what to do with it. */
  timer: z.tuple([z.enum(STEPS), z.enum(TIMER_OPS)]),
  /** The step the facilitator asks ideas in (a button drawn for an earlier step is stale). */
  suggestIdeas: z.tuple([z.enum(STEPS)]),
  /** The suggestion's round (one per job: the same wording offered again is a new offer), the stage, the wording. */
  useWording: z.tuple([id, id, packedText(LIMITS.stageLabel)]),
  /** The round, the observation the idea addresses, its likely department ('-': none), the idea's text. */
  addIdea: z.tuple([id, id, z.literal('-').transform(() => null).or(id), packedText(LIMITS.solutionText)]),
  /**
   * A message written in the thread, offered as a contribution (present/contribute.ts): the offer's round, the
   * kind, the stage, a touchpoint's channel ('-': an observation, which has none), the text.
   */
  addContribution: z.tuple([
    id, z.enum(['touchpoint', ...OBSERVATION_KINDS]), id,
    z.literal('-').transform(() => null).or(packedText(LIMITS.channelName)), packedText(LIMITS.observationText),
  ]),
  /** The offer's round: "Dismiss" only answers its author. */
  dismissContribution: z.tuple([id]),
  /** The step the facilitator looks for near-duplicates in (a button drawn for an earlier step is stale). */
  findDuplicates: z.tuple([z.enum(STEPS)]),
  /** A proposed merge (present/assist-merge.ts): the offer's round, touchpoints ('t') or observations ('o'), the kept id, the merged ids. */
  merge: z.tuple([id, z.enum(['t', 'o']), id, mergedIds]),
  /** The step the story is drafted in (a button drawn for an earlier step is stale). */
  draftStory: z.tuple([z.enum(STEPS)]),
  /** The offer's round and the drafted story: approved as it is, or opened in the story form to edit. */
  approveStory: z.tuple([id, packedText(LIMITS.narrative)]),
  editStory: z.tuple([id, packedText(LIMITS.narrative)]),
} satisfies Record<ActionName, z.ZodType>;

export type ActionArgs<A extends ActionName> = z.output<(typeof ACTION_ARGS)[A]>;

export function packValue(workshopId: string, ...args: (string | number)[]): string {
  return [workshopId, ...args.map(String)].join(SEPARATOR);
}

/** Parses a button's value for an action; null when it was tampered with or is stale. */
export function unpackValue<A extends ActionName>(action: A, value: string): { workshopId: string; args: ActionArgs<A> } | null {
  if (!fitsValue(action, value)) return null;
  const [workshopId, ...rest] = value.split(SEPARATOR);
  if (!id.safeParse(workshopId).success) return null;
  const parsed = ACTION_ARGS[action].safeParse(rest);
  return parsed.success ? { workshopId: workshopId!, args: parsed.data as ActionArgs<A> } : null;
}

export function isActionName(value: string): value is ActionName {
  return (ACTION_NAMES as readonly string[]).includes(value);
}
