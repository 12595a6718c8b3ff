// Private answers: an ephemeral message in the channel (in the workshop's thread when there is one), or,
// when the channel cannot take it, a direct message. A failure here is logged, never thrown.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log.js';
import type { NoticeView } from '../present/model.js';
import { noticeMessage } from './blocks/messages.js';
import { slackFailure } from './slack-errors.js';

export interface Where {
  user: string;
  channel: string | null;
  thread: string | null;
}

/** `message` replaces the notice's own rendering (an anchor with what awaits the person, say). */
export async function replyPrivately(client: WebClient, logger: Logger, where: Where, notice: NoticeView, message: { text: string; blocks: unknown[] } = noticeMessage(notice)): Promise<void> {
  if (where.channel) {
    try {
      await client.chat.postEphemeral({ channel: where.channel, user: where.user, text: message.text, blocks: message.blocks as never, ...(where.thread ? { thread_ts: where.thread } : {}) });
      return;
    } catch (error) {
      logger.warn({ err: error, channel: where.channel }, 'ephemeral reply failed; trying a direct message');
    }
  }
  await directMessage(client, where.user, message).catch((error: unknown) => {
    logger.warn({ err: error, user: where.user }, 'direct message failed');
  });
}

/**
 * The direct message channel of each person, by Slack client: a client speaks for one workspace's bot (the
 * platform keeps one per team; Bolt one per team and token), and the channel between that bot and a person never
 * changes, so a second message to them costs one call (chat.postMessage), not two. Kept in the process only,
 * bounded per client; a channel Slack no longer knows is forgotten and opened again.
 */
const dmChannels = new WeakMap<WebClient, Map<string, string>>();
const MAX_DM_CHANNELS = 10_000;

function rememberChannel(client: WebClient, user: string, channel: string): void {
  let known = dmChannels.get(client);
  if (!known) dmChannels.set(client, (known = new Map()));
  // The oldest goes first: forgetting one only costs a conversations.open.
  if (known.size >= MAX_DM_CHANNELS && !known.has(user)) known.delete(known.keys().next().value!);
  known.set(user, channel);
}

export async function directMessage(client: WebClient, user: string, message: { text: string; blocks: unknown[] }): Promise<string> {
  const known = dmChannels.get(client)?.get(user);
  if (known) {
    try {
      return await postTo(client, known, message);
    } catch (error) {
      if (slackFailure(error).error !== 'channel_not_found') throw error;
      // Slack no longer knows it (the person left and came back, say): opened again, once.
      dmChannels.get(client)?.delete(user);
    }
  }
  const opened = await client.conversations.open({ users: user });
  const channel = opened.channel?.id;
  if (!channel) throw Object.assign(new Error('conversations.open returned no channel'), { data: { error: 'channel_not_found' } });
  rememberChannel(client, user, channel);
  try {
    return await postTo(client, channel, message);
  } catch (error) {
    if (slackFailure(error).error === 'channel_not_found') dmChannels.get(client)?.delete(user);
    throw error;
  }
}

async function postTo(client: WebClient, channel: string, message: { text: string; blocks: unknown[] }): Promise<string> {
  const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never });
  return posted.ts ?? '';
}
