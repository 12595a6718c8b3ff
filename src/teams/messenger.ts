// The conversation layer's ChatPlatform on Teams, spoken through the Bot Connector (sdk.ts). A tenant is a
// workspace; the connector's address (serviceUrl) is learnt from the tenant's activities.
import type { ChatPlatform, FileUpload, Messenger, OutboundMessage, PlatformFailure, Recipient } from '../conversation/platform.js';
import type { Language } from '../core/vocabulary.js';
import { translator } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { NoticeView } from '../present/model.js';
import { inThread } from './activity.js';
import { anchorCard, cardActivity, headCard, noticeCard, stepCard, summaryCard, type AdaptiveCard } from './cards/index.js';
import type { Bot } from './sdk.js';

export function cardOf(message: OutboundMessage, language: Language): AdaptiveCard {
  switch (message.kind) {
    case 'anchor': return anchorCard(message.view, language);
    case 'step': return stepCard(message.view, language);
    case 'summary': return summaryCard(message.view, language);
    case 'head': return headCard(message.view, language);
    case 'notice': return noticeCard(message.view, language);
    default: {
      const never: never = message;
      throw new Error(`unhandled message ${JSON.stringify(never)}`);
    }
  }
}

const UPLOAD = 'upload_not_supported';

/** An error of ours the connector never sent, classified like its own. */
export class TeamsError extends Error {
  constructor(readonly code: string, readonly permanent: boolean) {
    super(code);
    this.name = 'TeamsError';
  }
}

/** The connector's HTTP status and error code, wherever botbuilder put them. */
function statusOf(error: unknown): { status: number | null; code: string } {
  if (error instanceof TeamsError) return { status: null, code: error.code };
  const e = (error ?? {}) as { statusCode?: number; code?: string; response?: { status?: number }; body?: { error?: { code?: string } } };
  const status = e.statusCode ?? e.response?.status ?? null;
  return { status, code: e.body?.error?.code ?? e.code ?? (status ? `http_${status}` : 'unknown') };
}

export function teamsFailure(error: unknown): PlatformFailure {
  const { status, code } = statusOf(error);
  const permanent = error instanceof TeamsError ? error.permanent : status !== null && [400, 401, 403, 404].includes(status);
  const key = code === UPLOAD ? 'teams:adapter.noUpload' : status === 403 || status === 404 ? 'teams:adapter.unreachable' : 'teams:adapter.failure';
  return { code, permanent, explain: (language) => translator(language)(key, { code }) };
}

export class TeamsMessenger implements Messenger {
  constructor(private readonly bot: Bot, private readonly tenant: string, private readonly serviceUrl: string, private readonly language: Language, private readonly logger: Logger) {}

  private address(conversationId: string) {
    return { serviceUrl: this.serviceUrl, conversationId, tenantId: this.tenant };
  }

  post(conversationId: string, message: OutboundMessage, options: { threadId?: string | null } = {}): Promise<string> {
    return this.bot.send(this.address(inThread(conversationId, options.threadId)), cardActivity(cardOf(message, this.language)));
  }

  update(conversationId: string, messageId: string, message: OutboundMessage): Promise<void> {
    return this.bot.update(this.address(conversationId), messageId, cardActivity(cardOf(message, this.language)));
  }

  /** Teams shows nothing to one person only in a channel: a private answer goes to the person's 1:1 chat with the bot. */
  async tell(who: Recipient, notice: NoticeView): Promise<void> {
    await this.bot.sendPersonal(this.serviceUrl, this.tenant, who.userId, cardActivity(noticeCard(notice, this.language))).catch((error: unknown) => {
      this.logger.warn({ err: error, code: statusOf(error).code }, 'could not tell a person privately');
    });
  }

  /** A card for one person only (a form, their ballot): in their 1:1 chat with the bot. */
  sendPersonally(userId: string, card: AdaptiveCard): Promise<string> {
    return this.bot.sendPersonal(this.serviceUrl, this.tenant, userId, cardActivity(card));
  }

  directMessage(userId: string, message: OutboundMessage): Promise<string> {
    return this.bot.sendPersonal(this.serviceUrl, this.tenant, userId, cardActivity(cardOf(message, this.language)));
  }

  /** A Teams link to a message needs the team's group id, which activities do not carry: none yet. */
  async permalink(): Promise<string | null> {
    return null;
  }

  /** The connector takes no files: maps reach Teams as signed links (src/http/file-links.ts), not uploads. */
  async upload(_conversationId: string, _threadId: string | null, _files: FileUpload[]): Promise<string[]> {
    throw new TeamsError(UPLOAD, true);
  }

  async remove(conversationId: string, posted: { messages: string[]; files: string[] }): Promise<void> {
    for (const id of posted.messages) {
      await this.bot.delete(this.address(conversationId), id).catch((error: unknown) => {
        const { status } = statusOf(error);
        if (status !== 404) throw error;
      });
    }
  }
}

/** The Teams platform: a messenger per tenant, from the connector address its last activity came from. */
export class TeamsPlatform implements ChatPlatform {
  readonly name = 'teams' as const;
  readonly command = '@Parcours';
  private readonly serviceUrls = new Map<string, string>();

  constructor(private readonly bot: Bot, private readonly language: Language, private readonly logger: Logger) {}

  /** Remembered per tenant, in memory: after a restart, a tenant's jobs wait for its next activity (retried). */
  learn(tenant: string, serviceUrl: string): void {
    this.serviceUrls.set(tenant, serviceUrl);
  }

  async messenger(tenant: string): Promise<TeamsMessenger> {
    const serviceUrl = this.serviceUrls.get(tenant);
    if (!serviceUrl) throw new TeamsError('service_url_unknown', false);
    return new TeamsMessenger(this.bot, tenant, serviceUrl, this.language, this.logger);
  }

  failure(error: unknown): PlatformFailure {
    return teamsFailure(error);
  }
}
