// Private answers: an ephemeral message in the channel (in the workshop's thread when there is one), or,
// when the channel cannot take it, a direct message. A failure here is logged, never thrown.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log.js';
import type { NoticeView } from '../present/model.js';
import { noticeMessage } from './blocks/messages.js';

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

export async function directMessage(client: WebClient, user: string, message: { text: string; blocks: unknown[] }): Promise<string> {
  const opened = await client.conversations.open({ users: user });
  const channel = opened.channel?.id;
  if (!channel) throw Object.assign(new Error('conversations.open returned no channel'), { data: { error: 'channel_not_found' } });
  const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never });
  return posted.ts ?? '';
}
