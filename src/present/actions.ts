// What a button or menu does, named once for every platform, and how its value is packed. A value
// comes back from the client, so it is parsed strictly and every id in it is checked again by the engine.
import { z } from 'zod';
import { STEPS, VOTING_STEPS } from '../core/vocabulary.js';
import { FORM_IDS } from './forms/ids.js';

export const ACTION_NAMES = [
  'openForm', 'vote', 'unvote', 'ballot', 'advance', 'reopen', 'close', 'postMap', 'reveal', 'nudge', 'timer',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** The facilitator's timer menu: start for 5, 10 or 15 minutes, another length (a form), pause, resume, +5 min, stop. */
export const TIMER_OPS = ['5', '10', '15', 'other', 'pause', 'resume', 'extend', 'stop'] as const;
export type TimerOp = (typeof TIMER_OPS)[number];

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const SEPARATOR = '~';

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
} satisfies Record<ActionName, z.ZodType>;

export type ActionArgs<A extends ActionName> = z.output<(typeof ACTION_ARGS)[A]>;

export function packValue(workshopId: string, ...args: (string | number)[]): string {
  return [workshopId, ...args.map(String)].join(SEPARATOR);
}

/** Parses a button's value for an action; null when it was tampered with or is stale. */
export function unpackValue<A extends ActionName>(action: A, value: string): { workshopId: string; args: ActionArgs<A> } | null {
  if (value.length > 400) return null;
  const [workshopId, ...rest] = value.split(SEPARATOR);
  if (!id.safeParse(workshopId).success) return null;
  const parsed = ACTION_ARGS[action].safeParse(rest);
  return parsed.success ? { workshopId: workshopId!, args: parsed.data as ActionArgs<A> } : null;
}

export function isActionName(value: string): value is ActionName {
  return (ACTION_NAMES as readonly string[]).includes(value);
}
