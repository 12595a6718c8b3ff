// AI suggestions as jobs: a model may take seconds to answer (up to the assistant's 15-second bound), so no
// request waits on one. A person's form or click records an `assist` job; a worker asks the assistant, which
// answers from the model or from its deterministic fallback, and tells that one person privately what it
// suggests, with a button that applies it through the engine's ordinary command (actions.ts). Nothing is
// applied here.
//
// What goes to the assistant is the workshop's own content under its own ids — stage labels, observations,
// department names, the persona's name and goal — never a participant's name or platform id.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isCustomerVoice } from '../core/customer-voice.js';
import type { Outcome } from '../core/engine.js';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { JobRequest } from '../core/store.js';
import { IDEAS_LIMIT, ideasNotice, noIdeasToAskNotice, wordingNotice } from '../present/assist.js';
import type { NoticeView } from '../present/model.js';
import type { AssistScope } from './assistant.js';
import { draftStory, MERGE_STEPS, proposeMerges } from './assist-merge.js';
import { deliverOnce } from './deliverables.js';
import type { ConversationDeps } from './deps.js';
import type { Messenger, Recipient } from './platform.js';

const id = z.string().min(1).max(200);
const Common = {
  workspaceId: id, workshopId: id, platform: z.enum(['slack', 'teams']), workspace: id,
  /** The person the suggestion is for, and where they acted. */
  tell: z.object({ userId: id, conversationId: id.nullable(), threadId: id.nullable() }),
};

export const AssistData = z.discriminatedUnion('suggestion', [
  /** A stage added or reworded in process wording: a first-person wording for its author. */
  z.object({ ...Common, suggestion: z.literal('wording'), stageId: id }),
  /** The facilitator's "Suggest solution ideas". */
  z.object({ ...Common, suggestion: z.literal('ideas') }),
  /** The facilitator's "Find duplicates" in the step it was clicked in (assist-merge.ts). */
  z.object({ ...Common, suggestion: z.literal('duplicates'), step: z.enum(MERGE_STEPS) }),
  /** The facilitator's "Draft the story" of a target journey (assist-merge.ts). */
  z.object({ ...Common, suggestion: z.literal('story') }),
]);
export type AssistJob = z.infer<typeof AssistData>;

/** The irritants and breaks sent with a request for ideas: the most voted, so that the model reads few. */
const IDEA_SOURCES = 10;

/**
 * Stages offered a wording per form at most: a list of twenty stages in process wording would otherwise bring
 * twenty private messages (and model calls). The hint still names every one of them.
 */
const WORDINGS_PER_SUBMISSION = 5;

/** Where the jobs of a request belong: its Parcours workspace, its platform and the platform's workspace. */
export interface AssistOrigin {
  workspaceId: string;
  platform: 'slack' | 'teams';
  workspace: string;
}

/**
 * The wording jobs that follow a form's commands: one per stage it added or reworded in process wording (the
 * engine's `notCustomerVoice` warning), for the person who submitted it. A re-delivered form asks nothing again.
 */
export function wordingJobs(origin: AssistOrigin, workshopId: string, tell: Recipient, commands: readonly unknown[], outcomes: readonly Outcome[]): JobRequest[] {
  const jobs: JobRequest[] = [];
  commands.forEach((command, i) => {
    const o = outcomes[i];
    if (!o?.ok || o.replayed || !o.warnings.some((w) => w.code === 'warnings.notCustomerVoice')) return;
    const c = command as { type?: unknown; stageId?: unknown };
    const stageId = c.type === 'addStage' ? o.result.stageId : c.type === 'editStage' ? c.stageId : null;
    if (typeof stageId !== 'string' || jobs.length >= WORDINGS_PER_SUBMISSION) return;
    const data: AssistJob = { ...origin, workshopId, tell, suggestion: 'wording', stageId };
    jobs.push({ queue: 'assist', data });
  });
  return jobs;
}

