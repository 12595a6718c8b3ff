// Buttons and menus. A value comes back from the person's client, so it is parsed strictly, then the
// engine decides, and the answer goes privately to whoever clicked. One table maps each action to its
// handler, exhaustively; an unknown action gets a polite answer.
import { createHash } from 'node:crypto';
import { isDomainError } from '../core/errors.js';
import type { Language } from '../core/vocabulary.js';
import { isActionName, unpackValue, type ActionArgs, type ActionName, type TimerOp } from '../present/actions.js';
import { appliedNotice, ideasComingNotice, noIdeasToAskNotice } from '../present/assist.js';
import { controlsNotice, timerNotice } from '../present/controls.js';
import { ballotView } from '../present/ballot.js';
import { formNotice, formRefusal } from '../present/forms/access.js';
import { WORKSHOP_FORMS } from '../present/forms/build.js';
import { loadOtherJourneys, type FormContext } from '../present/forms/edit.js';
import { isFixingForm } from '../present/forms/fixing.js';
import { isSubjectForm } from '../present/forms/ids.js';
import type { NoticeView } from '../present/model.js';
import { problemNotice, refusalNotice, votedNotice } from '../present/notices.js';
import { nudgedNotice } from '../present/reminders.js';
import { words } from '../present/text.js';
import { ideasJob, ideaSources } from './assist-jobs.js';
import { addContribution, dismissContribution } from './contribute-actions.js';
import { approveStory, draftStory, editStory, findDuplicates, merge } from './assist-merge-actions.js';
import type { FormState } from './intents.js';
import { owing } from './timed-jobs.js';
import { answer, speaking, type Answer } from './replies.js';
import { jobOrigin, mapLater, recipientOf, refreshLater, workshopLanguage, type Request } from './request.js';

interface Click<A extends ActionName> {
  r: Request;
  workshopId: string;
  args: ActionArgs<A>;
  /** The workshop's; the default for a click that redraws the ballot, whose answer speaks the ballot's own (onAction). */
  language: Language;
  /** The ballot the click came from, if any. */
  ballot: FormState | null;
}

type Handler<A extends ActionName> = (c: Click<A>) => Promise<Answer>;

const tell = (notice: NoticeView): Answer => answer({ kind: 'notice', notice });

// A form from a button or a menu ("Edit or remove…", "Workshop settings…"); a form about one stage only with it.
const openForm: Handler<'openForm'> = async (c) => {
  const form = c.args[0];
  const subject = c.args.length === 2 ? c.args[1] : undefined;
  if (form === 'framing' || isSubjectForm(form) !== (subject !== undefined)) return tell(problemNotice(c.language, 'unknownAction'));
  const snapshot = await c.r.d.queries.snapshot(c.r.workspaceId, c.workshopId);
  const refusal = formRefusal(form, snapshot, c.r.origin.userId);
  if (refusal) return tell(refusalNotice(refusal, c.language));
  const ctx: FormContext = {
    viewer: c.r.origin.userId,
    ...(subject ? { subject } : {}),
    ...(form === 'keyMoment' ? { journeys: await loadOtherJourneys(c.r.d.queries, c.r.workspaceId, snapshot) } : {}),
    // Fixing forms list only what this person may fix: their own items, or every one for the facilitator.
    ...(isFixingForm(form) ? { fixable: await c.r.d.queries.fixable(c.r.workspaceId, c.workshopId, c.r.origin.userId) } : {}),
    // The digest's time zone starts from the facilitator's own, when their platform gave it.
    ...(form === 'timing' && !snapshot.workshop.digestTimeZone ? await openerZone(c) : {}),
  };
  const notice = formNotice(form, snapshot, c.r.origin.userId, ctx);
  if (notice) return tell(notice);
  const view = WORKSHOP_FORMS[form](snapshot, ctx);
  return answer({
    kind: 'openForm', form: view,
    state: { form, workshopId: c.workshopId, conversationId: c.r.origin.conversationId, threadId: c.r.origin.threadId, ...(view.subject ? { subject: view.subject } : {}) },
  });
};

