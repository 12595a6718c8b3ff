// Data that can be taken back. A facilitator deletes a workshop: the engine removes its rows, deliveries
// and waiting jobs in one transaction, and a `forget` job recorded in that same transaction removes what the
// bot posted for it on the platform (its messages and files in the channel). A workspace that removes the
// app keeps its data for a grace period (a reinstall within it keeps everything), then a `purge` job
// deletes the workspace and everything in it.
import { z } from 'zod';
import type { JobRequest } from '../core/store.js';
import type { ConversationDeps } from './deps.js';
import type { Messenger } from './platform.js';
import type { PlatformName } from './storage.js';

/** What the bot posted in a workshop's conversation: message ids and file ids, the platform's own. */
export interface Traces {
  messages: string[];
  files: string[];
}

/** A delivery's ref: a message id, or what a map delivery posted (its pictures, documents and summary). */
export function tracesRef(traces: Traces): string {
  return JSON.stringify(traces);
}

export function tracesOf(ref: string | null): Traces {
  if (!ref) return { messages: [], files: [] };
  if (!ref.startsWith('{')) return { messages: [ref], files: [] };
  try {
    const parsed = JSON.parse(ref) as Partial<Traces>;
    return { messages: (parsed.messages ?? []).filter((m) => typeof m === 'string'), files: (parsed.files ?? []).filter((f) => typeof f === 'string') };
  } catch {
    return { messages: [], files: [] };
  }
}

const ForgetSchema = z.object({
  /** The workspace only, never the workshop: a purge of the workspace discards the job if it is still waiting. */
  workspaceId: z.string().min(1),
  platform: z.enum(['slack', 'teams']), workspace: z.string().min(1), conversationId: z.string().min(1),
  messages: z.array(z.string()), files: z.array(z.string()),
});

/**
 * The job that removes a deleted workshop's messages and files from its conversation. It names no
 * workshop (whose rows are gone by then), only the platform's own ids. Null when nothing was posted.
 */
export async function forgetJob(d: ConversationDeps, workspaceId: string, workshopId: string, platform: PlatformName, workspace: string): Promise<JobRequest | null> {
  const conv = await d.conversations.get(workspaceId, workshopId);
  if (!conv) return null;
  const messages = new Set<string>();
  const files = new Set<string>();
  for (const id of [conv.rootMessageId, conv.stepMessageId]) if (id) messages.add(id);
  for (const delivery of await d.deliveries.list(workspaceId, workshopId)) {
    // A head's message lives in their direct messages, not in the workshop's conversation: it stays theirs.
    if (delivery.status !== 'delivered' || delivery.key.includes(':head:')) continue;
    const traces = tracesOf(delivery.ref);
    traces.messages.forEach((m) => messages.add(m));
    traces.files.forEach((f) => files.add(f));
  }
  if (!messages.size && !files.size) return null;
  return { queue: 'forget', data: { workspaceId, platform: conv.platform === 'teams' ? 'teams' : platform, workspace, conversationId: conv.conversationId, messages: [...messages], files: [...files] } };
}

export async function forget(m: Messenger, data: Record<string, unknown>): Promise<void> {
  const { conversationId, messages, files } = ForgetSchema.parse(data);
  await m.remove(conversationId, { messages, files });
}

export const ForgetData = ForgetSchema;
