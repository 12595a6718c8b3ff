// The app removed from a workspace (app_uninstalled), or its bot token revoked (tokens_revoked): the
// workspace's installation and tokens are deleted at once, its data after the grace period (unless the
// app is installed again within it). Re-deliveries do the same again, harmlessly.
import type { App } from '@slack/bolt';
import type { InstallationStore } from '@slack/oauth';
import type { SlackPlatform } from '../messenger.js';
import type { SlackDeps } from '../origin.js';

export function registerUninstall(app: App, s: SlackDeps, platform: SlackPlatform, installations: InstallationStore | null): void {
  const removed = async (team: string, enterprise: string | undefined): Promise<void> => {
    if (!team) return;
    await installations?.deleteInstallation?.({ teamId: team, enterpriseId: enterprise, isEnterpriseInstall: false });
    platform.forget(team);
    await s.layer.uninstalled('slack', team);
    s.logger.info({ team }, 'the app was removed from a Slack workspace: its tokens are deleted');
  };
  app.event('app_uninstalled', async ({ context, body }) => {
    const b = body as { team_id?: string; enterprise_id?: string };
    await removed(context.teamId ?? b.team_id ?? '', context.enterpriseId ?? b.enterprise_id);
  });
  app.event('tokens_revoked', async ({ event, context, body }) => {
    // Only the bot's token matters: Parcours holds no user token.
    if (!event.tokens.bot?.length) return;
    const b = body as { team_id?: string; enterprise_id?: string };
    await removed(context.teamId ?? b.team_id ?? '', context.enterpriseId ?? b.enterprise_id);
  });
}
