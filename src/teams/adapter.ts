// The Teams adapter of `npm start`: POST /api/messages on the server. With MICROSOFT_APP_ID (and its password
// and tenant) botbuilder verifies every request's token; without them Teams is off, unless
// TEAMS_DEV_MODE=loopback asks for local development: unauthenticated, from and to loopback addresses only.
import express, { type Express, type Request, type Response } from 'express';
import type { Config } from '../config.js';
import type { FormState, Intent } from '../conversation/intents.js';
import type { ConversationLayer } from '../conversation/layer.js';
import type { Language } from '../core/vocabulary.js';
import type { Logger } from '../log.js';
import { cardClick, commandText, originOf, splitThread, tenantOf } from './activity.js';
import { cancelledCard, render } from './answers.js';
import { cardActivity } from './cards/index.js';
import { TeamsPlatform } from './messenger.js';
import { Bot, type InboundActivity, type InvokeAnswer, type Turn } from './sdk.js';
import { StateSigner } from './state.js';

export const MESSAGES_PATH = '/api/messages';

export interface TeamsContext {
  app: Express;
  config: Config;
  logger: Logger;
  layer: ConversationLayer;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1', 'localhost', '[::1]']);

function isLoopbackUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return LOOPBACK.has(new URL(value).hostname);
  } catch {
    return false;
  }
}

export function teamsAdapter() {
  return async (ctx: TeamsContext): Promise<{ stop(): Promise<void> } | null> => {
    const { config, layer } = ctx;
    const teams = config.teams;
    if (!teams.configured && !teams.devMode) {
      ctx.logger.info({ missing: ['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID'] }, 'Teams is off');
      return null;
    }
    const logger = ctx.logger.child({ component: 'teams' });
    const bot = new Bot(teams.configured ? { appId: teams.appId!, appPassword: teams.appPassword!, tenantId: teams.tenantId! } : {}, (error) => {
      logger.warn({ err: error }, 'turn failed');
    });
    const signer = new StateSigner(teams.appPassword);
    const language = layer.deps.language;
    const platform = new TeamsPlatform(bot, language, logger);

    const onTurn = (turn: Turn) => answerTurn(turn, { layer, platform, signer, logger, tenant: teams.configured ? teams.tenantId! : null });

    ctx.app.post(MESSAGES_PATH, express.json({ limit: '1mb' }), (req: Request, res: Response) => {
      if (teams.configured) {
        // No token at all: refused before botbuilder sees it. A token that does not verify is refused in sdk.ts.
        if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
          res.status(401).json({ error: 'unauthorized' });
          return;
        }
      } else if (!LOOPBACK.has(req.socket.remoteAddress ?? '') || !isLoopbackUrl((req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl)) {
        res.status(403).json({ error: 'Teams development mode accepts loopback requests and serviceUrls only' });
        return;
      }
      bot.process(req, res, onTurn).catch((error: unknown) => {
        logger.warn({ err: error }, 'activity failed');
        if (!res.headersSent) res.status(500).end();
      });
    });

    await layer.register(platform);
    if (teams.configured) logger.info({ appId: teams.appId, tenant: teams.tenantId }, `Teams is on at ${MESSAGES_PATH}`);
    else logger.warn(`Teams is on at ${MESSAGES_PATH} in LOCAL DEVELOPMENT mode (TEAMS_DEV_MODE=loopback): unauthenticated, loopback only`);
    return { stop: async () => undefined };
  };
}

interface TurnDeps {
  layer: ConversationLayer;
  platform: TeamsPlatform;
  signer: StateSigner;
  logger: Logger;
  /** The single tenant of the Azure bot; null in local development (any tenant the loopback client names). */
  tenant: string | null;
}

async function answerTurn(turn: Turn, t: TurnDeps): Promise<InvokeAnswer | null> {
  const a: InboundActivity = turn.activity;
  const tenant = tenantOf(a);
  const language = t.layer.deps.language;
  if (!tenant || (t.tenant !== null && tenant !== t.tenant)) {
    t.logger.warn({ type: a.type, tenant }, 'activity without a tenant, or from another tenant, ignored');
    return null;
  }
  t.platform.learn(tenant, a.serviceUrl);
  const user = a.from.aadObjectId ?? a.from.id;
  const sign = (state: Parameters<StateSigner['sign']>[2]) => t.signer.sign(tenant, user, state);

  if (a.type === 'message') {
    const origin = originOf(a, tenant);
    const { reply, later } = await t.layer.handle(origin, { kind: 'command', text: commandText(a.text) });
    const shown = render(reply, language, sign);
    if (shown?.card) await turn.send(cardActivity(shown.card));
    for (const notice of later) await (await t.platform.messenger(tenant)).tell({ userId: user, conversationId: origin.conversationId, threadId: origin.threadId }, notice);
    return null;
  }

  if (a.type === 'invoke' && a.name === 'adaptiveCard/action') {
    const click = cardClick(a, tenant, t.signer);
    if (click.from === 'form' && click.cancelled) return { kind: 'card', card: cancelledCard(await clickLanguage(t.layer, tenant, click.intent, click.state)) };
    const here = splitThread(a.conversation.id);
    const where = click.state?.conversationId ? { conversationId: click.state.conversationId, threadId: click.state.threadId } : here;
    const origin = originOf(a, tenant, where);
    const { reply, later } = await t.layer.handle(origin, click.intent);
    const shown = render(reply, await clickLanguage(t.layer, tenant, click.intent), sign);
    for (const notice of later) await (await t.platform.messenger(tenant)).tell({ userId: user, conversationId: origin.conversationId, threadId: origin.threadId }, notice);
    if (!shown) return { kind: 'message', text: '' };
    if (click.from === 'form' && shown.card) return { kind: 'card', card: shown.card };
    // A button of a message: the message stays for everyone. A form or a ballot is one person's: it opens in
    // their 1:1 chat with the bot (its signed state still sends the answers to this conversation).
    if (shown.text !== null) return { kind: 'message', text: shown.text };
    if (shown.card) await (await t.platform.messenger(tenant)).sendPersonally(user, shown.card);
    return { kind: 'message', text: '' };
  }

  if (a.type === 'installationUpdate' || a.type === 'conversationUpdate') {
    await t.layer.workspaceOf('teams', tenant);
  }
  return null;
}

/**
 * The language of the words the adapter adds to an answer (done, cancelled): the workshop's, else the one
 * chosen in the framing form being sent, else the default.
 */
async function clickLanguage(layer: ConversationLayer, tenant: string, intent: Intent, state: FormState | null = null): Promise<Language> {
  const workshopId = state?.workshopId ?? (intent.kind === 'submit' || intent.kind === 'refresh' ? intent.state.workshopId : intent.kind === 'action' ? intent.form?.workshopId ?? null : null);
  if (workshopId) {
    const workspaceId = await layer.workspaceOf('teams', tenant);
    const language = await layer.deps.queries.language(workspaceId, workshopId).catch(() => null);
    if (language) return language;
  }
  const chosen = intent.kind === 'submit' ? intent.values.language : undefined;
  return chosen === 'fr' || chosen === 'en' ? chosen : layer.deps.language;
}
