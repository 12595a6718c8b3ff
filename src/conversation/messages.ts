// Keeps a workshop's messages in step with the database: the anchor message in its conversation, the
// current step's message in the anchor's thread (the previous step's message keeps its content but loses
// its buttons). Runs as the `refresh` job: at most one per workshop at a time, on any replica, reading the
// state afresh. Posting a message is claimed as a delivery, so it is never posted twice even if two runs
// overlap (a run taken for dead and retried while it was only slow).
import type { WorkshopSnapshot } from '../core/snapshot.js';
import { anchorView } from '../present/anchor.js';
import { stepView } from '../present/steps.js';
import type { ConversationDeps } from './deps.js';
import type { Messenger } from './platform.js';
import type { ConversationRecord } from './storage.js';

/** Another run holds the claim on this message: try again shortly (the job is retried). */
export class LostRace extends Error {
  constructor(key: string) {
    super(`another run is posting ${key}`);
    this.name = 'LostRace';
  }
}

/** Posts what is missing and updates what exists. Throws the platform's failure that stopped it. */
export async function syncMessages(d: ConversationDeps, m: Messenger, conv: ConversationRecord, s: WorkshopSnapshot): Promise<void> {
  const { workspaceId, workshopId } = conv;
  const anchor = { kind: 'anchor' as const, view: anchorView(s) };
  let root = conv.rootMessageId;
  if (root) {
    await m.update(conv.conversationId, root, anchor);
  } else {
    root = await postOnce(d, conv, 'anchor', async () => {
      const id = await m.post(conv.conversationId, anchor);
      await d.conversations.setRootMessage(workspaceId, workshopId, id);
      return id;
    });
    if (!root) return;
  }

  const step = s.workshop.step;
  if (conv.step === step && conv.stepMessageId) {
    await m.update(conv.conversationId, conv.stepMessageId, { kind: 'step', view: stepView(s) });
    return;
  }
  // A new step message for each visit of a step (a reopened step gets a new one): keyed by the version.
  await postOnce(d, conv, `step:${step}:${s.workshop.version}`, async () => {
    if (conv.step && conv.step !== step && conv.stepMessageId) {
      await m.update(conv.conversationId, conv.stepMessageId, { kind: 'step', view: stepView(s, conv.step as typeof step) })
        .catch((error: unknown) => d.logger.warn({ err: error, workshopId }, 'could not retire the previous step message'));
    }
    const id = await m.post(conv.conversationId, { kind: 'step', view: stepView(s) }, { threadId: root, broadcast: conv.step !== null });
    await d.conversations.setStepMessage(workspaceId, workshopId, step, id);
    return id;
  });
}

/**
 * Posts a message under a delivery claim. Returns its id (null when it was made before without one);
 * a failure gives the claim back (the next refresh tries again — an invitation to a private channel
 * comes later) and is thrown.
 */
async function postOnce(d: ConversationDeps, conv: ConversationRecord, key: string, post: () => Promise<string>): Promise<string | null> {
  const { workspaceId, workshopId } = conv;
  const claim = await d.deliveries.claim(workspaceId, workshopId, key);
  if (claim.status === 'delivered') return claim.ref;
  if (claim.status === 'race') throw new LostRace(key);
  // A message is never failed for good: posting is tried again on the next change.
  if (claim.status === 'failed') return null;
  try {
    const id = await post();
    await d.deliveries.delivered(workspaceId, workshopId, key, id);
    return id;
  } catch (error) {
    await d.deliveries.failed(workspaceId, workshopId, key, errorCode(error), false);
    throw error;
  }
}

export function errorCode(error: unknown): string {
  const e = error as { data?: { error?: unknown }; code?: unknown } | null;
  const code = e?.data?.error ?? e?.code ?? (error instanceof Error ? error.name : 'error');
  return String(code).slice(0, 200);
}
