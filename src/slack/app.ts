// Builds the Bolt app: how Slack reaches it (HTTP on the server's express app, or Socket Mode), how it
// authenticates (one workspace's bot token, or OAuth installations), and its listeners. Nothing here decides
// anything about a workshop: listeners hand payloads to the engine and views to Slack.
import { App, ExpressReceiver, webApi } from '@slack/bolt';
import type { Express } from 'express';
import type { WebClientOptions } from '@slack/web-api';
import type { Engine } from '../core/engine.js';
import type { Queries } from '../core/queries.js';
import type { Store } from '../core/store.js';
import type { Language } from '../core/vocabulary.js';
import type { Db } from '../db/client.js';
import { SlackConversations } from '../db/slack-conversations.js';
import { SlackInstallations } from '../db/slack-installations.js';
import type { Logger } from '../log.js';
import { renderMapPngs } from '../render/index.js';
import { Background } from './background.js';
import { installationStore } from './installation-store.js';
import { registerActions } from './listeners/actions.js';
import { registerCommand } from './listeners/command.js';
import { registerHome } from './listeners/home.js';
import { registerViews } from './listeners/views.js';
import { slackLogger } from './logger.js';
import { BOT_SCOPES } from './manifest.js';
import { MetadataSigner } from './metadata.js';
import { mountOAuthRoutes } from './oauth-routes.js';
import { Publisher, type MapRenderer } from './publisher.js';
import { Workspaces, type Services } from './services.js';


export interface SlackAppOptions {
  /** Socket Mode still gets the server's express app: OAuth installs are served there (see oauth-routes.ts). */
  transport: { kind: 'http'; signingSecret: string; express: Express } | { kind: 'socket'; appToken: string; express: Express };
  auth:
    | { kind: 'single'; botToken: string; botId?: string; botUserId?: string }
    | { kind: 'oauth'; clientId: string; clientSecret: string; stateSecret: string; encryptionKey: Buffer };
  db: Db;
  engine: Engine;
  queries: Queries;
  store: Store;
  logger: Logger;
  language: Language;
  /** Web API base URL (tests point it at a fake Slack). */
  apiUrl?: string;
  command?: string;
  renderMap?: MapRenderer;
}

export interface SlackApp {
  app: InstanceType<typeof App>;
  services: Services;
  /** Resolves when every piece of work after the acks has finished. */
  idle(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function defaultRenderer(queries: Queries): MapRenderer {
  return async (workspaceId, snapshot) => renderMapPngs(snapshot, { comparisons: await queries.keyMoments(workspaceId, snapshot.workshop.id) });
}

export function createSlackApp(o: SlackAppOptions): SlackApp {
  const logger = slackLogger(o.logger);
  const clientOptions: WebClientOptions = {
    ...(o.apiUrl ? { slackApiUrl: o.apiUrl.endsWith('/') ? o.apiUrl : `${o.apiUrl}/` } : {}),
    // Rate limits are waited out (Retry-After) by the client; other failures are retried a little, then reported.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    logger,
  };
  const background = new Background(o.logger.child({ component: 'slack' }));
  const workspaces = new Workspaces(o.store);
  const secret = o.transport.kind === 'http' ? o.transport.signingSecret : o.auth.kind === 'oauth' ? o.auth.clientSecret : o.transport.appToken;

  const oauth = o.auth.kind === 'oauth' ? {
    clientId: o.auth.clientId, clientSecret: o.auth.clientSecret, stateSecret: o.auth.stateSecret, scopes: [...BOT_SCOPES],
    installationStore: installationStore(new SlackInstallations(o.db, o.auth.encryptionKey), workspaces),
    installerOptions: { directInstall: true, clientOptions },
  } : null;
  const auth = o.auth.kind === 'single' ? singleWorkspace(new webApi.WebClient(undefined, clientOptions), o.auth.botToken, o.auth.botId, o.auth.botUserId) : {};

  let app: InstanceType<typeof App>;
  let receiver: InstanceType<typeof ExpressReceiver> | null = null;
  if (o.transport.kind === 'http') {
    receiver = new ExpressReceiver({
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

  const conversations = new SlackConversations(o.db);
  const command = o.command ?? '/parcours';
  const publisher = new Publisher({ queries: o.queries, conversations, logger: o.logger.child({ component: 'slack' }), background, renderMap: o.renderMap ?? defaultRenderer(o.queries), command });
  const services: Services = {
    engine: o.engine, queries: o.queries, store: o.store, conversations, publisher, background, logger: o.logger.child({ component: 'slack' }),
    signer: new MetadataSigner(secret), language: o.language, command, workspaces,
  };
  // Listeners go on working after their ack; shutdown and tests wait for that work too.
  app.use(async ({ next }) => { await background.track(next()); });
  registerCommand(app, services);
  registerActions(app, services);
  registerViews(app, services);
  registerHome(app, services);
  app.error(async (error) => {
    services.logger.error({ err: error }, 'slack listener failed');
  });

  return {
    app, services,
    idle: () => background.idle(),
    // In HTTP mode the receiver is mounted on the server's express app, which does the listening.
    start: async () => { if (o.transport.kind === 'socket') await app.start(); },
    stop: async () => {
      if (o.transport.kind === 'socket') await app.stop();
      await background.idle();
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
