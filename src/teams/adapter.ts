// The Teams adapter of `npm start`: POST /api/messages on the server. With MICROSOFT_APP_ID (and its password
// and tenant) botbuilder verifies every request's token; without them Teams is off, unless
// TEAMS_DEV_MODE=loopback asks for local development: unauthenticated, from and to loopback addresses only.
import express, { type Express, type Request, type Response } from 'express';
import type { Config } from '../config.js';
import type { FormState, Intent } from '../conversation/intents.js';
import type { ConversationLayer } from '../conversation/layer.js';
import type { Language } from '../core/vocabulary.js';
import type { Logger } from '../log.js';
import { isActionName, unpackValue } from '../present/actions.js';
import { cardClick, messageIntent, originOf, personalViewOf, splitThread, tenantOf } from './activity.js';
import { cancelledCard, render } from './answers.js';
import { cardActivity } from './cards/index.js';
import { TeamsPlatform } from './messenger.js';
import { personalView } from './personal-view.js';
import { referenceOf, type TeamsReferenceStore } from './references.js';
import { Bot, type InboundActivity, type InvokeAnswer, type Turn } from './sdk.js';
import { StateSigner } from './state.js';

export const MESSAGES_PATH = '/api/messages';

export interface TeamsContext {
  app: Express;
  config: Config;
  logger: Logger;
  layer: ConversationLayer;
  /** Who the bot can reach, per tenant and person (src/db/teams-references.ts, handed over by src/server.ts). */
  teamsReferences(): TeamsReferenceStore;
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
    // Configured: the app password. Local development: PARCOURS_URL_SECRET when set (every replica then reads
    // every other's cards), else a key of this process (its cards die with it, and other replicas refuse them).
    const devKey = teams.configured ? null : config.files?.key.export() ?? null;
    const signer = new StateSigner(teams.configured ? teams.appPassword : devKey ?? undefined);
    const language = layer.deps.language;
    const platform = new TeamsPlatform(bot, language, logger, ctx.teamsReferences());

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
    else {
      const cards = devKey ? 'cards signed with PARCOURS_URL_SECRET' : 'cards signed with a key of this process: another replica or a restart refuses them; set PARCOURS_URL_SECRET to share one';
      logger.warn(`Teams is on at ${MESSAGES_PATH} in LOCAL DEVELOPMENT mode (TEAMS_DEV_MODE=loopback): unauthenticated, loopback only; ${cards}`);
    }
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

/** The sender's time zone as Teams gives it: the activity's localTimezone, or its clientInfo entity's timezone. */
function timeZoneOf(a: InboundActivity): string | null {
  const raw = a as InboundActivity & { localTimezone?: unknown; entities?: { type?: unknown; timezone?: unknown }[] };
  const tz = raw.localTimezone ?? (Array.isArray(raw.entities) ? raw.entities.find((e) => e?.type === 'clientInfo')?.timezone : undefined);
  return typeof tz === 'string' && tz ? tz : null;
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
  // Every activity of an accepted tenant, installs included: the workspace is there (ensureWorkspace clears a
  // removal recorded earlier) and its sender can be written to later, from any replica, after any restart.
  const workspaceId = await t.layer.workspaceOf('teams', tenant);
  if (a.type === 'installationUpdate' && a.action === 'remove') return removed(a, tenant, workspaceId, t);
  await t.platform.references.learn(referenceOf(a, workspaceId));
  // Reminders fall in each person's working hours: their time zone is kept as Teams gives it (written only when it changed).
  const timeZone = timeZoneOf(a);
  if (timeZone) await t.layer.timeZoneSeen(workspaceId, user, timeZone);
  const sign = (state: Parameters<StateSigner['sign']>[2]) => t.signer.sign(tenant, user, state);

  if (a.type === 'message') {
    const intent = messageIntent(a);
    if (!intent) return null;
    const origin = originOf(a, tenant);
    // People writing to each other (resource-specific consent lets it in): the layer may record a contribution's
    // job; nothing is answered in the conversation.
    if (intent.kind === 'message') {
      await t.layer.handle(origin, intent, workspaceId);
      return null;
    }
    const { reply, later } = await t.layer.handle(origin, intent, workspaceId);
    // Teams re-delivers a message answered slowly. Handling it again changes nothing (the engine applies a delivery
    // once, a map is posted once per delivery); answering it again would post a second card: the first copy to
    // get here, on any replica, answers. Claimed after handling, so a copy whose handling failed does not block the next.
    if (!(await t.layer.firstAnswer(origin, workspaceId))) {
      t.logger.info({ activity: a.id }, 'message delivered again: already answered');
      return null;
    }
    const shown = render(reply, language, sign);
    if (shown?.card) await turn.send(cardActivity(shown.card));
    for (const notice of later) await (await t.platform.messenger(tenant)).tell({ userId: user, conversationId: origin.conversationId, threadId: origin.threadId }, notice);
    return null;
  }

  if (a.type === 'invoke' && a.name === 'adaptiveCard/action') {
    // A message's refresh: this person's own version of it, changing nothing (so never claimed, however often).
    const ask = personalViewOf(a);
    if (ask) {
      const card = await personalView(t.layer, tenant, ask, { userId: user, teamsUserId: a.from.id }, t.platform.command);
      return card ? { kind: 'card', card } : { kind: 'message', text: '' };
    }
    const click = cardClick(a, tenant, t.signer);
    if (click.from === 'form' && click.cancelled) return { kind: 'card', card: cancelledCard(await clickLanguage(t.layer, workspaceId, click.intent, click.state)) };
    const here = splitThread(a.conversation.id);
    const where = click.state?.conversationId ? { conversationId: click.state.conversationId, threadId: click.state.threadId } : here;
    const origin = originOf(a, tenant, where);
    const { reply, later, language: answered } = await t.layer.handle(origin, click.intent, workspaceId);
    const shown = render(reply, answered ?? await clickLanguage(t.layer, workspaceId, click.intent), sign);
    const personal = click.from === 'message' && shown?.text === null && shown.card ? shown.card : null;
    // A re-delivered click is answered again (its card replaces the same one; the engine applied it once), but
    // what goes to the 1:1 chat besides the answer is sent by the first delivery only, on whichever replica.
    const first = later.length || personal ? await t.layer.firstAnswer(origin, workspaceId) : true;
    if (first) for (const notice of later) await (await t.platform.messenger(tenant)).tell({ userId: user, conversationId: origin.conversationId, threadId: origin.threadId }, notice);
    if (!shown) return { kind: 'message', text: '' };
    if (click.from === 'form' && shown.card) return { kind: 'card', card: shown.card };
    // A button of a message: the message stays for everyone. A form or a ballot is one person's: it opens in
    // their 1:1 chat with the bot (its signed state still sends the answers to this conversation).
    if (shown.text !== null) return { kind: 'message', text: shown.text };
    if (personal && first) await (await t.platform.messenger(tenant)).sendPersonally(user, personal);
    return { kind: 'message', text: '' };
  }

  // 'add-upgrade' is a new version of the app, installed where it already was.
  if (a.type === 'installationUpdate' && (a.action === 'add' || a.action === 'add-upgrade')) await t.layer.installed('teams', tenant);
  return null;
}

/**
 * The app removed. From a person's own scope: the bot can no longer write to them, their reference goes. From a
 * team or a group chat: as Slack's uninstall, the tenant's data is deleted after the grace period unless any
 * activity of the tenant comes first. ('remove-upgrade', the old version replaced by a new one, is no removal.)
 */
async function removed(a: InboundActivity, tenant: string, workspaceId: string, t: TurnDeps): Promise<null> {
  if (a.conversation.conversationType === 'personal') {
    await t.platform.references.forget(workspaceId, a.from.aadObjectId ?? a.from.id);
    t.logger.info({ tenant }, 'the app was removed from a person\'s personal scope: their reference is forgotten');
    return null;
  }
  await t.layer.uninstalled('teams', tenant);
  t.logger.info({ tenant, scope: a.conversation.conversationType }, 'the app was removed from a team or a chat of a tenant');
  return null;
}

/**
 * The language of the words the adapter adds to an answer (done, cancelled) when the layer's answer does not
 * say it (a submission, which may change it; a cancelled form, which the layer never sees): the workshop's,
 * else the one chosen in the framing form being sent, else the default.
 */
async function clickLanguage(layer: ConversationLayer, workspaceId: string, intent: Intent, state: FormState | null = null): Promise<Language> {
  // A button of a message names its workshop in its value (present/actions.ts); a form, in its signed state.
  const fromButton = intent.kind === 'action' && intent.value !== undefined && isActionName(intent.action) ? unpackValue(intent.action, intent.value)?.workshopId ?? null : null;
  const workshopId = state?.workshopId ?? (intent.kind === 'submit' || intent.kind === 'refresh' ? intent.state.workshopId : intent.kind === 'action' ? intent.form?.workshopId ?? fromButton : null);
  if (workshopId) {
    const language = await layer.deps.queries.language(workspaceId, workshopId).catch(() => null);
    if (language) return language;
  }
  const chosen = intent.kind === 'submit' ? intent.values.language : undefined;
  return chosen === 'fr' || chosen === 'en' ? chosen : layer.deps.language;
}
