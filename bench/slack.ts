// `node --import tsx bench/slack.ts`: acknowledgement latency of vote clicks under 50 concurrent signed
// requests, through the real server and Slack adapter (Web API pointed at a local fake Slack, so the work
// after each ack — the vote, the private answer, the coalesced message updates — runs as in production),
// beside a bare Bolt app that only acks, in the same run with rounds interleaved. Env: ROUNDS (default 20),
// CONCURRENCY (50), DATABASE (sqlite | postgresql; PostgreSQL at postgresql://postgres@127.0.0.1:5432/test).
import { createHmac, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, ExpressReceiver } from '@slack/bolt';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startServer, type Adapter } from '../src/server.js';
import { slackAdapter } from '../src/slack/adapter.js';
import type { SlackApp } from '../src/slack/app.js';
import { packValue } from '../src/present/actions.js';
import { FakeSlack } from '../test/slack/helpers/fake-slack.js';

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 50);
const DATABASE = process.env.DATABASE ?? 'sqlite';
const SECRET = 'bench-signing-secret';
const TEAM = 'T0BENCH';

function signed(body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return {
    'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
  };
}

let click = 0;
function voteClick(user: string, value: string): string {
  click += 1;
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions', team: { id: TEAM, domain: 'bench' }, user: { id: user, username: user, name: user, team_id: TEAM }, api_app_id: 'A0', token: 't',
      trigger_id: `trigger.${click}`, container: { type: 'message', message_ts: '1.000001', channel_id: 'C0BENCH' }, channel: { id: 'C0BENCH', name: 'bench' },
      message: { ts: '1.000002', thread_ts: '1.000001', type: 'message', text: '' },
      actions: [{ type: 'button', action_id: 'vote.1', block_id: 'b', value, text: { type: 'plain_text', text: 'Vote' }, action_ts: `${1_760_000_000 + click}.000001` }],
    }),
  }).toString();
}

async function round(url: string, users: string[], value: (i: number) => string): Promise<number[]> {
  return Promise.all(users.map(async (user, i) => {
    const body = voteClick(user, value(i));
    const started = performance.now();
    const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: signed(body), body });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    return performance.now() - started;
  }));
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (n: number): string => n.toFixed(1);

export async function main(): Promise<{ parcours: { median: number; p99: number }; bare: { median: number; p99: number }; ratio: number }> {
  const fake = await new FakeSlack({ id: TEAM, name: 'Bench' }).start();
  const file = join(tmpdir(), `parcours-bench-slack-${randomUUID().slice(0, 8)}.db`);
  const schema = `bench_slack_${randomUUID().slice(0, 8)}`;
  const databaseUrl = DATABASE === 'postgresql' ? `postgresql://postgres@127.0.0.1:5432/test?schema=${schema}` : `file:${file}`;
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${fake.url}/api/`,
  });
  let slack: SlackApp | undefined;
  const adapter: Adapter = async (ctx) => {
    const mounted = await slackAdapter({ botId: 'BBOT', botUserId: 'UBOT' })(ctx);
    slack = mounted?.slack;
    return mounted;
  };
  const server = await startServer(config, createLogger('silent'), [adapter], { renderMap: async () => [{ name: 'map', png: Buffer.from('png') }] });

  // A workshop in the evaluation step with 20 observations, linked to a channel.
  const ws = (await server.database.prisma.workspace.upsert({ where: { platform_externalId: { platform: 'slack', externalId: TEAM } }, create: { platform: 'slack', externalId: TEAM }, update: {} })).id;
  const fac = { workspaceId: ws, userId: 'U0FAC', displayName: 'fac' };
  const run = async (command: Record<string, unknown>) => {
    const o = await server.engine.execute(fac, command);
    if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
    return o.result as Record<string, string>;
  };
  const { workshopId } = await run({ type: 'createWorkshop', title: 'Bench', language: 'en', voteBudget: 20, departments: [{ name: 'Sales' }], persona: { name: 'P' }, goal: 'G' });
  await run({ type: 'advanceStep', workshopId: workshopId! });
  await run({ type: 'advanceStep', workshopId: workshopId! });
  const { stageId } = await run({ type: 'addStage', workshopId: workshopId!, label: 'I pick up', phase: 'after' });
  await run({ type: 'advanceStep', workshopId: workshopId! });
  await run({ type: 'addTouchpoint', workshopId: workshopId!, stageId: stageId!, channel: 'Counter' });
  await run({ type: 'advanceStep', workshopId: workshopId! });
  const observations: string[] = [];
  for (let i = 0; i < 20; i += 1) observations.push((await run({ type: 'addObservation', workshopId: workshopId!, kind: 'irritant', text: `Irritant ${i}`, stageId: stageId! })).observationId!);
  await server.database.prisma.conversation.create({ data: { workspaceId: ws, workshopId: workshopId!, platform: 'slack', conversationId: 'C0BENCH', rootMessageId: '1.000001', step: 'evaluation', stepMessageId: '1.000002' } });

  // The bare Bolt app: same receiver and signature check, a listener that only acks.
  const bareReceiver = new ExpressReceiver({ signingSecret: SECRET, endpoints: '/slack/events' });
  const bare = new App({ receiver: bareReceiver, authorize: async () => ({ botToken: 'xoxb-bare', botId: 'BBARE', botUserId: 'UBARE' }), clientOptions: { slackApiUrl: `${fake.url}/api/` } });
  bare.action(/.*/, async ({ ack }) => { await ack(); });
  const bareServer = await bareReceiver.start(0);
  const address = bareServer.address();
  const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const ours: number[] = [];
  const theirs: number[] = [];
  const users = (r: number) => Array.from({ length: CONCURRENCY }, (_, i) => `U${r}X${i}`);
  // Warm-up, then interleaved rounds so both apps see the same machine load.
  await round(server.url, users(-1), (i) => packValue(workshopId!, 'o', observations[i % 20]!));
  await round(bareUrl, users(-1), () => 'x');
  for (let r = 0; r < ROUNDS; r += 1) {
    ours.push(...await round(server.url, users(r), (i) => packValue(workshopId!, 'o', observations[(i + r) % 20]!)));
    theirs.push(...await round(bareUrl, users(r), () => 'x'));
  }
  await slack!.idle();
  const votes = await server.database.prisma.vote.count();

  ours.sort((a, b) => a - b);
  theirs.sort((a, b) => a - b);
  const result = {
    parcours: { median: pct(ours, 50), p99: pct(ours, 99) },
    bare: { median: pct(theirs, 50), p99: pct(theirs, 99) },
    ratio: pct(ours, 99) / pct(theirs, 99),
  };
  console.log(`Slack ack latency, ${CONCURRENCY} concurrent signed vote clicks × ${ROUNDS} rounds (${DATABASE}); ${votes} votes stored`);
  console.log('| app | median ms | p99 ms |');
  console.log('|---|---:|---:|');
  console.log(`| Parcours (vote) | ${fmt(result.parcours.median)} | ${fmt(result.parcours.p99)} |`);
  console.log(`| bare Bolt (ack only) | ${fmt(result.bare.median)} | ${fmt(result.bare.p99)} |`);
  console.log(`p99 ratio Parcours ÷ bare: ${result.ratio.toFixed(2)}× (aim: p99 < 100 ms and ≤ 2×)`);

  await new Promise<void>((resolve) => bareServer.close(() => resolve()));
  await server.close();
  await fake.stop();
  if (DATABASE === 'postgresql') {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/test' });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  } else {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
}
