// Builds the Bolt app: how Slack reaches it (HTTP on the server's express app, or Socket Mode), how it
// authenticates (one workspace's bot token, or OAuth installations), and its listeners, which only turn
// Slack payloads into intents for the conversation layer and its answers into Block Kit.
import { App, ExpressReceiver, webApi } from '@slack/bolt';
import type { InstallationStore } from '@slack/oauth';
import type { Express } from 'express';
import type { WebClientOptions } from '@slack/web-api';
import type { ConversationLayer } from '../conversation/layer.js';
import type { Logger } from '../log.js';
import { InFlight } from './in-flight.js';
import { botTokenOf, installationStore, type InstallationVault } from './installation-store.js';
import { registerActions } from './listeners/actions.js';
import { registerCommand } from './listeners/command.js';
import { registerHome } from './listeners/home.js';
import { registerMessages } from './listeners/messages.js';
import { registerUninstall } from './listeners/uninstall.js';
import { registerViews } from './listeners/views.js';
import { slackLogger } from './logger.js';
import { BOT_SCOPES } from './manifest.js';
import { SlackPlatform } from './messenger.js';
import { MetadataSigner } from './metadata.js';
import { mountOAuthRoutes } from './oauth-routes.js';
import type { SlackDeps } from './origin.js';

export interface SlackAppOptions {
  /** Socket Mode still gets the server's express app: OAuth installs are served there (see oauth-routes.ts). */
  transport: { kind: 'http'; signingSecret: string; express: Express } | { kind: 'socket'; appToken: string; express: Express };
  auth:
    | { kind: 'single'; botToken: string; botId?: string; botUserId?: string }
    | { kind: 'oauth'; clientId: string; clientSecret: string; stateSecret: string; installations: InstallationVault };
  layer: ConversationLayer;
  logger: Logger;
  /** Web API base URL (tests point it at a fake Slack). */
  apiUrl?: string;
  command?: string;
}

export interface SlackApp {
  app: InstanceType<typeof App>;
  platform: SlackPlatform;
  /** Resolves when every listener has finished its work after its ack, and every job due now has run. */
  idle(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackApp(o: SlackAppOptions): SlackApp {
  const logger = slackLogger(o.logger);
  const clientOptions: WebClientOptions = {
    ...(o.apiUrl ? { slackApiUrl: o.apiUrl.endsWith('/') ? o.apiUrl : `${o.apiUrl}/` } : {}),
    // Rate limits are waited out (Retry-After) by the client; other failures are retried a little, then reported.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    logger,
  };
  const inFlight = new InFlight();
  const secret = o.transport.kind === 'http' ? o.transport.signingSecret : o.auth.kind === 'oauth' ? o.auth.clientSecret : o.transport.appToken;
  const command = o.command ?? '/parcours';

  let store: InstallationStore | null = null;
  const oauth = o.auth.kind === 'oauth' ? {
    clientId: o.auth.clientId, clientSecret: o.auth.clientSecret, stateSecret: o.auth.stateSecret, scopes: [...BOT_SCOPES],
    installationStore: (store = installationStore(o.auth.installations, (team, name) => {
      // A new installation brings a new token: the next delivery to the team uses it.
      platform.forget(team);
      return o.layer.installed('slack', team, name);
    })),
    installerOptions: { directInstall: true, clientOptions },
  } : null;
  const auth = o.auth.kind === 'single' ? singleWorkspace(new webApi.WebClient(undefined, clientOptions), o.auth.botToken, o.auth.botId, o.auth.botUserId) : {};

  let app: InstanceType<typeof App>;
  if (o.transport.kind === 'http') {
    const receiver = new ExpressReceiver({
      signingSecret: o.transport.signingSecret, app: o.transport.express, logger, endpoints: '/slack/events',
      ...(oauth ?? {}),
    });
    app = new App({ receiver, logger, clientOptions, ...auth });
  } else if (oauth && o.auth.kind === 'oauth') {
    const installer = mountOAuthRoutes(o.transport.express, {
      clientId: o.auth.clientId, clientSecret: o.auth.clientSecret, stateSecret: o.auth.stateSecret, scopes: oauth.scopes,
      installationStore: oauth.installationStore, clientOptions, logger: o.logger, slackLogger: logger,
    });
    app = new App({ socketMode: true, appToken: o.transport.appToken, logger, clientOptions, authorize: (source) => installer.authorize(source) });
  } else {
    app = new App({ socketMode: true, appToken: o.transport.appToken, logger, clientOptions, ...auth });
  }

  const singleToken = o.auth.kind === 'single' ? o.auth.botToken : null;
  const tokenOf = async (team: string): Promise<string> => singleToken ?? botTokenOf(store!, team);
  const platform = new SlackPlatform(command, tokenOf, clientOptions, o.logger.child({ component: 'slack' }));
  const s: SlackDeps = { layer: o.layer, signer: new MetadataSigner(secret), logger: o.logger.child({ component: 'slack' }), command };
  // Listeners go on working after their ack; shutdown and tests wait for that work too.
  app.use(async ({ next }) => { await inFlight.track(next()); });
  registerCommand(app, s);
  registerActions(app, s);
  registerViews(app, s);
  registerHome(app, s);
  registerMessages(app, s);
  registerUninstall(app, s, platform, store);
  app.error(async (error) => {
    s.logger.error({ err: error }, 'slack listener failed');
  });

  return {
    app, platform,
    idle: async () => {
      // A listener may add jobs, and a job may add more (the final map, then each head): wait until both are quiet.
      for (let i = 0; i < 3; i += 1) {
        await inFlight.idle();
        await o.layer.idle();
      }
    },
    start: async () => {
      await o.layer.register(platform);
      // In HTTP mode the receiver is mounted on the server's express app, which does the listening.
      if (o.transport.kind === 'socket') await app.start();
    },
    stop: async () => {
      if (o.transport.kind === 'socket') await app.stop();
      await inFlight.idle();
    },
  };
}

/**
 * One workspace's bot token. Bolt would call auth.test on start (and stall offline); here it is called
 * once, lazily, unless the bot's ids are given.
 */
function singleWorkspace(client: InstanceType<typeof webApi.WebClient>, botToken: string, botId?: string, botUserId?: string) {
  let ids: Promise<{ botId?: string; botUserId?: string }> | null = botId && botUserId ? Promise.resolve({ botId, botUserId }) : null;
  return {
    authorize: async (source: { teamId?: string; enterpriseId?: string }) => {
      ids ??= client.auth.test({ token: botToken })
        .then((r) => ({ botId: r.bot_id, botUserId: r.user_id }))
        .catch((error: unknown) => { ids = null; throw error; });
      return { botToken, ...(await ids), teamId: source.teamId, enterpriseId: source.enterpriseId };
    },
  };
}