async function openerZone(c: Click<ActionName>): Promise<Pick<FormContext, 'kept'>> {
  const zone = (await c.r.d.people.timeZones(c.r.workspaceId, [c.r.origin.userId])).get(c.r.origin.userId);
  return zone ? { kept: { digestTimeZone: zone } } : {};
}

/** The ballot, in the workshop's language as its own read says it (`notice` is then written in that language too). */
async function showBallot(c: Click<ActionName>, page: number, notice?: (language: Language) => NoticeView): Promise<Answer> {
  // Only what the ballot shows: many people click their ballots at once, each click redraws one.
  const { snapshot, mine } = await c.r.d.queries.ballotOnly(c.r.workspaceId, c.workshopId, c.r.origin.userId);
  const language = snapshot.workshop.language;
  const where = c.ballot ?? { conversationId: c.r.origin.conversationId, threadId: c.r.origin.threadId };
  const state: FormState = { form: 'ballot', workshopId: c.workshopId, conversationId: where.conversationId, threadId: where.threadId, page };
  return speaking(answer({ kind: 'ballot', view: ballotView(snapshot, mine, page), state, ...(notice ? { notice: notice(language) } : {}) }), language);
}

const ballot: Handler<'ballot'> = (c) => showBallot(c, c.args[0]);

function voting(remove: boolean): Handler<'vote' | 'unvote'> {
  return async (c) => {
    const [kind, id] = c.args;
    const target = kind === 'o' ? { observationId: id } : { solutionId: id };
    const outcome = await c.r.d.engine.execute<{ remaining: number }>(c.r.actor, { type: remove ? 'unvote' : 'vote', workshopId: c.workshopId, target }, { deliveryId: c.r.origin.deliveryId, origin: jobOrigin(c.r) });
    const notice = (language: Language) => (outcome.ok ? votedNotice(language, outcome.result.remaining, remove) : refusalNotice(outcome.error, language));
    return c.ballot ? showBallot(c, 0, notice) : tell(notice(c.language));
  };
}

function facilitation(command: (c: Click<'advance' | 'reopen' | 'close'>) => Record<string, unknown>): Handler<'advance' | 'reopen' | 'close'> {
  return async (c) => {
    const outcome = await c.r.d.engine.execute(c.r.actor, { workshopId: c.workshopId, ...command(c) }, { deliveryId: c.r.origin.deliveryId, origin: jobOrigin(c.r) });
    if (outcome.ok) return answer({ kind: 'none' });
    // A stale button (the workshop moved on since it was drawn): the messages are brought up to date, and the
    // person is told the button is out of date rather than to try it again (it would be refused again).
    if (outcome.error.code === 'errors.concurrentChange') {
      await refreshLater(c.r, c.workshopId);
      return tell(problemNotice(c.language, 'unknownAction'));
    }
    return tell(refusalNotice(outcome.error, c.language));
  };
}

// The facilitator reveals a voting step's tallies; everyone's view follows with the refresh the change plans.
const reveal: Handler<'reveal'> = async (c) => {
  const outcome = await c.r.d.engine.execute<{ revealed: boolean }>(c.r.actor, { type: 'revealVotes', workshopId: c.workshopId, step: c.args[0] }, { deliveryId: c.r.origin.deliveryId, origin: jobOrigin(c.r) });
  if (!outcome.ok) return tell(refusalNotice(outcome.error, c.language));
  return tell({ tone: outcome.result.revealed ? 'ok' : 'info', lines: [[words(c.language).p(outcome.result.revealed ? 'votes.revealed' : 'votes.alreadyRevealed')]] });
};

const postMap: Handler<'postMap'> = async (c) => {
  await mapLater(c.r, c.workshopId, c.r.origin.conversationId);
  return tell({ tone: 'info', lines: [[words(c.language).p('map.rendering')]] });
};

