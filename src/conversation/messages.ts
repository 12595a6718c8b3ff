// Keeps a workshop's messages in step with the database: the anchor message in its conversation, the
// current step's message in the anchor's thread (the previous step's message keeps its content but loses
// its buttons). Runs as the `refresh` job: at most one per workshop at a time, on any replica, reading the
// state afresh. Posting a message is claimed as a delivery, so it is never posted twice even if two runs
// overlap (a run taken for dead and retried while it was only slow). The facilitator's controls are in
// none of these messages: they are told to the facilitator privately, once per version of the workshop.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import { anchorView } from '../present/anchor.js';
import { controlsNotice } from '../present/controls.js';
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

/**
 * Posts what is missing and updates what exists. Throws the platform's failure that stopped it.
 * `command` is how people call the bot on the platform (`/parcours`), for the facilitator's controls.
 */
export async function syncMessages(d: ConversationDeps, m: Messenger, conv: ConversationRecord, s: WorkshopSnapshot, command = ''): Promise<void> {
  const root = await syncWorkshopMessages(d, m, conv, s);
  if (root) await tellControls(d, m, conv, s, root, command);
}

async function syncWorkshopMessages(d: ConversationDeps, m: Messenger, conv: ConversationRecord, s: WorkshopSnapshot): Promise<string | null> {
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
    if (!root) return null;
  }

  const step = s.workshop.step;
  if (conv.step === step && conv.stepMessageId) {
    await m.update(conv.conversationId, conv.stepMessageId, { kind: 'step', view: stepView(s, s.workshop.step, d.clock.now()) });
    return root;
  }
  // A new step message for each visit of a step (a reopened step gets a new one): keyed by the version.
  await postOnce(d, conv, `step:${step}:${s.workshop.version}`, async () => {
    if (conv.step && conv.step !== step && conv.stepMessageId) {
      await m.update(conv.conversationId, conv.stepMessageId, { kind: 'step', view: stepView(s, conv.step as typeof step) })
        .catch((error: unknown) => d.logger.warn({ err: error, workshopId }, 'could not retire the previous step message'));
    }
    const id = await m.post(conv.conversationId, { kind: 'step', view: stepView(s, s.workshop.step, d.clock.now()) }, { threadId: root, broadcast: conv.step !== null });
    await d.conversations.setStepMessage(workspaceId, workshopId, step, id);
    return id;
  });
  return root;
}

/**
 * The facilitator's controls, privately under the step message, once per version of the workshop: a new
 * step, a reopened one, the workshop closed, or its framing edited (which makes the last "next step"
 * button stale). Contributions leave the version alone, so they send nothing. Never throws: a facilitator
 * who cannot be told finds the controls with the `controls` command and in the home tab.
 */
async function tellControls(d: ConversationDeps, m: Messenger, conv: ConversationRecord, s: WorkshopSnapshot, root: string, command: string): Promise<void> {
  const facilitator = s.participants.find((p) => p.role === 'facilitator');
  if (!facilitator) return;
  const key = `controls:${s.workshop.version}`;
  const claim = await d.deliveries.claim(conv.workspaceId, conv.workshopId, key);
  if (claim.status !== 'claimed') return;
  await m.tell({ userId: facilitator.userId, conversationId: conv.conversationId, threadId: root }, controlsNotice(s, command));
  await d.deliveries.delivered(conv.workspaceId, conv.workshopId, key, null);
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
