// Requests are authenticated by Slack's signature: Slack's published test vector passes Bolt's verifiers
// (with the clock frozen at its timestamp), fresh signatures pass the running app, and forged, stale or
// unsigned requests are refused with 401 before any listener runs.
import { createRequire } from 'node:module';
import { verifySlackRequest } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { FORM, post, send, sign, SIGNING_SECRET, slashCommand, startReplica, type Replica } from './helpers/harness.js';

// From Slack's "Verifying requests from Slack".
const VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

const require = createRequire(import.meta.url);
const { verifySignatureAndParseBody } = require('@slack/bolt/dist/receivers/ExpressReceiver.js') as {
  verifySignatureAndParseBody: (secret: string, body: string, headers: Record<string, string>) => Record<string, unknown>;
};

describe('Slack request signatures', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('accepts Slack’s published test vector, with the clock frozen at its timestamp', () => {
    const headers = { 'x-slack-signature': VECTOR.signature, 'x-slack-request-timestamp': String(VECTOR.timestamp), 'content-type': FORM };
    expect(() => verifySlackRequest({ signingSecret: VECTOR.secret, body: VECTOR.body, headers: { 'x-slack-signature': VECTOR.signature, 'x-slack-request-timestamp': VECTOR.timestamp }, nowMilliseconds: VECTOR.timestamp * 1000 })).not.toThrow();
    // The verifier the HTTP receiver runs on every request (it reads Date.now()).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(VECTOR.timestamp * 1000 + 30_000);
    expect(verifySignatureAndParseBody(VECTOR.secret, VECTOR.body, headers)).toMatchObject({ command: '/webhook-collect', user_name: 'roadrunner' });
    // Our signer computes the same signature.
    expect(sign(VECTOR.body, VECTOR.timestamp, VECTOR.secret)['x-slack-signature']).toBe(VECTOR.signature);
  });

  it('refuses the test vector when its signature, body or age is wrong', () => {
    const at = (ms: number, body = VECTOR.body, signature = VECTOR.signature) => () =>
      verifySlackRequest({ signingSecret: VECTOR.secret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': VECTOR.timestamp }, nowMilliseconds: ms });
    expect(at(VECTOR.timestamp * 1000, `${VECTOR.body}&text=rm`)).toThrow(/signature mismatch/);
    expect(at(VECTOR.timestamp * 1000, VECTOR.body, VECTOR.signature.replace('a21', 'b21'))).toThrow(/signature mismatch/);
    expect(at((VECTOR.timestamp + 5 * 60 + 1) * 1000)).toThrow(/stale/);
  });

  describe('on the running app', () => {
    let db: TestDatabase;
    let fake: FakeSlack;
    let replica: Replica;

    beforeAll(async () => {
      db = await freshDatabase('sqlite');
      fake = await new FakeSlack().start();
      replica = await startReplica({ databaseUrl: db.rawUrl, fake });
    });
    afterAll(async () => {
      await replica?.server.close();
      await fake?.stop();
      await db?.close();
    });

    const help = () => slashCommand({ id: 'U0A', name: 'a' }, 'help');

    it('answers a freshly signed request', async () => {
      const res = await send(replica, help(), FORM);
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ response_type: 'ephemeral' });
    });

    it('refuses forged, stale and unsigned requests with 401, and runs nothing', async () => {
      const body = help();
      const now = Math.floor(Date.now() / 1000);
      const forged = await post(replica.url, body, FORM, sign(body, now, 'not-the-secret'));
      const stale = await post(replica.url, body, FORM, sign(body, now - 6 * 60));
      const tampered = await post(replica.url, body.replace('help', 'new'), FORM, sign(body, now));
      const unsigned = await post(replica.url, body, FORM, {});
      expect([forged.status, stale.status, tampered.status, unsigned.status]).toEqual([401, 401, 401, 401]);
      expect(SIGNING_SECRET).not.toBe('not-the-secret');
      expect(fake.calls).toEqual([]);
    });
  });
});
