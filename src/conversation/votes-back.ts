// Votes given back: when an observation or a solution is removed, whoever had voted for it has those votes
// again (the budget is what is left after the votes that exist). Each voter is told privately, in the
// workshop's thread, how many votes they now have, with their ballot a click away: otherwise a vote would
// silently reappear and, in a live session, stay unused.
import { packValue } from '../present/actions.js';
import { words } from '../present/text.js';
import type { ConversationDeps } from './deps.js';
import { deliverOnce } from './deliverables.js';
import type { Messenger } from './platform.js';

export interface VotesBack {
  workspaceId: string;
  workshopId: string;
  /** The voter's platform user id. */
  userId: string;
  /** The step the votes were given in. */
  step: 'evaluation' | 'solutions';
}

/** Tells one voter, once per job (a retried job does not tell them twice). */
export async function tellVotesBack(d: ConversationDeps, m: Messenger, data: VotesBack, jobId: string, isPermanent: (error: unknown) => boolean): Promise<void> {
  const { snapshot, mine } = await d.queries.ballot(data.workspaceId, data.workshopId, data.userId);
  // Voting moved on, or the workshop closed, meanwhile: the votes are of no use any more, so nothing is said.
  if (snapshot.workshop.status !== 'open' || snapshot.workshop.step !== data.step) return;
  const conv = await d.conversations.get(data.workspaceId, data.workshopId);
  if (!conv) return;
  const w = words(snapshot.workshop.language);
  await deliverOnce(d, data.workspaceId, data.workshopId, `votesBack:${jobId}`, async () => {
    await m.tell({ userId: data.userId, conversationId: conv.conversationId, threadId: conv.rootMessageId }, {
      tone: 'info',
      lines: [[w.p('notices.votesBack', { count: mine.remaining })]],
      actions: [{ action: 'ballot', label: w.p('actions.ballot'), value: packValue(data.workshopId, 0) }],
    });
    return null;
  }, isPermanent);
}
