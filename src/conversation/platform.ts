// The one small port each chat platform implements (src/slack, later src/teams). The conversation layer
// decides what is said and to whom; a platform only knows how to say it. Its ids (channels, messages,
// users) stay opaque strings here.
import type { Language } from '../core/vocabulary.js';
import type { AnchorView, HeadMessageView, NoticeView, StepView, SummaryView } from '../present/model.js';
import type { PlatformName } from './storage.js';

/** A message the platform renders in its own format (Block Kit, Adaptive Cards). */
export type OutboundMessage =
  | { kind: 'anchor'; view: AnchorView }
  | { kind: 'step'; view: StepView }
  | { kind: 'summary'; view: SummaryView }
  | { kind: 'head'; view: HeadMessageView }
  | { kind: 'notice'; view: NoticeView };

/** One person, and where a private answer to them belongs (the conversation and thread they acted in). */
export interface Recipient {
  userId: string;
  conversationId: string | null;
  threadId: string | null;
}

export interface FileUpload {
  filename: string;
  title: string;
  content: Buffer;
}

/** A platform's failure, classified: whether trying again can help, and what to tell the person. */
export interface PlatformFailure {
  /** The platform's own error code (channel_not_found, ConversationNotFound…), for logs. */
  code: string;
  /** Trying again will not help: the bot is not in the channel, the user cannot be messaged, a permission is missing. */
  permanent: boolean;
  /** What happened and what to do, in the person's language; says nothing was lost. */
  explain(language: Language): string;
}

/** Speaks in one workspace of a platform (one Slack team's token, one Teams tenant). */
export interface Messenger {
  /**
   * How the platform takes the map and documents: uploaded as files (Slack), or shown from links it fetches
   * itself (Teams: card images are URLs), which need PARCOURS_PUBLIC_URL. Absent: 'upload'.
   */
  readonly files?: 'upload' | 'links';
  /** Posts a message in a conversation (in a thread when `threadId` is given); returns its id. */
  post(conversationId: string, message: OutboundMessage, options?: { threadId?: string | null; broadcast?: boolean }): Promise<string>;
  update(conversationId: string, messageId: string, message: OutboundMessage): Promise<void>;
  /** Answers one person privately where they acted, or in a direct message when that fails. Never throws. */
  tell(who: Recipient, notice: NoticeView): Promise<void>;
  /** A direct message; returns its id. Throws when the person cannot be reached. */
  directMessage(userId: string, message: OutboundMessage): Promise<string>;
  /** An address people can open to reach a message (Slack's permalink); null when the platform has none. */
  permalink(conversationId: string, messageId: string): Promise<string | null>;
  /** Uploads files; returns their ids. */
  upload(conversationId: string, threadId: string | null, files: FileUpload[]): Promise<string[]>;
  /** Removes messages and files the bot posted in a conversation; what is already gone is skipped. */
  remove(conversationId: string, posted: { messages: string[]; files: string[] }): Promise<void>;
}

export interface ChatPlatform {
  readonly name: PlatformName;
  /** How people call the bot there (`/parcours`, `@Parcours`), for help texts. */
  readonly command: string;
  messenger(workspaceExternalId: string): Promise<Messenger>;
  failure(error: unknown): PlatformFailure;
}
