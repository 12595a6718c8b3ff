// Socket Mode is wired from the configuration (SLACK_APP_TOKEN): the app builds without a public URL and
// without touching the network until it is started.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { createSlackApp } from '../../src/slack/app.js';
import { engineHarness } from '../helpers/engine.js';

describe('connection modes', () => {
  it('chooses Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise, and OAuth with a client id and secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toEqual({ kind: 'socket', distribution: false });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack.mode).toEqual({ kind: 'http', distribution: false });
    expect(loadConfig({ SLACK_CLIENT_ID: 'c', SLACK_CLIENT_SECRET: 's', SLACK_STATE_SECRET: 'x', SLACK_SIGNING_SECRET: 's', PARCOURS_ENCRYPTION_KEY: 'a'.repeat(64) }).slack.mode).toEqual({ kind: 'http', distribution: true });
  });

  it('builds a Socket Mode app without connecting', async () => {
    const h = await engineHarness('sqlite');
    try {
      const app = createSlackApp({
        transport: { kind: 'socket', appToken: 'xapp-1-A0-0-test' }, auth: { kind: 'single', botToken: 'xoxb-test', botId: 'B', botUserId: 'U' },
        db: h.db.prisma, engine: h.engine, queries: h.queries, store: h.store, logger: createLogger('silent'), language: 'fr', apiUrl: 'http://127.0.0.1:9/api/',
      });
      expect(app.app).toBeDefined();
      await app.idle();
    } finally {
      await h.close();
    }
  });
});
