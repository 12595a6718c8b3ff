// The conversation layer's ChatPlatform on Slack: view models become Block Kit, and each workspace is
// spoken to with its own bot token (one workspace's token, or the OAuth installation of the team).
import type { WebClient, WebClientOptions } from '@slack/web-api';
import { webApi } from '@slack/bolt';
import type { ChatPlatform, FileUpload, Messenger, OutboundMessage, PlatformFailure, Recipient } from '../conversation/platform.js';
import type { Language } from '../core/vocabulary.js';
import type { Logger } from '../log.js';
import type { NoticeView } from '../present/model.js';
import { anchorMessage, headMessage, noticeMessage, stepMessage, summaryMessage, type SlackMessage } from './blocks/messages.js';
import { directMessage, replyPrivately } from './replies.js';
import { describeFailure, isPermanent, slackFailure } from './slack-errors.js';

export function blocksOf(message: OutboundMessage): SlackMessage {
  switch (message.kind) {
    case 'anchor': return anchorMessage(message.view);
    case 'step': return stepMessage(message.view);
    case 'summary': return summaryMessage(message.view);
    case 'head': return headMessage(message.view);
    case 'notice': return noticeMessage(message.view);
    default: {
      const never: never = message;
      throw new Error(`unhandled message ${JSON.stringify(never)}`);
    }
  }
}

export class SlackMessenger implements Messenger {
  readonly files = 'upload';
  constructor(private readonly client: WebClient, private readonly logger: Logger) {}

  async post(conversationId: string, message: OutboundMessage, options: { threadId?: string | null; broadcast?: boolean } = {}): Promise<string> {
    const thread = options.threadId ? { thread_ts: options.threadId, ...(options.broadcast ? { reply_broadcast: true } : {}) } : {};
    const posted = await this.client.chat.postMessage({ channel: conversationId, ...blocksOf(message), ...thread });
    if (!posted.ts) throw Object.assign(new Error('chat.postMessage returned no ts'), { data: { error: 'no_ts' } });
    return posted.ts;
  }

  async update(conversationId: string, messageId: string, message: OutboundMessage): Promise<void> {
    await this.client.chat.update({ channel: conversationId, ts: messageId, ...blocksOf(message) });
  }

  tell(who: Recipient, notice: NoticeView): Promise<void> {
    return replyPrivately(this.client, this.logger, { user: who.userId, channel: who.conversationId, thread: who.threadId }, notice);
  }

  directMessage(userId: string, message: OutboundMessage): Promise<string> {
    return directMessage(this.client, userId, blocksOf(message));
  }

  async permalink(conversationId: string, messageId: string): Promise<string | null> {
    const answer = await this.client.chat.getPermalink({ channel: conversationId, message_ts: messageId });
    return answer.permalink ?? null;
  }

  async upload(conversationId: string, threadId: string | null, files: FileUpload[]): Promise<string[]> {
    const done = await this.client.filesUploadV2({
      channel_id: conversationId, ...(threadId ? { thread_ts: threadId } : {}),
      file_uploads: files.map((f) => ({ file: f.content, filename: f.filename, title: f.title })),
    }) as { files?: { files?: { id?: string }[] }[] };
    return (done.files ?? []).flatMap((f) => f.files ?? []).flatMap((f) => (f.id ? [f.id] : []));
  }

  async timeZone(userId: string): Promise<string | null> {
    const answer = await this.client.users.info({ user: userId });
    return answer.user?.tz ?? null;
  }

  async remove(conversationId: string, posted: { messages: string[]; files: string[] }): Promise<void> {
    // What someone already deleted by hand is not an error: the point is that it is gone.
    const gone = (error: unknown) => {
      const code = slackFailure(error).error;
      if (code !== 'message_not_found' && code !== 'file_not_found' && code !== 'file_deleted') throw error;
    };
    for (const ts of posted.messages) await this.client.chat.delete({ channel: conversationId, ts }).catch(gone);
    for (const file of posted.files) await this.client.files.delete({ file }).catch(gone);
  }
}

/** A workspace's bot token: the single workspace's, or the one its OAuth installation holds. */
export type TokenOf = (team: string) => Promise<string>;

export class SlackPlatform implements ChatPlatform {
  readonly name = 'slack' as const;
  private readonly messengers = new Map<string, Promise<Messenger>>();

  constructor(readonly command: string, private readonly tokenOf: TokenOf, private readonly clientOptions: WebClientOptions, private readonly logger: Logger) {}

  messenger(team: string): Promise<Messenger> {
    const known = this.messengers.get(team);
    if (known) return known;
    const m: Promise<Messenger> = this.tokenOf(team).then((token) => new SlackMessenger(new webApi.WebClient(token, this.clientOptions), this.logger));
    m.catch(() => this.messengers.delete(team));
    this.messengers.set(team, m);
    return m;
  }

  /** Forgets a workspace's client (its token was revoked, or the app reinstalled with a new one). */
  forget(team: string): void {
    this.messengers.delete(team);
  }

  /** A person's time zone (users.info `tz`, needs users:read), so that reminders fall in their working hours. */
  async timeZoneOf(team: string, userId: string): Promise<string | null> {
    const m = (await this.messenger(team)) as SlackMessenger;
    return m.timeZone(userId);
  }

  failure(error: unknown): PlatformFailure {
    const f = slackFailure(error);
    return { code: f.error, permanent: isPermanent(f), explain: (language: Language) => describeFailure(f, language, this.command) };
  }
}
