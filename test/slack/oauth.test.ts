// Distribution to many workspaces: Slack's OAuth install flow on the server (/slack/install,
// /slack/oauth_redirect), the installation stored sealed (no token readable in the database), and each
// installed workspace's requests served with its own token.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, seal } from '../../src/db/slack-installations.js';
import { redactTokens } from '../../src/slack/logger.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { FORM, send, slashCommand, settle, startReplica, type Replica } from './helpers/harness.js';

const KEY = randomBytes(32);

describe('OAuth distribution with sealed installations', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    fake = await new FakeSlack().start();
    replica = await startReplica({
      databaseUrl: db.rawUrl, fake,
      env: { SLACK_BOT_TOKEN: undefined, SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'client-secret-xyz', SLACK_STATE_SECRET: 'state-secret-xyz', PARCOURS_ENCRYPTION_KEY: KEY.toString('base64') },
    });
  });
  afterAll(async () => {
    await replica?.server.close();
    await fake?.stop();
    await db?.close();
  });

  it('installs through /slack/install and /slack/oauth_redirect, storing the tokens encrypted', async () => {
    const install = await fetch(`${replica.url}/slack/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    const location = new URL(install.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('scope')!.split(',').sort()).toEqual(['channels:history', 'chat:write', 'chat:write.public', 'commands', 'files:write', 'groups:history', 'im:write', 'users:read']);
    const state = location.searchParams.get('state')!;
    const cookie = install.headers.get('set-cookie')!.split(';')[0]!;
    const done = await fetch(`${replica.url}/slack/oauth_redirect?code=the-code&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
    expect(done.status).toBe(200);
    expect(fake.of('oauth.v2.access')).toHaveLength(1);
    const rows = await db.prisma.slackInstallation.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ teamId: 'T0001', enterpriseId: '' });
    expect(JSON.stringify(rows)).not.toContain('xoxb-');
    expect(open(KEY, rows[0]!.sealed, 'slack-installation::T0001')).toContain('xoxb-T0001-secret-token');
    expect(await db.prisma.workspace.count({ where: { platform: 'slack', externalId: 'T0001' } })).toBe(1);
  });

  it('serves the installed workspace with its own token', async () => {
    const res = await send(replica, slashCommand({ id: 'U0FAC', name: 'fatou' }, 'new fr'), FORM);
    expect(res.status).toBe(200);
    await settle(replica);
    const opened = fake.last('views.open')!;
    expect(opened.token).toBe('xoxb-T0001-secret-token');
    expect((opened.args.view as { title: { text: string } }).title.text).toBe('Cadrer un atelier');
  });

  it('seals with AES-256-GCM bound to the team: another key or another team cannot open it', () => {
    const sealed = seal(KEY, '{"token":"xoxb-1"}', 'slack-installation::T1');
    expect(open(KEY, sealed, 'slack-installation::T1')).toBe('{"token":"xoxb-1"}');
    expect(() => open(KEY, sealed, 'slack-installation::T2')).toThrow();
    expect(() => open(randomBytes(32), sealed, 'slack-installation::T1')).toThrow();
    expect(sealed).not.toContain('xoxb');
  });

  it('blanks Slack tokens in anything logged through Bolt', () => {
    expect(redactTokens('calling with xoxb-123-abc and xapp-1-A-xyz')).toBe('calling with [redacted token] and [redacted token]');
  });
});
