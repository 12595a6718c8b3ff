// The one file of src/teams that imports the Bot Framework SDK (botbuilder 4.23). Microsoft archived it and
// points to @microsoft/agents-hosting, whose API is close: moving means rewriting this file alone. Everything
// else in src/teams speaks through the small types below, plain JSON.
import {
  type Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference, type InvokeResponse, type TurnContext,
} from 'botbuilder';
import type { Request, Response } from 'express';
import { Pacer, withConnectorRetry } from './retry.js';

/** The part of an incoming activity the adapter reads. */
export interface InboundActivity {
  type: string;
  id?: string;
  name?: string;
  /** installationUpdate: add, remove, add-upgrade, remove-upgrade. */
  action?: string;
  text?: string;
  value?: unknown;
  serviceUrl: string;
  channelId: string;
  from: { id: string; name?: string; aadObjectId?: string };
  conversation: { id: string; conversationType?: string; tenantId?: string };
  channelData?: { tenant?: { id?: string } };
  recipient?: { id: string; name?: string };
}

/** A message we send: one Adaptive Card alone (Teams splits text and a card into two messages). */
export interface OutboundActivity {
  type: 'message';
  attachments: { contentType: string; content: unknown }[];
}

/** The answer to an invoke (adaptiveCard/action): a card that replaces the clicked one, or a short message. */
export type InvokeAnswer =
  | { kind: 'card'; card: unknown }
  | { kind: 'message'; text: string };

/** One incoming activity, and how to answer in its own conversation. */
export interface Turn {
  activity: InboundActivity;
  send(activity: OutboundActivity): Promise<string>;
}

export interface BotCredentials {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
}

/** Where to speak outside a turn: the connector's address and a conversation there. */
export interface Address {
  serviceUrl: string;
  conversationId: string;
  tenantId: string;
  /** A person's 1:1 chat with the bot rather than a channel. */
  personal?: boolean;
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type Claims = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** Clients kept, per kind, bot identity, connector address and audience: a few; emptied if ever that many. */
const MAX_CLIENTS = 200;

/** Who the bot is in a request's claims (its app id, under whichever claim the token's version uses): '' without a token. */
function identityOf(claims: Claims): string {
  return JSON.stringify(['aud', 'appid', 'azp', 'ver'].map((type) => claims.claims.find((c) => c.type === type)?.value ?? null));
}

/**
 * botbuilder's authentication, with two changes:
 * - The connector clients of proactive calls are without botbuilder's own retry policy (@azure/core-rest-pipeline's
 *   defaultRetryPolicy: 5xx, and 429 for as long as Retry-After says, three times): retry.ts retries them within a
 *   bounded time instead, and a policy left in place would multiply its attempts. Replies within a turn keep it.
 * - Clients are made once per bot identity, connector address and audience, then kept: botbuilder makes a
 *   connector client and a user-token client for every activity and every proactive call, each building its
 *   HTTP pipeline anew, which was a fair part of a card click's work with fifty people voting at once
 *   (bench/README.md, "Teams"). A client holds no state of a conversation, only the bot's credentials (whose
 *   tokens it then caches across calls too).
 */
export class Authentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<unknown>>();

  private kept<T>(key: string, make: () => Promise<T>): Promise<T> {
    let client = this.clients.get(key) as Promise<T> | undefined;
    if (!client) {
      if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
      client = make();
      // A client that could not be made (credentials not fetched) is made again next time.
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client;
  }

  override createConnectorFactory(claimsIdentity: Claims): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    const who = identityOf(claimsIdentity);
    return {
      create: (serviceUrl: string, audience?: string) => this.kept(`proactive\u0000${who}\u0000${serviceUrl}\u0000${audience ?? ''}`, async () => {
        const client = await inner.create(serviceUrl, audience);
        // A private field of botbuilder-stdlib's ServiceClientContext; test/teams/retry.test.ts counts the attempts.
        (client as unknown as { client?: { pipeline?: { removePolicy(p: { name: string }): unknown } } }).client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
        return client;
      }),
    } as ConnectorFactory;
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>): ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']> {
    const result = await super.authenticateRequest(...args);
    const inner = result.connectorFactory;
    if (!inner) return result;
    const who = identityOf(result.claimsIdentity);
    const connectorFactory = {
      create: (serviceUrl: string, audience?: string): Promise<ConnectorClient> =>
        this.kept(`turn\u0000${who}\u0000${serviceUrl}\u0000${audience ?? ''}`, () => inner.create(serviceUrl, audience)),
    } as ConnectorFactory;
    return { ...result, connectorFactory };
  }

  override createUserTokenClient(claimsIdentity: Claims): Promise<UserTokenClient> {
    return this.kept(`token\u0000${identityOf(claimsIdentity)}`, () => super.createUserTokenClient(claimsIdentity));
  }
}

