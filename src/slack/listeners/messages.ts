// Messages people write in channels the bot is in (`message.channels`, `message.groups`) → a message intent,
// when one may be a contribution to a workshop: a plain reply in a thread, by a person, not addressed to the
// bot. Everything else is dropped here, before any database work: top-level messages, edits and deletions
// (message_changed, message_deleted) and every other subtype (joins, bot_message, thread_broadcast, file_share…),
// messages from bots and the bot's own, messages mentioning the bot. The layer then checks the thread is a
// workshop's and records a job; nothing is answered on the acknowledgement path, nor at all unless the job
// finds something to offer (privately, to the author).
import type { App } from '@slack/bolt';
import { originOf, type SlackDeps } from '../origin.js';

/** The fields of a message event read here (Slack's GenericMessageEvent, with what other subtypes add). */
interface MessageEvent {
  subtype?: string;
  user?: string;
  bot_id?: string;
  bot_profile?: unknown;
  text?: string;
  ts?: string;
  thread_ts?: string;
  channel?: string;
  channel_type?: string;
}

/** A Slack message is named by its channel and its ts: a retried event (same event_id or not) names the same message. */
export const messageDelivery = (team: string, channel: string, ts: string): string => `slack:msg:${team}:${channel}:${ts}`.slice(0, 200);

export function registerMessages(app: App, s: SlackDeps): void {
  app.event('message', async ({ event, context, body }) => {
    const e = event as MessageEvent;
    if (e.subtype !== undefined || e.bot_id || e.bot_profile || !e.user || !e.text || !e.ts || !e.channel) return;
    if (e.channel_type !== 'channel' && e.channel_type !== 'group') return;
    // A reply in a thread: the thread's root is the workshop's anchor when it is one (the layer checks).
    if (!e.thread_ts || e.thread_ts === e.ts) return;
    const bot = context.botUserId;
    if (bot && (e.user === bot || e.text.includes(`<@${bot}>`))) return;
    const team = context.teamId ?? context.enterpriseId ?? (body as { team_id?: string }).team_id ?? '';
    const origin = originOf(team, { id: e.user }, { channel: e.channel, thread: e.thread_ts }, messageDelivery(team, e.channel, e.ts));
    await s.layer.handle(origin, { kind: 'message', text: plainText(e.text), threads: true });
  });
}

/**
 * Slack's markup made plain for the classifier: mentions and channel links lose their ids (no Slack id goes to a
 * model), links keep their label, and the three escaped characters come back.
 */
export function plainText(text: string): string {
  return text
    .replace(/<[@#!][^>|]*\|([^>]*)>/g, '$1')
    .replace(/<[@#!][^>]*>/g, '')
    .replace(/<([^>|]+)\|([^>]*)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
