// The Bot Connector's passing refusals through the real stack: a workshop's messages posted by its refresh job
// (a proactive send), with the fake connector answering 429 with Retry-After, 412 or 502 first; a 403 is an
// answer, not an accident, and is not retried. The attempts are counted: botbuilder's own retry policy is off
// for these calls (sdk.ts), so nothing is retried twice. And the policy itself (retry.ts), on a fake clock.
import { describe, expect, it } from 'vitest';
import { CONNECTOR_RETRY, Pacer, withConnectorRetry } from '../../src/teams/retry.js';
import { cardText, type Recorded } from './helpers/fake-connector.js';
import { evaluationWorkshop, message, send, teamsSuite, TENANT_A } from './helpers/turns.js';

const FAC = { id: 'aad-retry-fac', name: 'Fatou Facilitatrice' };

/** A proactive post in this channel (not in a thread; not the answer within a turn, which names the activity it answers). */
const postIn = (channel: string) => (r: Recorded) =>
  r.method === 'POST' && r.path.startsWith(`/v3/conversations/${channel}/activities/`) && !r.path.includes('/activities/activity-');

describe('Teams: the connector\'s passing refusals are retried, within bounds', () => {
  const suite = teamsSuite();

  /** A workshop living in `channel`, whose anchor the refresh that `status` asks for posts there. */
  async function postAnchor(channel: string, title: string): Promise<Recorded[]> {
    await evaluationWorkshop(suite.server, TENANT_A, channel, FAC, [], 'en', title);
    const since = suite.fake.recorded.length;
    expect((await send(suite.server, message(suite.fake, FAC, channel, 'status'))).status).toBe(200);
    await suite.server.layer.idle();
    return suite.fake.recorded.slice(since).filter(postIn(channel));
  }

  it('waits as long as a 429 says (Retry-After), then the message lands once', async () => {
    const channel = '19:retry-429@thread.tacv2';
    suite.fake.fail(postIn(channel), 429, { code: 'TooManyRequests', retryAfter: 1, times: 1 });
    const posts = await postAnchor(channel, 'Throttled');
    expect(posts.map((r) => r.status)).toEqual([429, 201]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(950);
    // The anchor is there once, and is the workshop's: nothing lost, nothing doubled.
    expect(suite.fake.cards().filter((c) => postIn(channel)(c.record) && cardText(c.card).includes('Throttled'))).toHaveLength(1);
  });

  it('retries a 502 twice, then the message lands once', async () => {
    const channel = '19:retry-502@thread.tacv2';
    suite.fake.fail(postIn(channel), 502, { times: 2 });
    const posts = await postAnchor(channel, 'Bad gateway');
    expect(posts.map((r) => r.status)).toEqual([502, 502, 201]);
    expect(suite.fake.cards().filter((c) => postIn(channel)(c.record) && cardText(c.card).includes('Bad gateway'))).toHaveLength(1);
  });

  it('retries a 412 (concurrent operations on one conversation)', async () => {
    const channel = '19:retry-412@thread.tacv2';
    suite.fake.fail(postIn(channel), 412, { code: 'PreconditionFailed', times: 1 });
    expect((await postAnchor(channel, 'Precondition')).map((r) => r.status)).toEqual([412, 201]);
  });

  it('does not retry a 403: the bot is not in that conversation', async () => {
    const channel = '19:retry-403@thread.tacv2';
    suite.fake.fail(postIn(channel), 403, { code: 'BotNotInConversationRoster' });
    const posts = await postAnchor(channel, 'Forbidden');
    // Once: neither retry.ts nor botbuilder's own policy, nor the job queue (a permanent failure) tries again.
    expect(posts.map((r) => r.status)).toEqual([403]);
  });

  it('gives up after a few attempts on a connector that keeps failing, leaving the rest to the job queue', async () => {
    const channel = '19:retry-down@thread.tacv2';
    suite.fake.fail(postIn(channel), 503);
    const posts = await postAnchor(channel, 'Down');
    // One job run: exactly the policy's attempts (botbuilder's policy, left in place, would multiply them by 4).
    expect(posts.map((r) => r.status)).toEqual(Array(CONNECTOR_RETRY.attempts).fill(503));
    suite.fake.heal();
  }, 30_000);
});

describe('the retry policy (retry.ts)', () => {
  const refusal = (status: number, retryAfter?: string) => Object.assign(new Error(`http ${status}`), {
    statusCode: status, response: { status, headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) } },
  });

  it('waits with full jitter under an exponential ceiling, at least Retry-After, and stops at the attempts allowed', async () => {
    const waits: number[] = [];
    let calls = 0;
    const failing = withConnectorRetry(async () => {
      calls += 1;
      throw refusal(calls === 2 ? 429 : 500, calls === 2 ? '3' : undefined);
    }, { attempts: 4, baseMs: 100, capMs: 1000, budgetMs: 60_000 }, { sleep: async (ms) => { waits.push(ms); }, random: () => 0.5 });
    await expect(failing).rejects.toThrow('http 500');
    expect(calls).toBe(4);
    expect(waits).toEqual([50, 3000, 200]);
  });

  it('throws at once a refusal that is an answer (403, 404, 400), and when Retry-After goes past the budget', async () => {
    for (const status of [400, 403, 404]) {
      let calls = 0;
      await expect(withConnectorRetry(async () => { calls += 1; throw refusal(status); }, CONNECTOR_RETRY, { sleep: async () => undefined })).rejects.toThrow();
      expect(calls).toBe(1);
    }
    let calls = 0;
    const waits: number[] = [];
    await expect(withConnectorRetry(async () => { calls += 1; throw refusal(429, '60'); }, CONNECTOR_RETRY, { sleep: async (ms) => { waits.push(ms); } })).rejects.toThrow('http 429');
    expect([calls, waits]).toEqual([1, []]);
  });

  it('spaces sends to one conversation (its threads included), not to different ones', async () => {
    const pacer = new Pacer(40);
    const started = Date.now();
    const done: number[] = [];
    await Promise.all(['19:a', '19:a;messageid=1', '19:a;messageid=2', '19:a'].map(async (c) => { await pacer.wait(c); done.push(Date.now() - started); }));
    expect(Math.max(...done)).toBeGreaterThanOrEqual(110);
    const other = Date.now();
    await Promise.all(['19:b', '19:c', '19:d'].map((c) => pacer.wait(c)));
    expect(Date.now() - other).toBeLessThan(100);
  });
});