/** CloudAdapter with its activity processing reachable, to answer failures ourselves (see Bot.process). */
class Adapter extends CloudAdapter {
  run(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

export class Bot {
  private readonly adapter: Adapter;
  private readonly appId: string;
  private readonly onError: (error: unknown) => void;
  private readonly pacer = new Pacer();

  constructor(credentials: BotCredentials, onError: (error: unknown) => void) {
    this.appId = credentials.appId ?? '';
    // No app id: botbuilder accepts unauthenticated activities and sends without a token (local development only).
    const auth = new Authentication(credentials.appId ? {
      MicrosoftAppId: credentials.appId, MicrosoftAppPassword: credentials.appPassword,
      MicrosoftAppTenantId: credentials.tenantId, MicrosoftAppType: 'SingleTenant',
    } : {});
    this.adapter = new Adapter(auth);
    this.onError = onError;
    this.adapter.onTurnError = async (_context, error) => onError(error);
  }

  /**
   * Runs one POST of /api/messages. `onTurn` returns the invoke's answer (ignored for other activities).
   * A request whose token cannot be verified gets 401 (botbuilder's own `process` answers 500 when Microsoft's
   * keys cannot be fetched, and echoes its error): nothing of the activity has run then.
   */
  async process(req: Request, res: Response, onTurn: (turn: Turn) => Promise<InvokeAnswer | null>): Promise<void> {
    const body = req.body as Partial<Activity> | undefined;
    if (!body || typeof body.type !== 'string') {
      res.status(400).json({ error: 'not an activity' });
      return;
    }
    let started = false;
    let response: InvokeResponse | undefined;
    try {
      response = await this.adapter.run(req.headers.authorization ?? '', body as Activity, async (context: TurnContext) => {
        started = true;
        const turn: Turn = {
          activity: context.activity as unknown as InboundActivity,
          send: async (activity) => (await context.sendActivity(activity))?.id ?? '',
        };
        const answer = await onTurn(turn);
        if (context.activity.type === 'invoke') {
          const value = answer?.kind === 'card'
            ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card }
            : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer?.text ?? '' };
          await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: value } });
        }
      });
    } catch (error) {
      this.onError(error);
      res.status(started ? 500 : 401).json({ error: started ? 'failed' : 'unauthorized' });
      return;
    }
    if (response?.body !== undefined) res.status(response.status).json(response.body);
    else res.status(response?.status ?? 200).end();
  }

  private reference(a: Address): Partial<ConversationReference> {
    return { channelId: 'msteams', serviceUrl: a.serviceUrl, conversation: this.conversation(a) };
  }

  private conversation(a: Address): ConversationReference['conversation'] {
    return a.personal
      ? { id: a.conversationId, tenantId: a.tenantId, isGroup: false, conversationType: 'personal', name: '' }
      : { id: a.conversationId, tenantId: a.tenantId, isGroup: true, conversationType: 'channel', name: '' };
  }

  /**
   * Runs `work` in a conversation outside any turn, its failure thrown to the caller: botbuilder would hand it
   * to onTurnError and resolve, and a job would count a refused message as sent. Passing refusals are retried.
   */
  private async proactive<T>(a: Address, work: (context: TurnContext) => Promise<T>): Promise<T> {
    return withConnectorRetry(async () => {
      await this.pacer.wait(a.conversationId);
      let outcome = { ok: false, error: new Error('the conversation was not continued') } as { ok: true; value: T } | { ok: false; error: unknown };
      await this.adapter.continueConversationAsync(this.appId, this.reference(a), async (context) => {
        try {
          outcome = { ok: true, value: await work(context) };
        } catch (error) {
          outcome = { ok: false, error };
        }
      });
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    });
  }

  /** Sends a message in a conversation (a thread: `<channel>;messageid=<root>`); returns its id. */
  send(a: Address, activity: OutboundActivity): Promise<string> {
    return this.proactive(a, async (context) => (await context.sendActivity(activity))?.id ?? '');
  }

  async update(a: Address, activityId: string, activity: OutboundActivity): Promise<void> {
    await this.proactive(a, async (context) => {
      await context.updateActivity({ ...activity, id: activityId, conversation: this.conversation(a) });
    });
  }

  async delete(a: Address, activityId: string): Promise<void> {
    await this.proactive(a, (context) => context.deleteActivity(activityId));
  }

  /**
   * Opens (or finds: the connector answers the same one again) the 1:1 chat of the bot with a member — their
   * Teams id (29:…), or their Entra object id — and returns its id.
   */
  async openPersonal(serviceUrl: string, tenantId: string, member: string): Promise<string> {
    return withConnectorRetry(async () => {
      let id = '';
      await this.adapter.createConversationAsync(this.appId, 'msteams', serviceUrl, '', {
        isGroup: false, members: [{ id: member, name: '' }], tenantId, channelData: { tenant: { id: tenantId } },
      } as never, async (context) => {
        id = context.activity.conversation?.id ?? '';
      });
      return id;
    });
  }
}
