// The Slack adapter of `npm start`: decides from the configuration whether Slack runs, over HTTP
// (mounted at /slack/events, /slack/install, /slack/oauth_redirect on the server) or Socket Mode, with
// one workspace's token or OAuth installations, then starts it.
import type { Adapter, AdapterContext } from '../server.js';
import { createSlackApp, type SlackAppOptions } from './app.js';

export function slackAdapter(overrides: Partial<Pick<SlackAppOptions, 'renderMap' | 'command'>> & { botId?: string; botUserId?: string } = {}): Adapter {
  return async (ctx: AdapterContext) => {
    const { config, logger } = ctx;
    const mode = config.slack.mode;
    if (mode.kind === 'off') {
      logger.info({ missing: mode.missing }, 'Slack is off');
      return null;
    }
    const slack = config.slack;
    const auth: SlackAppOptions['auth'] = mode.distribution
      ? { kind: 'oauth', clientId: slack.clientId!, clientSecret: slack.clientSecret!, stateSecret: slack.stateSecret!, encryptionKey: config.encryptionKey! }
      : { kind: 'single', botToken: slack.botToken!, ...(overrides.botId ? { botId: overrides.botId } : {}), ...(overrides.botUserId ? { botUserId: overrides.botUserId } : {}) };
    const transport: SlackAppOptions['transport'] = mode.kind === 'socket'
      ? { kind: 'socket', appToken: slack.appToken!, express: ctx.app }
      : { kind: 'http', signingSecret: slack.signingSecret!, express: ctx.app };
    const app = createSlackApp({
      transport, auth, db: ctx.database.prisma, engine: ctx.engine, queries: ctx.queries, store: ctx.store, logger, language: config.language,
      ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}), ...overrides,
    });
    await app.start();
    logger.info({ transport: mode.kind, distribution: mode.distribution }, 'Slack is on');
    return { stop: () => app.stop(), slack: app } as { stop(): Promise<void> };
  };
}
