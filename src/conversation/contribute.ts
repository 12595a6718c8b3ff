// Contributing by just writing (issue 13, point 6): a person writes in a workshop's thread (a Slack thread under
// its anchor, a Teams channel's reply chain or group chat) without addressing the bot; the message may be a
// touchpoint, an irritant, an enchantment or a break. Classifying it may take a model seconds, so the request
// only records a `contribute` job (nothing is asked on the acknowledgement path); the job asks the assistant —
// with the message and the stages as `{ id, text }` data, never a name or a platform id — and tells the author
// privately what it could be added as, with "Add it" and "Dismiss" (present/contribute.ts). Nothing is added
// without that click, which runs the engine's own command as that person (contribute-actions.ts).
//
// The same message delivered twice (Slack retries an event it got no quick answer to; Teams re-delivers an
// activity) is offered once: the adapter names the message in the origin's delivery id, the job is keyed by it
// (a waiting duplicate coalesces) and the offer is a delivery claimed under it (contribute-jobs.ts).
import type { JobRequest } from '../core/store.js';
import { digest, MAX_MESSAGE, type ContributeJob } from './contribute-jobs.js';
import { answer, type Answer } from './replies.js';
import type { Request } from './request.js';

/**
 * A message written without addressing the bot. In the thread of one of the conversation's workshops, it becomes
 * a job for that workshop; anywhere else it is ignored. Nothing is answered: the message was not meant for the bot.
 */
export async function onMessage(r: Request, text: string, threads: boolean): Promise<Answer> {
  const none = answer({ kind: 'none' });
  const message = text.trim();
  if (!message || message.length > MAX_MESSAGE || !r.origin.conversationId) return none;
  // The thread of a workshop's anchor (its replies), whichever workshop of the channel it is; where there are no
  // threads (a Teams group chat), the conversation's latest workshop.
  if (threads ? r.origin.threadId === null : r.origin.threadId !== null) return none;
  const conv = threads
    ? await r.d.conversations.byThread(r.workspaceId, r.origin.platform, r.origin.conversationId, r.origin.threadId!)
    : await r.d.conversations.latestIn(r.workspaceId, r.origin.platform, r.origin.conversationId);
  if (!conv?.rootMessageId) return none;
  const key = `contribute:${digest(r.origin.deliveryId)}`;
  const data: ContributeJob = {
    workspaceId: r.workspaceId, workshopId: conv.workshopId, platform: r.origin.platform, workspace: r.origin.workspace,
    tell: { userId: r.origin.userId, conversationId: r.origin.conversationId, threadId: r.origin.threadId }, text: message, key,
  };
  const job: JobRequest = { queue: 'contribute', data, key };
  await r.d.jobs.enqueue([job]);
  return none;
}