/** The job of a facilitator's "Suggest solution ideas": repeated clicks while it waits make one. */
export function ideasJob(origin: AssistOrigin, workshopId: string, tell: Recipient): JobRequest {
  const data: AssistJob = { ...origin, workshopId, tell, suggestion: 'ideas' };
  return { queue: 'assist', data, key: `ideas:${workshopId}:${tell.userId}`.slice(0, 200) };
}

/**
 * Asks the assistant and tells the person what it suggests, once per job: a retried job that told them
 * already does not ask the model again. Nothing is said when there is nothing to offer (the stage was reworded
 * or removed meanwhile, the model found no first-person wording: the hint they had stands).
 */
export async function suggest(d: ConversationDeps, m: Messenger, data: AssistJob, jobId: string, isPermanent: (error: unknown) => boolean): Promise<void> {
  // Read first: a workshop deleted meanwhile ends the job here (jobs.ts drops it), before anything is recorded.
  const s = await d.queries.snapshot(data.workspaceId, data.workshopId);
  if (s.workshop.status !== 'open') return;
  const scope: AssistScope = { workspaceId: data.workspaceId, workshopId: data.workshopId, language: s.workshop.language };
  const round = roundOf(jobId);
  await deliverOnce(d, data.workspaceId, data.workshopId, `assist:${jobId}`, async () => {
    const notice = data.suggestion === 'wording' ? await wording(d, s, scope, data.stageId, round)
      : data.suggestion === 'duplicates' ? await proposeMerges(d, s, scope, data.step, round)
        : data.suggestion === 'story' ? await draftStory(d, s, scope, round)
          : await ideas(d, s, scope, round);
    if (notice) await m.tell(data.tell, notice);
    return null;
  }, isPermanent);
}

async function wording(d: ConversationDeps, s: WorkshopSnapshot, scope: AssistScope, stageId: string, round: string): Promise<NoticeView | null> {
  const stage = s.stages.find((x) => x.id === stageId);
  if (!stage || isCustomerVoice(stage.label)) return null;
  const answer = await d.assistant.customerVoice(scope, { stage: { id: stage.id, text: stage.label }, persona: s.persona?.name ?? '', goal: s.goal ?? '' });
  const label = answer.value?.label.trim();
  // The fallback has no wording to offer (null); a model's answer passed core's check already, checked again.
  if (!label || label === stage.label || !isCustomerVoice(label)) return null;
  return wordingNotice(s, stage, label, round);
}

async function ideas(d: ConversationDeps, s: WorkshopSnapshot, scope: AssistScope, round: string): Promise<NoticeView | null> {
  if (s.workshop.step !== 'solutions') return null;
  const addressed = ideaSources(s);
  if (addressed.length === 0) return noIdeasToAskNotice(s.workshop.language);
  const stages = new Map(s.stages.map((x) => [x.id, x.label]));
  const answer = await d.assistant.solutionIdeas(scope, {
    observations: addressed.map((o) => ({ id: o.id, text: o.text, kind: o.kind, stage: stages.get(o.stageId) ?? '', votes: o.votes })),
    departments: s.departments.map((dep) => ({ id: dep.id, text: dep.name })),
    limit: IDEAS_LIMIT,
  });
  return ideasNotice(s, answer.value, answer.notice, round);
}

/**
 * The irritants and breaks ideas are asked for: most votes first (as far as the tallies are shown: hidden
 * ones count 0), then moments of truth, then as written.
 */
export function ideaSources(s: WorkshopSnapshot): WorkshopSnapshot['observations'] {
  return s.observations
    .filter((o) => o.kind === 'irritant' || o.kind === 'rupture')
    .sort((a, b) => b.votes - a.votes || Number(b.momentOfTruth) - Number(a.momentOfTruth))
    .slice(0, IDEA_SOURCES);
}

/** A short id of one offer, carried by its buttons: the same text offered again later is another offer. */
function roundOf(jobId: string): string {
  return createHash('sha256').update(jobId).digest('base64url').slice(0, 12);
}
