// A workspace that removes the app (Slack's app_uninstalled or tokens_revoked): its tokens are deleted at
// once by the adapter, and its data after a grace period — a `purge` job scheduled for then, which deletes
// the workspace and everything in it unless the app was installed again meanwhile (which keeps everything).
import { z } from 'zod';
import type { ConversationDeps } from './deps.js';
import type { PlatformName } from './storage.js';

export const PurgeData = z.object({ workspaceId: z.string().min(1), uninstalledAt: z.iso.datetime() });

const DAY_MS = 86_400_000;

/** The app was removed from a workspace: its data goes after `graceDays`, unless it comes back. */
export async function uninstalled(d: ConversationDeps, platform: PlatformName, workspace: string, graceDays: number, now = new Date()): Promise<void> {
  const workspaceId = await d.store.setUninstalled(platform, workspace, now);
  if (!workspaceId) return;
  d.logger.info({ workspaceId, platform, graceDays }, 'the app was removed from a workspace; its data will be deleted after the grace period unless it is installed again');
  await d.jobs.enqueue([{ queue: 'purge', data: { workspaceId, uninstalledAt: now.toISOString() }, startAfter: new Date(now.getTime() + graceDays * DAY_MS) }]);
}

/** Installed (again): nothing of the workspace is deleted. */
export async function installed(d: ConversationDeps, platform: PlatformName, workspace: string): Promise<void> {
  await d.store.setUninstalled(platform, workspace, null);
}

export async function purge(d: ConversationDeps, data: z.infer<typeof PurgeData>): Promise<void> {
  const deleted = await d.store.purgeWorkspace(data.workspaceId, new Date(data.uninstalledAt));
  d.logger.info({ workspaceId: data.workspaceId, deleted }, deleted ? 'deleted a workspace the app was removed from' : 'the workspace came back: nothing deleted');
}