// The facilitator's "remind who has not contributed": the engine allows one an hour per step (nudgeTooSoon
// says how long to wait); the `nudged` effect plans the reminders, sent at once by a job.
const nudge: Handler<'nudge'> = async (c) => {
  const before = await c.r.d.queries.snapshot(c.r.workspaceId, c.workshopId);
  if (before.workshop.step !== c.args[0]) return tell(problemNotice(c.language, 'unknownAction'));
  const outcome = await c.r.d.engine.execute(c.r.actor, { type: 'nudge', workshopId: c.workshopId }, { deliveryId: c.r.origin.deliveryId, origin: jobOrigin(c.r) });
  if (!outcome.ok) return tell(refusalNotice(outcome.error, c.language));
  return tell(nudgedNotice(before, (await owing(c.r.d, before)).length));
};

/** The engine command of each timer choice ("other" opens a form for the length instead). */
const TIMER_COMMANDS: Record<Exclude<TimerOp, 'other'>, { type: 'startTimer' | 'pauseTimer' | 'resumeTimer' | 'extendTimer' | 'stopTimer'; minutes?: number }> = {
  5: { type: 'startTimer', minutes: 5 }, 10: { type: 'startTimer', minutes: 10 }, 15: { type: 'startTimer', minutes: 15 },
  pause: { type: 'pauseTimer' }, resume: { type: 'resumeTimer' }, extend: { type: 'extendTimer', minutes: 5 }, stop: { type: 'stopTimer' },
};

// The facilitator's timer menu: the engine starts, pauses, resumes, extends or stops the current step's timer
// (and refuses what does not fit its state, worded). The answer holds the controls as they now are (the menu
// changed); they also follow as a notice of their own, for a platform that answers a click with text only
// (Teams) — one that shows the answer itself (Slack) need not send it.
const timer: Handler<'timer'> = async (c) => {
  const [step, op] = c.args;
  const before = await c.r.d.queries.snapshot(c.r.workspaceId, c.workshopId);
  // A menu drawn for an earlier step must not time the step the workshop is at now.
  if (before.workshop.step !== step) return tell(problemNotice(c.language, 'unknownAction'));
  if (op === 'other') return openForm({ ...c, args: ['timerLength'] });
  const command = TIMER_COMMANDS[op];
  const outcome = await c.r.d.engine.execute(c.r.actor, { workshopId: c.workshopId, ...command }, { deliveryId: c.r.origin.deliveryId, origin: jobOrigin(c.r) });
  if (!outcome.ok) return tell(refusalNotice(outcome.error, c.language));
  const after = await c.r.d.queries.snapshot(c.r.workspaceId, c.workshopId);
  return answer({ kind: 'notice', notice: timerNotice(after, op, command.minutes ?? 0, c.r.d.clock.now()) }, [controlsNotice(after, c.r.platform.command)]);
};

// The facilitator's "Suggest solution ideas": the assistant is asked by a job (assist-jobs.ts), never here,
// and the ideas reach the facilitator privately. Not a command, so the role is checked here.
const suggestIdeas: Handler<'suggestIdeas'> = async (c) => {
  const s = await c.r.d.queries.snapshot(c.r.workspaceId, c.workshopId);
  if (s.workshop.status !== 'open' || s.workshop.step !== c.args[0] || c.args[0] !== 'solutions') return tell(problemNotice(c.language, 'unknownAction'));
  if (!s.participants.some((p) => p.userId === c.r.origin.userId && p.role === 'facilitator')) return tell(refusalNotice({ code: 'errors.notFacilitator' }, c.language));
  if (ideaSources(s).length === 0) return tell(noIdeasToAskNotice(c.language));
  await c.r.d.jobs.enqueue([ideasJob({ workspaceId: c.r.workspaceId, platform: c.r.origin.platform, workspace: c.r.origin.workspace }, c.workshopId, recipientOf(c.r))]);
  return tell(ideasComingNotice(c.language));
};

/**
 * A suggestion's button is applied once, whoever's platform delivers the click again or however often it is
 * clicked: its delivery id is the offer itself (its value carries the offer's round) and who clicked.
 */
