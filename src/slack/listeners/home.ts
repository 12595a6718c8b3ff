// App Home: opening the tab publishes the person's workshops. Publishing is idempotent, so a re-delivered
// event only publishes the same view again.
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Origin } from '../../conversation/intents.js';
import { homeTab } from '../blocks/home.js';
import { eventDelivery } from '../delivery.js';
import { originOf, type SlackDeps } from '../origin.js';

export function registerHome(app: App, s: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client, context, body }) => {
    if (event.tab !== 'home') return;
    const team = context.teamId ?? context.enterpriseId ?? (body as { team_id?: string }).team_id ?? '';
    const eventId = (body as { event_id?: string }).event_id ?? `${event.user}:${event.event_ts}`;
    const origin = originOf(team, { id: event.user }, { channel: null, thread: null }, eventDelivery(eventId));
    await publishHome(s, client, origin);
  });
}

/** Publishes the person's home tab as it now is. */
export async function publishHome(s: SlackDeps, client: WebClient, origin: Origin): Promise<void> {
  const { reply } = await s.layer.handle(origin, { kind: 'homeOpened' });
  if (reply.kind === 'home') await client.views.publish({ user_id: origin.userId, view: homeTab(reply.view, reply.conversations) });
}
