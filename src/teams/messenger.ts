// The conversation layer's ChatPlatform on Teams, spoken through the Bot Connector (sdk.ts). A tenant is a
// workspace; the connector's address (serviceUrl) and who can be written to come from the references every
// activity leaves in the database (references.ts), so a restart or another replica reaches them too.
import type { ChatPlatform, FileUpload, Messenger, OutboundMessage, PlatformFailure, Recipient } from '../conversation/platform.js';
import type { Language } from '../core/vocabulary.js';
import { translator } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { NoticeView } from '../present/model.js';
import { inThread } from './activity.js';
import { anchorCard, cardActivity, headCard, noticeCard, stepCard, summaryCard, type AdaptiveCard, type Names } from './cards/index.js';
import type { TeamsReferenceStore } from './references.js';
import type { Bot, OutboundActivity } from './sdk.js';

export function cardOf(message: OutboundMessage, language: Language, names?: Names, viewers?: readonly string[]): AdaptiveCard {
  const personal = viewers ? { viewers } : {};
  switch (message.kind) {
    case 'anchor': return anchorCard(message.view, language, names, personal);
    case 'step': return stepCard(message.view, language, names, personal);
    case 'summary': return summaryCard(message.view, language, names);
    case 'head': return headCard(message.view, language, names);
    case 'notice': return noticeCard(message.view, language, names);
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

/** A failure; `person` says what to do about someone the bot cannot write to (a head's notice shows it). */
export function teamsFailure(error: unknown): PlatformFailure & { person?: (language: Language) => string } {
  const { status, code } = statusOf(error);
  const permanent = error instanceof TeamsError ? error.permanent : status !== null && [400, 401, 403, 404].includes(status);
  const unreachable = status === 403 || status === 404;
  const key = code === UPLOAD ? 'teams:adapter.noUpload' : unreachable ? 'teams:adapter.unreachable' : 'teams:adapter.failure';
  return {
    code, permanent, explain: (language) => translator(language)(key, { code }),
    ...(unreachable ? { person: (language: Language) => translator(language)('teams:adapter.unreachable', { code }) } : {}),
  };
}

/** The people a message mentions (`{ user }` runs, wherever they sit in its view). */
function mentioned(view: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(view)) for (const v of view) mentioned(v, into);
  else if (view && typeof view === 'object') {
    const o = view as Record<string, unknown>;
    if (typeof o.user === 'string' && Object.keys(o).length === 1) into.add(o.user);
    else for (const v of Object.values(o)) mentioned(v, into);
  }
  return into;
}

export class TeamsMessenger implements Messenger {
  readonly files = 'links';
  constructor(
    private readonly bot: Bot, private readonly tenant: string, private readonly workspaceId: string, private readonly serviceUrl: string,
    private readonly language: Language, private readonly logger: Logger, private readonly references: TeamsReferenceStore,
  ) {}

  private address(conversationId: string) {
    return { serviceUrl: this.serviceUrl, conversationId, tenantId: this.tenant };
  }

  /** A message's card, its mentions named from the references (Teams shows a mention only with a name). */
  private async card(message: OutboundMessage): Promise<AdaptiveCard> {
    const users = [...mentioned(message.view)];
    const names = users.length ? await this.references.namesOf(this.workspaceId, users) : undefined;
    // In the workshop's language when the view says it; the server's otherwise (help, a notice outside a workshop).
    return cardOf(message, message.view.language ?? this.language, names, await this.viewers(message));
  }

  /**
   * The Teams ids (29:…) of the people who see their own version of an anchor or a voting step: Teams refreshes a
   * card automatically for those named (at most sixty), so they are named rather than left to everyone.
   */
  private async viewers(message: OutboundMessage): Promise<string[] | undefined> {
    if (message.kind !== 'anchor' && message.kind !== 'step') return undefined;
    const wanted = message.view.viewers ?? [];
    if (!wanted.length) return undefined;
    const known = await this.references.teamsIdsOf(this.workspaceId, wanted);
    return wanted.flatMap((id) => (known.has(id) ? [known.get(id)!] : []));
  }

  async post(conversationId: string, message: OutboundMessage, options: { threadId?: string | null } = {}): Promise<string> {
    return this.bot.send(this.address(inThread(conversationId, options.threadId)), cardActivity(await this.card(message)));
  }

  async update(conversationId: string, messageId: string, message: OutboundMessage): Promise<void> {
    await this.bot.update(this.address(conversationId), messageId, cardActivity(await this.card(message)));
  }

  /**
   * Sends in a person's 1:1 chat with the bot: the one stored when known; else opened with their Teams id when
   * known, else with their Entra id (the people picker names heads by it), and stored for next time.
   */
  private async personal(userId: string, activity: OutboundActivity): Promise<string> {
    const ref = await this.references.get(this.workspaceId, userId);
    const serviceUrl = ref?.serviceUrl || this.serviceUrl;
    if (ref?.personalConversationId) {
      try {
        return await this.bot.send({ serviceUrl, conversationId: ref.personalConversationId, tenantId: this.tenant, personal: true }, activity);
      } catch (error) {
        // A stored chat the connector no longer knows is opened again below; any other refusal is the caller's.
        if (statusOf(error).status !== 404) throw error;
      }
    }
    const member = ref?.teamsUserId ?? userId;
    const conversationId = await this.bot.openPersonal(serviceUrl, this.tenant, member);
    if (conversationId) {
      await this.references.learn({ workspaceId: this.workspaceId, userId, teamsUserId: member, name: ref?.name ?? '', serviceUrl, personalConversationId: conversationId });
    }
    return this.bot.send({ serviceUrl, conversationId, tenantId: this.tenant, personal: true }, activity);
  }

  /** Teams shows nothing to one person only in a channel: a private answer goes to the person's 1:1 chat with the bot. */
  async tell(who: Recipient, notice: NoticeView): Promise<void> {
    try {
      await this.personal(who.userId, cardActivity(await this.card({ kind: 'notice', view: notice })));
    } catch (error) {
      this.logger.warn({ err: error, code: statusOf(error).code }, 'could not tell a person privately');
    }
  }

  /** A card for one person only (a form, their ballot): in their 1:1 chat with the bot. */
  sendPersonally(userId: string, card: AdaptiveCard): Promise<string> {
    return this.personal(userId, cardActivity(card));
  }

  async directMessage(userId: string, message: OutboundMessage): Promise<string> {
    return this.personal(userId, cardActivity(await this.card(message)));
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
  /** The connector's address per tenant, as this process last saw it: the database has it for the others. */
  private readonly serviceUrls = new Map<string, string>();

  constructor(private readonly bot: Bot, private readonly language: Language, private readonly logger: Logger, readonly references: TeamsReferenceStore) {}

  /** The tenant's latest address, kept in memory too (the store has it from the same activity). */
  learn(tenant: string, serviceUrl: string): void {
    this.serviceUrls.set(tenant, serviceUrl);
  }

  async messenger(tenant: string): Promise<TeamsMessenger> {
    // Read only: a job for a tenant that removed the app is no sign of life (ensureWorkspace would clear the mark).
    const workspaceId = await this.references.workspaceOf(tenant);
    if (!workspaceId) throw new TeamsError('workspace_unknown', false);
    const serviceUrl = this.serviceUrls.get(tenant) ?? await this.references.serviceUrlOf(workspaceId);
    if (!serviceUrl) throw new TeamsError('service_url_unknown', false);
    return new TeamsMessenger(this.bot, tenant, workspaceId, serviceUrl, this.language, this.logger, this.references);
  }

  failure(error: unknown): PlatformFailure {
    return teamsFailure(error);
  }
}