function offerDelivery(c: Click<'useWording' | 'addIdea'>, action: string): string {
  const value = [c.workshopId, ...c.args.map((a) => String(a))].join('\u0000');
  return `assist:${action}:${createHash('sha256').update(`${c.r.origin.userId}\u0000${value}`).digest('base64url')}`;
}

// A suggested wording applied: the engine's own stage rewording, which checks the person may.
const useWording: Handler<'useWording'> = async (c) => {
  const [, stageId, label] = c.args;
  const outcome = await c.r.d.engine.execute(c.r.actor, { type: 'editStage', workshopId: c.workshopId, stageId, label }, { deliveryId: offerDelivery(c, 'useWording'), origin: jobOrigin(c.r) });
  if (!outcome.ok) return tell(refusalNotice(outcome.error, c.language));
  return tell(appliedNotice(c.language, 'wording', label, outcome.replayed));
};

// A suggested solution added: the engine's own command, as the solution form gives it (what it addresses, its department).
const addIdea: Handler<'addIdea'> = async (c) => {
  const [, observationId, departmentId, text] = c.args;
  const command = { type: 'proposeSolution', workshopId: c.workshopId, text, addresses: [observationId], ...(departmentId ? { departmentId } : {}) };
  const outcome = await c.r.d.engine.execute(c.r.actor, command, { deliveryId: offerDelivery(c, 'addIdea'), origin: jobOrigin(c.r) });
  if (!outcome.ok) return tell(refusalNotice(outcome.error, c.language));
  return tell(appliedNotice(c.language, 'idea', text, outcome.replayed));
};

const HANDLERS: { [A in ActionName]: Handler<A> } = {
  openForm,
  vote: voting(false),
  unvote: voting(true),
  ballot,
  advance: facilitation((c) => ({ type: 'advanceStep', expectedVersion: (c.args as ActionArgs<'advance'>)[0] })),
  reopen: facilitation((c) => ({ type: 'reopenStep', step: (c.args as ActionArgs<'reopen'>)[0] })),
  close: facilitation(() => ({ type: 'closeWorkshop' })),
  postMap,
  reveal,
  nudge,
  timer,
  suggestIdeas,
  useWording,
  addIdea,
  addContribution,
  dismissContribution,
  findDuplicates,
  merge,
  draftStory,
  approveStory,
  editStory,
};

export async function onAction(r: Request, action: string, value: string | undefined, ballotState: FormState | null): Promise<Answer> {
  const parsed = isActionName(action) && value !== undefined ? unpackValue(action, value) : null;
  if (!isActionName(action) || !parsed || (ballotState && ballotState.workshopId !== parsed.workshopId)) {
    r.d.logger.warn({ action: action.slice(0, 80) }, 'unknown or malformed action');
    const notice = problemNotice(r.d.language, isActionName(action) ? 'tampered' : 'unknownAction');
    if (ballotState) return answer({ kind: 'formNotice', title: words(r.d.language).p('ballot.title'), close: words(r.d.language).p('forms.close'), notice });
    return tell(notice);
  }
  // A click on a ballot that redraws it reads the workshop's language with the ballot (showBallot): not before.
  // Until then it is the default, which is also what a workshop that cannot be read is answered in.
  const redraws = ballotState !== null && (action === 'vote' || action === 'unvote' || action === 'ballot');
  const c: Click<typeof action> = {
    r, workshopId: parsed.workshopId, args: parsed.args as never, language: redraws ? r.d.language : await workshopLanguage(r, parsed.workshopId), ballot: ballotState,
  };
  // No action changes the workshop's language: the one read before it (or with the ballot) is the one the answer speaks.
  try {
    const answered = await (HANDLERS[action] as Handler<typeof action>)(c);
    return speaking(answered, answered.language ?? c.language);
  } catch (error) {
    if (isDomainError(error)) return speaking(tell(refusalNotice({ code: error.code, params: error.params }, c.language)), c.language);
    throw error;
  }
}
