// One request being answered: who acted, in which workspace, on which platform, with the layer's deps.
import type { Actor } from '../core/context.js';
import type { JobOrigin } from '../core/engine.js';
import type { Language } from '../core/vocabulary.js';
import type { ConversationDeps } from './deps.js';
import type { Origin } from './intents.js';
import { job } from './jobs.js';
import type { ChatPlatform, Recipient } from './platform.js';

export interface Request {
  d: ConversationDeps;
  origin: Origin;
  platform: ChatPlatform;
  workspaceId: string;
  actor: Actor;
  /** The language of the command word typed (`aide`, `help`), for answers given outside a workshop. */
  typed?: Language;
}

/** What the engine hands to the job planner with each command of this request. */
export function jobOrigin(r: Request): JobOrigin {
  return { platform: r.origin.platform, workspace: r.origin.workspace, userId: r.origin.userId, conversationId: r.origin.conversationId, threadId: r.origin.threadId };
}

export function recipientOf(r: Request): Recipient {
  return { userId: r.origin.userId, conversationId: r.origin.conversationId, threadId: r.origin.threadId };
}

/**
 * A workshop's language, for answers about it; the default one when it cannot be read (e.g. not found).
 * Read afresh every time and never remembered: the facilitator can change it, through any replica, and
 * the very next answer must be in the new language.
 */
export async function workshopLanguage(r: Request, workshopId: string | null): Promise<Language> {
  if (!workshopId) return r.d.language;
  try {
    return (await r.d.queries.language(r.workspaceId, workshopId)) ?? r.d.language;
  } catch (error) {
    r.d.logger.warn({ err: error, workshopId }, 'could not read the workshop’s language; answering in the default one');
    return r.d.language;
  }
}

/** Brings a workshop's messages up to date outside any command (a missing anchor posted once the bot was invited). */
export function refreshLater(r: Request, workshopId: string): Promise<void> {
  const base = { workspaceId: r.workspaceId, workshopId, platform: r.origin.platform, workspace: r.origin.workspace };
  return r.d.jobs.enqueue([job('refresh', { ...base, link: null, tell: null }, workshopId)]);
}

/** Posts the current map where it was asked for (in the workshop's thread when asked in its conversation), once per request. */
export async function mapLater(r: Request, workshopId: string, conversationId: string | null): Promise<void> {
  const conv = await r.d.conversations.get(r.workspaceId, workshopId);
  const target = conversationId ?? conv?.conversationId;
  if (!target) return;
  const threadId = conv && conv.conversationId === target ? conv.rootMessageId : null;
  const base = { workspaceId: r.workspaceId, workshopId, platform: r.origin.platform, workspace: r.origin.workspace };
  await r.d.jobs.enqueue([job('map', { ...base, tell: recipientOf(r), conversationId: target, threadId, key: `map:${r.origin.deliveryId}`.slice(0, 200) })]);
}
