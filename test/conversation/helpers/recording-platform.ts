// A chat platform that only records: a `ChatPlatform` named 'teams' (so nothing Slack-specific can sneak
// into the conversation layer) whose Messenger writes down every call it gets — post with its view model,
// update, tell, directMessage, upload, remove — answers with generated ids, and can be told to fail a call,
// permanently (an unreachable user) or transiently (a timeout), a given number of times.
import type { ChatPlatform, FileUpload, Messenger, OutboundMessage, PlatformFailure, Recipient } from '../../../src/conversation/platform.js';
import type { Language } from '../../../src/core/vocabulary.js';
import type { NoticeView } from '../../../src/present/model.js';

export type Method = 'post' | 'update' | 'tell' | 'directMessage' | 'upload' | 'remove';

interface CallBase {
  /** Order of the call on this platform (every messenger shares the counter). */
  seq: number;
  /** The platform workspace the messenger speaks in. */
  workspace: string;
}

export type Call = CallBase & (
  | { method: 'post'; id: string; conversationId: string; message: OutboundMessage; threadId: string | null; broadcast: boolean }
  | { method: 'update'; conversationId: string; messageId: string; message: OutboundMessage }
  | { method: 'tell'; who: Recipient; notice: NoticeView }
  | { method: 'directMessage'; id: string; userId: string; message: OutboundMessage }
  | { method: 'upload'; ids: string[]; conversationId: string; threadId: string | null; files: FileUpload[] }
  | { method: 'remove'; conversationId: string; posted: { messages: string[]; files: string[] } }
);

export type CallOf<M extends Method> = Extract<Call, { method: M }>;

/** What a failing call throws: a platform error with its own code, like a Teams 403 ConversationBlockedByUser. */
export class FakePlatformError extends Error {
  constructor(readonly code: string, readonly permanent: boolean) {
    super(`fake platform: ${code}`);
    this.name = 'FakePlatformError';
  }
}

export const UNREACHABLE = (): FakePlatformError => new FakePlatformError('ConversationBlockedByUser', true);
export const TIMEOUT = (): FakePlatformError => new FakePlatformError('GatewayTimeout', false);

/** A planned failure: the calls of `method` that `match` accepts fail with `error()`, `times` times (then succeed). */
interface Fault {
  method: Method;
  match: (args: Record<string, unknown>) => boolean;
  error: () => Error;
  left: number;
}

/** A call that was attempted but made to fail. */
export interface FailedCall {
  method: Method;
  workspace: string;
  args: Record<string, unknown>;
  code: string;
}

export class RecordingPlatform implements ChatPlatform {
  readonly name = 'teams' as const;
  readonly calls: Call[] = [];
  readonly failed: FailedCall[] = [];
  private readonly faults: Fault[] = [];
  private seq = 0;
  private ids = 0;

  constructor(readonly command = '@Parcours') {}

  async messenger(workspace: string): Promise<Messenger> {
    return new RecordingMessenger(this, workspace);
  }

  failure(error: unknown): PlatformFailure {
    if (error instanceof FakePlatformError) {
      return { code: error.code, permanent: error.permanent, explain: (language: Language) => `[${language}] ${error.code}: nothing was lost` };
    }
    return { code: error instanceof Error ? error.name : 'error', permanent: false, explain: (language: Language) => `[${language}] something went wrong` };
  }

  /** Makes the next `times` calls of `method` (those `match` accepts) fail. */
  fail(method: Method, error: () => Error, options: { match?: (args: Record<string, unknown>) => boolean; times?: number } = {}): void {
    this.faults.push({ method, match: options.match ?? (() => true), error, left: options.times ?? Number.POSITIVE_INFINITY });
  }

  /** Where the calls made from now on start (for `since`). */
  mark(): number {
    return this.seq;
  }

  /** The calls of one method, optionally only those made since a mark. */
  of<M extends Method>(method: M, since = 0): CallOf<M>[] {
    return this.calls.filter((c): c is CallOf<M> => c.method === method && c.seq > since);
  }

  /** The posts of one kind of message (anchor, step, summary…). */
  posts(kind: OutboundMessage['kind'], since = 0): CallOf<'post'>[] {
    return this.of('post', since).filter((c) => c.message.kind === kind);
  }

  /** The updates of a message. */
  updatesOf(messageId: string, since = 0): CallOf<'update'>[] {
    return this.of('update', since).filter((c) => c.messageId === messageId);
  }

