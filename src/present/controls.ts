// The facilitator's controls — next step, close, reopen a step, the workshop's settings — kept out of the
// messages everyone sees. They reach the facilitator privately: with each new step (and after each change
// of the workshop's framing, which makes the previous "next step" button stale), on the `controls` command,
// and in the home tab. Showing them is a convenience, not a permission: the engine checks the role again.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import { isVotingStep, type Step } from '../core/vocabulary.js';
import { nextStep, reopenableSteps } from '../core/workflow.js';
import { packValue, type TimerOp } from './actions.js';
import { NAMED_CONTRIBUTORS } from './anchor.js';
import { settingsMenu } from './menus.js';
import type { ActionView, ControlsView, Line, MenuView, NoticeView } from './model.js';
import { stepName, words, type Words } from './text.js';
import { timeLeftLines, timerState } from './timer.js';

const NUDGEABLE = new Set<Step>(['stages', 'touchpoints', 'evaluation', 'solutions']);

export function controlsView(s: WorkshopSnapshot, w: Words): ControlsView {
  const next = nextStep(s.workshop.step);
  const actions: ActionView[] = [];
  if (s.workshop.status === 'open' && next) {
    actions.push({
      action: 'advance', label: w.p('controls.next', { step: stepName(w, next) }), value: packValue(s.workshop.id, s.workshop.version), tone: 'primary',
      confirm: { title: w.p('controls.confirmTitle'), text: w.p('controls.confirmNext', { step: stepName(w, next) }), confirm: w.p('controls.yes'), deny: w.p('controls.no') },
    });
  }
  const step = s.workshop.step;
  if (s.workshop.status === 'open' && isVotingStep(step) && !s.tallies[step]) {
    actions.push({
      action: 'reveal', label: w.p('votes.reveal'), value: packValue(s.workshop.id, step),
      confirm: { title: w.p('controls.confirmTitle'), text: w.p('votes.confirmReveal'), confirm: w.p('controls.yes'), deny: w.p('controls.no') },
    });
  }
  // Reminding who has not contributed: only in the steps where everyone contributes.
  if (s.workshop.status === 'open' && NUDGEABLE.has(step)) actions.push({ action: 'nudge', label: w.p('reminders.nudge'), value: packValue(s.workshop.id, step) });
  // AI suggestions for the most voted irritants and breaks: ideas the facilitator adds, or not, one click each.
  if (s.workshop.status === 'open' && step === 'solutions') actions.push({ action: 'suggestIdeas', label: w.p('assist.ideas.suggest'), value: packValue(s.workshop.id, step) });
  // Near-duplicates proposed as merges: touchpoints in their step, observations in the evaluation.
  if (s.workshop.status === 'open' && (step === 'touchpoints' || step === 'evaluation')) actions.push({ action: 'findDuplicates', label: w.p('assist.merge.find'), value: packValue(s.workshop.id, step) });
  // The story of a target journey, drafted for the facilitator to approve or edit before it goes out.
  if (s.workshop.status === 'open' && step === 'roadmap' && s.workshop.journey === 'target') actions.push({ action: 'draftStory', label: w.p('assist.story.draft'), value: packValue(s.workshop.id, step) });
  if (s.workshop.status === 'open') {
    actions.push({
      action: 'close', label: w.p('controls.close'), value: packValue(s.workshop.id), tone: next ? 'danger' : 'primary',
      confirm: { title: w.p('controls.confirmTitle'), text: w.p('controls.confirmClose'), confirm: w.p('controls.yes'), deny: w.p('controls.no') },
    });
  }
  const earlier = reopenableSteps(s.workshop);
  return {
    label: w.p('controls.label'),
    actions,
    reopen: earlier.length
      ? { action: 'reopen', placeholder: w.p('controls.reopen'), choices: earlier.map((step) => ({ value: packValue(s.workshop.id, step), label: stepName(w, step) })) }
      : null,
    settings: settingsMenu(s, w),
    timer: timerMenu(s, w),
  };
}

/** Steps where people contribute, so where a live session may time them. */
const TIMED = new Set<Step>(['persona', 'stages', 'touchpoints', 'evaluation', 'solutions']);

const TIMER_CHOICES: Record<ReturnType<typeof timerState>, TimerOp[]> = {
  none: ['5', '10', '15', 'other'],
  running: ['pause', 'extend', 'stop'],
  paused: ['resume', 'extend', 'stop'],
  ended: ['extend', 'stop'],
};

/**
 * The live timer of the current step, as one menu rather than buttons (Teams draws six actions a row, and the
 * controls already have up to four): start one, or pause, resume, extend or stop the one there is.
 */
export function timerMenu(s: WorkshopSnapshot, w: Words): MenuView | null {
  const step = s.workshop.step;
  if (s.workshop.status !== 'open' || !TIMED.has(step)) return null;
  const state = timerState(s);
  return {
    action: 'timer', placeholder: w.p(state === 'none' ? 'timer.start' : 'timer.menu'),
    choices: TIMER_CHOICES[state].map((op) => ({ value: packValue(s.workshop.id, step, op), label: w.p(`timer.ops.${op}`) })),
  };
}

export function controlMenus(c: ControlsView): MenuView[] {
  return [c.timer ?? null, c.reopen, c.settings].filter((m): m is MenuView => m !== null);
}

/**
 * The current step's progress for the facilitator: the counts everyone sees on the anchor, with who has
 * not done it yet in a signed workshop (the core never names them in an anonymous one).
 */
export function progressForFacilitator(s: WorkshopSnapshot, w: Words): Line[] {
  return s.progress.map((p): Line => {
    const counted = w.p(p.key, { count: p.done, expected: p.expected });
    if (!p.missing.length) return [counted];
    const named = p.missing.slice(0, NAMED_CONTRIBUTORS).join(', ');
    const more = p.missing.length > NAMED_CONTRIBUTORS ? ` ${w.p('items.more', { count: p.missing.length - NAMED_CONTRIBUTORS })}` : '';
    return [w.p('controls.notYet', { progress: counted, names: named + more })];
  });
}

/** What the facilitator's timer click did, the time left, and their controls as they now are (the timer menu changed). */
export function timerNotice(s: WorkshopSnapshot, op: Exclude<TimerOp, 'other'> | 'start', minutes: number, now: Date): NoticeView {
  const w = words(s.workshop.language);
  const controls = controlsView(s, w);
  const key = op === 'pause' || op === 'resume' || op === 'extend' || op === 'stop' ? `timer.done.${op}` : 'timer.done.start';
  return {
    tone: 'ok', language: w.language,
    lines: [[w.p(key, { count: minutes, step: stepName(w, s.workshop.step) })], ...timeLeftLines(s, w, now)],
    actions: controls.actions,
    menus: controlMenus(controls),
  };
}

/** The controls as a private message to the facilitator. `command` is how people call the bot on their platform. */
export function controlsNotice(s: WorkshopSnapshot, command: string): NoticeView {
  const w = words(s.workshop.language);
  const controls = controlsView(s, w);
  return {
    tone: 'info', language: w.language,
    lines: [[{ strong: w.p('controls.private', { title: s.workshop.title }) }], ...progressForFacilitator(s, w), [w.p('controls.findAgain', { command })]],
    actions: controls.actions,
    menus: controlMenus(controls),
  };
}
