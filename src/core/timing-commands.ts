// The facilitator's hold on time: the workshop's reminder, auto-advance and digest settings, the nudge (remind
// who still owes something, now), and a live session's timer on the current step — start, pause, resume,
// extend, stop, and its end, run by the scheduler. A timer that ran out closes the step's contributions until
// the facilitator extends or stops it, or moves on (see checkTimerLock).
import type { CommandOf, CommandType } from './commands.js';
import { changed, rescheduled, type HandlerResult, type WorkshopContext } from './context.js';
import { refuse } from './errors.js';
import type { StepStateRecord } from './records.js';
import type { StoreTx } from './store.js';
import { isTimeZone } from './time.js';
import { TIMING_LIMITS } from './timing.js';
import type { Step } from './vocabulary.js';

const MINUTE = 60_000;

export async function setTiming(ctx: WorkshopContext, c: CommandOf<'setTiming'>): Promise<HandlerResult> {
  if (new Set(c.reminderHours).size !== c.reminderHours.length) refuse('errors.invalidCommand', { field: 'reminderHours', reason: 'validation.invalid' });
  if (c.digestHour !== null && c.digestTimeZone === null) refuse('errors.invalidCommand', { field: 'digestTimeZone', reason: 'validation.required' });
  if (c.digestTimeZone !== null && !isTimeZone(c.digestTimeZone)) refuse('errors.invalidCommand', { field: 'digestTimeZone', reason: 'validation.invalid' });
  const patch = {
    // Largest first: the order reminders fall in.
    reminderHours: [...c.reminderHours].sort((a, b) => b - a),
    remindAnyTime: c.remindAnyTime, autoAdvance: c.autoAdvance, digestHour: c.digestHour, digestTimeZone: c.digestTimeZone,
  };
  if (!(await ctx.tx.updateWorkshop(ctx.workshop.id, ctx.workshop.version, patch))) refuse('errors.concurrentChange');
  return { result: {}, effects: [changed(ctx.workshop.id), rescheduled(ctx.workshop.id)] };
}

/** The steps in which people owe something (owedWork), so a nudge has someone to remind. */
const NUDGEABLE: readonly Step[] = ['stages', 'touchpoints', 'evaluation', 'solutions'];

export async function nudge(ctx: WorkshopContext, _c: CommandOf<'nudge'>): Promise<HandlerResult<{ step: Step }>> {
  const { id, step } = ctx.workshop;
  if (!NUDGEABLE.includes(step)) refuse('errors.nothingToNudge');
  const state = await stateOf(ctx.tx, id, step);
  if (state.lastNudgeAt) {
    const wait = state.lastNudgeAt.getTime() + TIMING_LIMITS.nudgeIntervalMs - ctx.now.getTime();
    if (wait > 0) {
      const minutes = Math.ceil(wait / MINUTE);
      refuse('errors.nudgeTooSoon', { count: minutes, minutes });
    }
  }
  await ctx.tx.saveStepState(id, { ...state, lastNudgeAt: ctx.now });
  return { result: { step }, effects: [{ kind: 'nudged', workshopId: id, step }] };
}

type TimerResult = HandlerResult<{ step: Step; endsAt: string | null; leftMs: number | null }>;

export async function startTimer(ctx: WorkshopContext, c: CommandOf<'startTimer'>): Promise<TimerResult> {
  // A new timer replaces whatever the step had: running, paused or run out.
  return saveTimer(ctx, { timerEndsAt: new Date(ctx.now.getTime() + c.minutes * MINUTE), timerLeftMs: null, timerEnded: false });
}

export async function pauseTimer(ctx: WorkshopContext, _c: CommandOf<'pauseTimer'>): Promise<TimerResult> {
  const state = await stateOf(ctx.tx, ctx.workshop.id, ctx.workshop.step);
  const endsAt = running(state);
  if (!endsAt || endsAt <= ctx.now) refuse('errors.timerNotRunning');
  return saveTimer(ctx, { timerEndsAt: null, timerLeftMs: endsAt.getTime() - ctx.now.getTime(), timerEnded: false }, state);
}

export async function resumeTimer(ctx: WorkshopContext, _c: CommandOf<'resumeTimer'>): Promise<TimerResult> {
  const state = await stateOf(ctx.tx, ctx.workshop.id, ctx.workshop.step);
  if (state.timerLeftMs === null) refuse('errors.timerNotPaused');
  return saveTimer(ctx, { timerEndsAt: new Date(ctx.now.getTime() + state.timerLeftMs), timerLeftMs: null, timerEnded: false }, state);
}

