// App Home: opening the tab publishes the person's workshops. Publishing is idempotent, so a re-delivered
// event only publishes the same view again.
import type { App } from '@slack/bolt';
import { homeView, loadHome } from '../../present/home.js';
import { homeTab } from '../blocks/home.js';
import type { Services } from '../services.js';

export function registerHome(app: App, s: Services): void {
  app.event('app_home_opened', async ({ event, client, context, body }) => {
    if (event.tab !== 'home') return;
    const team = context.teamId ?? context.enterpriseId ?? (body as { team_id?: string }).team_id ?? '';
    const workspaceId = await s.workspaces.idOf(team);
    const view = homeView(await loadHome(s.queries, workspaceId, event.user), s.language);
    const channels = await s.conversations.channelsOf(workspaceId, view.workshops.map((w) => w.workshopId));
    await client.views.publish({ user_id: event.user, view: homeTab(view, channels) });
  });
}
