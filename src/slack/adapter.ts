// The Slack adapter of `npm start`: decides from the configuration whether Slack runs, over HTTP
// (mounted at /slack/events, /slack/install, /slack/oauth_redirect on the server) or Socket Mode, with
// one workspace's token or OAuth installations, then starts it. What it needs comes from the server.
import type { Express } from 'express';
import type { Config } from '../config.js';
import type { ConversationLayer } from '../conversation/layer.js';
import type { Logger } from '../log.js';
import { createSlackApp, type SlackApp, type SlackAppOptions } from './app.js';
import type { InstallationVault } from './installation-store.js';

export interface SlackContext {
  app: Express;
  config: Config;
  logger: Logger;
  layer: ConversationLayer;
  /** The sealed store of OAuth installations, opened only when distribution is on. */
  slackInstallations(key: Buffer): InstallationVault;
}

export interface RunningSlack {
  slack: SlackApp;
  stop(): Promise<void>;
}

export function slackAdapter(overrides: Partial<Pick<SlackAppOptions, 'command'>> & { botId?: string; botUserId?: string } = {}) {
  return async (ctx: SlackContext): Promise<RunningSlack | null> => {
    const { config, logger } = ctx;
    const mode = config.slack.mode;
    if (mode.kind === 'off') {
      logger.info({ missing: mode.missing }, 'Slack is off');
      return null;
    }
    const slack = config.slack;
    const auth: SlackAppOptions['auth'] = mode.distribution
      ? { kind: 'oauth', clientId: slack.clientId!, clientSecret: slack.clientSecret!, stateSecret: slack.stateSecret!, installations: ctx.slackInstallations(config.encryptionKey!) }
      : { kind: 'single', botToken: slack.botToken!, ...(overrides.botId ? { botId: overrides.botId } : {}), ...(overrides.botUserId ? { botUserId: overrides.botUserId } : {}) };
    const transport: SlackAppOptions['transport'] = mode.kind === 'socket'
      ? { kind: 'socket', appToken: slack.appToken!, express: ctx.app }
      : { kind: 'http', signingSecret: slack.signingSecret!, express: ctx.app };
    const app = createSlackApp({
      transport, auth, layer: ctx.layer, logger,
      ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}), ...(overrides.command ? { command: overrides.command } : {}),
    });
    await app.start();
    logger.info({ transport: mode.kind, distribution: mode.distribution }, 'Slack is on');
    return { slack: app, stop: () => app.stop() };
  };
}