/** More time: on a running or paused timer it is added; a timer that ran out starts again for that long. */
export async function extendTimer(ctx: WorkshopContext, c: CommandOf<'extendTimer'>): Promise<TimerResult> {
  const state = await stateOf(ctx.tx, ctx.workshop.id, ctx.workshop.step);
  const more = c.minutes * MINUTE;
  if (state.timerLeftMs !== null) return saveTimer(ctx, { timerEndsAt: null, timerLeftMs: state.timerLeftMs + more, timerEnded: false }, state);
  if (state.timerEndsAt === null) refuse('errors.noTimer');
  // A run-out timer, or one whose end the scheduler has not reached yet: the extension counts from now.
  const from = state.timerEnded ? ctx.now.getTime() : Math.max(state.timerEndsAt.getTime(), ctx.now.getTime());
  return saveTimer(ctx, { timerEndsAt: new Date(from + more), timerLeftMs: null, timerEnded: false }, state);
}

export async function stopTimer(ctx: WorkshopContext, _c: CommandOf<'stopTimer'>): Promise<TimerResult> {
  const state = await stateOf(ctx.tx, ctx.workshop.id, ctx.workshop.step);
  if (state.timerEndsAt === null && state.timerLeftMs === null && !state.timerEnded) refuse('errors.noTimer');
  return saveTimer(ctx, NO_TIMER, state);
}

/**
 * The scheduler's, when the timer it planned against falls due: idempotent — it ends the timer only if that
 * same timer (step and end) is still running, and otherwise does nothing (stale, paused, stopped, closed).
 */
export async function endTimer(ctx: WorkshopContext, c: CommandOf<'endTimer'>): Promise<HandlerResult<{ step: Step; ended: boolean }>> {
  const w = ctx.workshop;
  const none = { result: { step: c.step, ended: false } };
  if (w.status !== 'open' || w.step !== c.step) return none;
  const state = await stateOf(ctx.tx, w.id, c.step);
  if (running(state)?.getTime() !== c.endsAt.getTime()) return none;
  await ctx.tx.saveStepState(w.id, { ...state, timerEnded: true });
  return { result: { step: c.step, ended: true }, effects: [changed(w.id), rescheduled(w.id)] };
}

const NO_TIMER = { timerEndsAt: null, timerLeftMs: null, timerEnded: false } as const;

/** Leaving or entering a step starts it without a timer (the nudge's hour is kept). */
export async function clearTimer(tx: StoreTx, workshopId: string, step: Step): Promise<void> {
  const state = await tx.getStepState(workshopId, step);
  if (state && (state.timerEndsAt !== null || state.timerLeftMs !== null || state.timerEnded)) await tx.saveStepState(workshopId, { ...state, ...NO_TIMER });
}

/**
 * The commands that contribute to each step: closed while that step's timer has run out. Merging
 * near-duplicates (mergeTouchpoints, mergeObservations) is not among them: it adds nothing, it is the
 * facilitator's tidying of what was said, and time being up is just when they do it.
 */
export const STEP_CONTRIBUTIONS: Record<Step, readonly CommandType[]> = {
  framing: [],
  persona: ['setPersona', 'setGoal'],
  stages: ['addStage', 'editStage', 'reorderStage', 'removeStage'],
  touchpoints: ['addTouchpoint', 'removeTouchpoint'],
  evaluation: ['addObservation', 'flagMomentOfTruth', 'editObservation', 'moveObservation', 'removeObservation', 'rateEmotion', 'vote', 'unvote'],
  solutions: ['proposeSolution', 'rateSolution', 'assignDepartment', 'editSolution', 'removeSolution', 'vote', 'unvote'],
  roadmap: [],
};

/**
 * Refuses a contribution to the current step while its timer has run out. Reads the step's state only for
 * the commands that contribute to it. (Votes take the store's own path: VoteRules.admit checks the same.)
 */
export async function checkTimerLock(tx: StoreTx, type: CommandType, workshop: { id: string; step: Step; status: string }): Promise<void> {
  if (workshop.status !== 'open' || !STEP_CONTRIBUTIONS[workshop.step].includes(type)) return;
  if ((await tx.getStepState(workshop.id, workshop.step))?.timerEnded) refuse('errors.timerEnded');
}

async function stateOf(tx: StoreTx, workshopId: string, step: Step): Promise<StepStateRecord> {
  return (await tx.getStepState(workshopId, step)) ?? { step, lastNudgeAt: null, ...NO_TIMER };
}

function running(state: StepStateRecord): Date | null {
  return state.timerEndsAt !== null && state.timerLeftMs === null && !state.timerEnded ? state.timerEndsAt : null;
}

async function saveTimer(
  ctx: WorkshopContext, timer: Pick<StepStateRecord, 'timerEndsAt' | 'timerLeftMs' | 'timerEnded'>, state?: StepStateRecord,
): Promise<TimerResult> {
  const { id, step } = ctx.workshop;
  const current = state ?? (await stateOf(ctx.tx, id, step));
  await ctx.tx.saveStepState(id, { ...current, ...timer });
  return {
    result: { step, endsAt: timer.timerEndsAt?.toISOString() ?? null, leftMs: timer.timerLeftMs },
    effects: [changed(id), rescheduled(id)],
  };
}
