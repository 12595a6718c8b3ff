// The connection mode comes from the configuration; in Socket Mode with OAuth distribution the install
// routes are served by Parcours' one HTTP server (Bolt would otherwise open a second one on port 3000).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredAdapters, startServer } from '../../src/server.js';
import { freshDatabase } from '../helpers/database.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { FakeSocketMode } from './helpers/fake-socket.js';

describe('connection modes', () => {
  it('chooses Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise, and OAuth with a client id and secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toEqual({ kind: 'socket', distribution: false });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack.mode).toEqual({ kind: 'http', distribution: false });
    expect(loadConfig({ SLACK_CLIENT_ID: 'c', SLACK_CLIENT_SECRET: 's', SLACK_STATE_SECRET: 'x', SLACK_SIGNING_SECRET: 's', PARCOURS_ENCRYPTION_KEY: 'a'.repeat(64) }).slack.mode).toEqual({ kind: 'http', distribution: true });
  });

  it('serves OAuth installs on its own server in Socket Mode, not on a second one', async () => {
    const db = await freshDatabase('sqlite');
    const fake = await new FakeSlack().start();
    const socket = await new FakeSocketMode().start();
    fake.socketUrl = socket.url;
    const server = await startServer(loadConfig({
      PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.rawUrl, SLACK_APP_TOKEN: 'xapp-1-A0001-0000-test', SLACK_API_URL: `${fake.url}/api/`,
      SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret', PARCOURS_ENCRYPTION_KEY: 'a'.repeat(64),
    }), createLogger('silent'), await configuredAdapters());
    try {
      expect(socket.connections).toHaveLength(1);
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { platforms: { slack: string } };
      expect(health.platforms.slack).toBe('socket mode, OAuth distribution');
      const res = await fetch(`${server.url}/slack/install`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
      expect(location.searchParams.get('client_id')).toBe('111.222');
      expect(location.searchParams.get('scope')?.split(',')).toContain('chat:write');
      // A callback without a valid state is refused by the installer, on this server.
      expect((await fetch(`${server.url}/slack/oauth_redirect?code=x&state=forged`)).status).toBeGreaterThanOrEqual(400);
    } finally {
      await server.close();
      await socket.stop();
      await fake.stop();
      await db.close();
    }
  });
});