  /** What a message shows now: its last update, or what was posted. */
  current(messageId: string): OutboundMessage {
    const updates = this.updatesOf(messageId);
    if (updates.length) return updates[updates.length - 1]!.message;
    const posted = this.of('post').find((c) => c.id === messageId);
    if (!posted) throw new Error(`no message ${messageId} was posted`);
    return posted.message;
  }

  /** The notices told to one person since a mark, as text. */
  toldTo(userId: string, since = 0): string[] {
    return this.of('tell', since).filter((c) => c.who.userId === userId).map((c) => text(c.notice));
  }

  /** The direct messages one person received. */
  dmsTo(userId: string, since = 0): CallOf<'directMessage'>[] {
    return this.of('directMessage', since).filter((c) => c.userId === userId);
  }

  /** @internal */
  record(call: Record<string, unknown> & { method: Method; workspace: string }): Call {
    this.seq += 1;
    const recorded = { ...call, seq: this.seq } as Call;
    this.calls.push(recorded);
    return recorded;
  }

  /** @internal Throws the planned failure for this call, if any. */
  maybeFail(method: Method, workspace: string, args: Record<string, unknown>): void {
    const fault = this.faults.find((f) => f.method === method && f.left > 0 && f.match(args));
    if (!fault) return;
    fault.left -= 1;
    const error = fault.error();
    this.failed.push({ method, workspace, args, code: error instanceof FakePlatformError ? error.code : error.name });
    throw error;
  }

  /** @internal */
  nextId(prefix: string): string {
    this.ids += 1;
    return `${prefix}-${this.ids}`;
  }
}

class RecordingMessenger implements Messenger {
  constructor(private readonly p: RecordingPlatform, private readonly workspace: string) {}

  async post(conversationId: string, message: OutboundMessage, options: { threadId?: string | null; broadcast?: boolean } = {}): Promise<string> {
    const args = { conversationId, message, threadId: options.threadId ?? null, broadcast: options.broadcast ?? false };
    this.p.maybeFail('post', this.workspace, args);
    const id = this.p.nextId('msg');
    this.p.record({ method: 'post', workspace: this.workspace, id, ...args });
    return id;
  }

  async update(conversationId: string, messageId: string, message: OutboundMessage): Promise<void> {
    const args = { conversationId, messageId, message };
    this.p.maybeFail('update', this.workspace, args);
    this.p.record({ method: 'update', workspace: this.workspace, ...args });
  }

  /** Never throws, as the port says: a planned failure of `tell` is only noted. */
  async tell(who: Recipient, notice: NoticeView): Promise<void> {
    try {
      this.p.maybeFail('tell', this.workspace, { who, notice });
    } catch {
      return;
    }
    this.p.record({ method: 'tell', workspace: this.workspace, who, notice });
  }

  async directMessage(userId: string, message: OutboundMessage): Promise<string> {
    const args = { userId, message };
    this.p.maybeFail('directMessage', this.workspace, args);
    const id = this.p.nextId('dm');
    this.p.record({ method: 'directMessage', workspace: this.workspace, id, ...args });
    return id;
  }

  /** Not recorded: reading an address changes nothing anyone sees. */
  async permalink(conversationId: string, messageId: string): Promise<string | null> {
    return `https://chat.example/${this.workspace}/${conversationId}/${messageId}`;
  }

  async upload(conversationId: string, threadId: string | null, files: FileUpload[]): Promise<string[]> {
    const args = { conversationId, threadId, files };
    this.p.maybeFail('upload', this.workspace, args);
    const ids = files.map(() => this.p.nextId('file'));
    this.p.record({ method: 'upload', workspace: this.workspace, ids, ...args });
    return ids;
  }

  async remove(conversationId: string, posted: { messages: string[]; files: string[] }): Promise<void> {
    const args = { conversationId, posted };
    this.p.maybeFail('remove', this.workspace, args);
    this.p.record({ method: 'remove', workspace: this.workspace, ...args });
  }
}

/** A view model as a participant reads it: every string in it, people as their ids, dates as their fallback. */
export function text(view: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (v instanceof Date) out.push(v.toISOString());
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.user === 'string') out.push(`@${o.user}`);
      else if ('date' in o && typeof o.fallback === 'string') out.push(o.fallback);
      else Object.values(o).forEach(walk);
    }
  };
  walk(view);
  return out.join(' ');
}
