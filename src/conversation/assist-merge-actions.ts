// The facilitator's buttons of two AI suggestions (assist-merge.ts): "Find duplicates" and "Draft the story" ask
// the assistant by a job, never here; "Merge" runs mergeObservations or mergeTouchpoints with the ids its
// button carries; "Approve" runs setNarrative with the drafted text; "Edit…" opens the story form filled with it.
// The asking buttons are not commands, so the role is checked here; the engine checks it again on every command.
// Registered in actions.ts's table.
import { createHash } from 'node:crypto';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { Language } from '../core/vocabulary.js';
import type { ActionArgs } from '../present/actions.js';
import { mergedNotice, mergesComingNotice, nothingToMergeNotice, storyApprovedNotice, storyComingNotice } from '../present/assist-merge.js';
import { formNotice } from '../present/forms/access.js';
import { WORKSHOP_FORMS } from '../present/forms/build.js';
import type { NoticeView } from '../present/model.js';
import { problemNotice, refusalNotice } from '../present/notices.js';
import { duplicatesJob, isMergeStep, mergeBatches, storyJob } from './assist-merge.js';
import { answer, type Answer } from './replies.js';
import { jobOrigin, recipientOf, type Request } from './request.js';

type StoryAction = 'findDuplicates' | 'merge' | 'draftStory' | 'approveStory' | 'editStory';

/** What these handlers read of a click (actions.ts's Click). */
interface AssistClick<A extends StoryAction> {
  r: Request;
  workshopId: string;
  args: ActionArgs<A>;
  language: Language;
}

const tell = (notice: NoticeView): Answer => answer({ kind: 'notice', notice });

const isFacilitator = (s: WorkshopSnapshot, userId: string) => s.participants.some((p) => p.userId === userId && p.role === 'facilitator');

const originOf = (r: Request) => ({ workspaceId: r.workspaceId, platform: r.origin.platform, workspace: r.origin.workspace });

/**
 * A suggestion's button is applied once, however often it is clicked or its click delivered: the delivery id is
 * the offer itself (its value carries the offer's round) and who clicked.
 */
function offerDelivery(c: AssistClick<'merge' | 'approveStory'>, action: string): string {
  const value = [c.workshopId, ...c.args.map((a) => (Array.isArray(a) ? a.join('.') : String(a)))].join('\u0000');
  return `assist:${action}:${createHash('sha256').update(`${c.r.origin.userId}\u0000${value}`).digest('base64url')}`;
}

// "Find duplicates": in the touchpoints step, each stage's touchpoints; in the evaluation, each stage's observations of one kind.
export async function findDuplicates(c: AssistClick<'findDuplicates'>): Promise<Answer> {
  const [step] = c.args;
  const s = await c.r.d.queries.snapshot(c.r.workspaceId, c.workshopId);
  if (s.workshop.status !== 'open' || s.workshop.step !== step || !isMergeStep(step)) return tell(problemNotice(c.language, 'unknownAction'));
  if (!isFacilitator(s, c.r.origin.userId)) return tell(refusalNotice({ code: 'errors.notFacilitator' }, c.language));
  if (mergeBatches(s, step).length === 0) return tell(nothingToMergeNotice(c.language));
  await c.r.d.jobs.enqueue([duplicatesJob(originOf(c.r), c.workshopId, recipientOf(c.r), step)]);
  return tell(mergesComingNotice(c.language));
}

// A proposed merge applied: the engine's own command, which checks the role, the step, the kind and the stage.
export async function merge(c: AssistClick<'merge'>): Promise<Answer> {
  const [, kind, keepId, mergeIds] = c.args;
  const command = kind === 't'
    ? { type: 'mergeTouchpoints', workshopId: c.workshopId, keepId, mergeIds }
    : { type: 'mergeObservations', workshopId: c.workshopId, keepId, mergeIds };
  const outcome = await c.r.d.engine.execute<{ votesCarried: number; votesReturned: number } | { observationsMoved: number }>(
    c.r.actor, command, { deliveryId: offerDelivery(c, 'merge'), origin: jobOrigin(c.r) },
  );
  if (!outcome.ok) return tell(refusalNotice(outcome.error, c.language));
  return tell(mergedNotice(c.language, outcome.result, mergeIds.length, outcome.replayed));
}

// "Draft the story": a target journey's, at its roadmap step.
export async function draftStory(c: AssistClick<'draftStory'>): Promise<Answer> {
  const s = await c.r.d.queries.snapshot(c.r.workspaceId, c.workshopId);
  if (s.workshop.status !== 'open' || s.workshop.step !== c.args[0] || c.args[0] !== 'roadmap' || s.workshop.journey !== 'target') {
    return tell(problemNotice(c.language, 'unknownAction'));
  }
  if (!isFacilitator(s, c.r.origin.userId)) return tell(refusalNotice({ code: 'errors.notFacilitator' }, c.language));
  await c.r.d.jobs.enqueue([storyJob(originOf(c.r), c.workshopId, recipientOf(c.r))]);
  return tell(storyComingNotice(c.language));
}

// The draft approved as it was shown.
export async function approveStory(c: AssistClick<'approveStory'>): Promise<Answer> {
  const [, text] = c.args;
  const outcome = await c.r.d.engine.execute(c.r.actor, { type: 'setNarrative', workshopId: c.workshopId, text }, { deliveryId: offerDelivery(c, 'approveStory'), origin: jobOrigin(c.r) });
  if (!outcome.ok) return tell(refusalNotice(outcome.error, c.language));
  return tell(storyApprovedNotice(c.language, outcome.replayed));
}

// The story form, filled with the draft: its submission runs setNarrative (forms.ts), like any form's.
export async function editStory(c: AssistClick<'editStory'>): Promise<Answer> {
  const [, text] = c.args;
  const s = await c.r.d.queries.snapshot(c.r.workspaceId, c.workshopId);
  const ctx = { viewer: c.r.origin.userId, kept: { text } };
  const notice = formNotice('story', s, c.r.origin.userId, ctx);
  if (notice) return tell(notice);
  const view = WORKSHOP_FORMS.story(s, ctx);
  return answer({
    kind: 'openForm', form: view,
    state: { form: 'story', workshopId: c.workshopId, conversationId: c.r.origin.conversationId, threadId: c.r.origin.threadId },
  });
}
