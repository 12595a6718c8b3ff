// `/parcours …` → a command intent. What needs only the database goes back in the acknowledgement
// (ephemeral); a form opens after it, with the command's trigger.
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { commandAck, show } from '../answers.js';
import { commandDelivery } from '../delivery.js';
import { originOf, type SlackDeps } from '../origin.js';

export function registerCommand(app: App, s: SlackDeps): void {
  app.command(s.command, async ({ command, ack, client, context }) => {
    const team = context.teamId ?? context.enterpriseId ?? command.team_id;
    const where = { user: command.user_id, channel: command.channel_id, thread: null };
    const origin = originOf(team, { id: command.user_id, name: command.user_name }, where, commandDelivery(team, command.trigger_id), command.team_domain);
    const { reply } = await s.layer.handle(origin, { kind: 'command', text: command.text });
    const immediate = commandAck(reply);
    if (immediate) return ack(immediate);
    await ack();
    await show(s, client as WebClient, { team, where, triggerId: command.trigger_id, viewId: null }, reply, s.layer.deps.language);
  });
}
