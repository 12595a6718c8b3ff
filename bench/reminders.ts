// `node --import tsx bench/reminders.ts`: issue 12's point 7. 10,000 reminders fall due the same minute across
// 500 workshops in 10 Slack workspaces (installed through the OAuth flow, each with its own token), against a
// local fake Slack Web API that enforces rate limits as Slack does and answers 429 with Retry-After beyond them.
// Measured: from the scheduler's tick to the last reminder delivered, with every (workshop, person) reminded
// exactly once; beside the floor those limits allow for that traffic, computed from the same limits.
// Env: RUNS (3), DATABASES (sqlite,postgresql), TEAMS (10), WORKSHOPS (500), PARTICIPANTS (20 per workshop),
// PEOPLE (250 per workspace: each person is in several workshops), WORKSPACE_RATE (20 calls/s per workspace and
// method, burst as many), CHANNEL_RATE (1/s per channel, burst 3), USER_RATE (3/s per person, burst 3).
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startServer, type Adapter, type RunningServer } from '../src/server.js';
import { slackAdapter } from '../src/slack/adapter.js';

const RUNS = Number(process.env.RUNS ?? 3);
const DATABASES = (process.env.DATABASES ?? 'sqlite,postgresql').split(',').filter(Boolean);
const TEAMS = Number(process.env.TEAMS ?? 10);
const WORKSHOPS = Number(process.env.WORKSHOPS ?? 500);
const PARTICIPANTS = Number(process.env.PARTICIPANTS ?? 20);
const PEOPLE = Number(process.env.PEOPLE ?? 250);
const WORKSPACE_RATE = Number(process.env.WORKSPACE_RATE ?? 20);
const CHANNEL_RATE = Number(process.env.CHANNEL_RATE ?? 1);
const CHANNEL_BURST = 3;
const USER_RATE = Number(process.env.USER_RATE ?? 3);
const USER_BURST = 3;
const PG = 'postgresql://postgres@127.0.0.1:5432/test';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------------------
// The fake Slack Web API. Limits, each a token bucket (rate per second, burst = what a full bucket holds):
// - chat.postMessage: CHANNEL_RATE per channel (Slack: "1 per second per channel, short bursts allowed"), USER_RATE
//   per person written to (a DM channel is one person's), WORKSPACE_RATE per workspace (Slack: "several hundred per
//   minute" per workspace; 20/s = 1,200/min chosen so that a run lasts about a minute);
// - conversations.open: WORKSPACE_RATE per workspace too (Slack's Tier 3 is "50+ per minute": see bench/README.md);
// - users.info, chat.getPermalink, chat.update and the rest: not limited (not on the reminders' path, but for
//   one permalink per workshop).
// A call over a limit does nothing and gets 429 with Retry-After in whole seconds, as Slack sends it.
class Bucket {
  private tokens: number;
  private last: number;
  constructor(private readonly rate: number, readonly burst: number, now: number) {
    this.tokens = burst;
    this.last = now;
  }

  /** Seconds until a token is there (0: there is one now). */
  wait(now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.rate;
  }

  take(): void {
    this.tokens -= 1;
  }
}

interface Delivered { team: string; channel: string; title: string; at: number }

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

class RateLimitedSlack {
  url = '';
  delivered: Delivered[] = [];
  /** 429 answers, per method. */
  limited = new Map<string, number>();
  calls = new Map<string, number>();
  private buckets = new Map<string, Bucket>();
  private server: Server | null = null;
  private seq = 0;

  reset(): void {
    this.delivered = [];
    this.limited.clear();
    this.calls.clear();
    this.buckets.clear();
  }

  private bucket(key: string, rate: number, burst: number, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new Bucket(rate, burst, now)));
    return b;
  }

  /** 0 when the call may go (its tokens taken), else the Retry-After in seconds. */
  private admit(buckets: Bucket[], now: number): number {
    const wait = Math.max(...buckets.map((b) => b.wait(now)));
    if (wait > 0) return Math.max(1, Math.ceil(wait));
    for (const b of buckets) b.take();
    return 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const { status, body, retryAfter } = this.handle(req, raw);
        res.writeHead(status, { 'content-type': 'application/json', ...(retryAfter ? { 'retry-after': String(retryAfter) } : {}) });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, raw: string): { status: number; body: unknown; retryAfter?: number } {
    const method = new URL(req.url ?? '/', this.url).pathname.replace(/^\/api\//, '');
    const args = req.headers['content-type']?.includes('application/json') ? (raw ? JSON.parse(raw) as Record<string, string> : {}) : Object.fromEntries(new URLSearchParams(raw));
    const auth = req.headers.authorization ?? '';
    // Tokens are xoxb-<team>-bench (oauth.v2.access below gives them).
    const team = /^Bearer xoxb-(T\w+)-bench$/.exec(auth)?.[1] ?? 'T?';
    const now = Date.now();
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const ok = (extra: Record<string, unknown> = {}) => ({ status: 200, body: { ok: true, ...extra } });
    const limited = (retryAfter: number) => {
      this.limited.set(method, (this.limited.get(method) ?? 0) + 1);
      return { status: 429, body: { ok: false, error: 'ratelimited' }, retryAfter };
    };
    switch (method) {
      case 'oauth.v2.access': {
        const id = String(args.code);
        return ok({
          app_id: 'A0BENCH', authed_user: { id: `U${id}ADMIN` }, scope: 'commands,chat:write,im:write,users:read', token_type: 'bot',
          access_token: `xoxb-${id}-bench`, bot_user_id: 'UBOT', team: { id, name: id }, enterprise: null, is_enterprise_install: false,
        });
      }
      case 'auth.test':
        return ok({ user_id: 'UBOT', bot_id: 'BBOT', team_id: team, team, user: 'parcours' });
      case 'conversations.open': {
        const wait = this.admit([this.bucket(`${team}:open`, WORKSPACE_RATE, WORKSPACE_RATE, now)], now);
        if (wait) return limited(wait);
        return ok({ channel: { id: `D${String(args.users).replace(/^U/, '')}` } });
      }
      case 'chat.postMessage': {
        // A direct message's channel is D + the person's id without its U (conversations.open above); a user id
        // as channel is the app's direct message with that person too, as on Slack.
        const channel = String(args.channel).replace(/^U/, 'D');
        const person = channel.startsWith('D') ? `U${channel.slice(1)}` : null;
        const wait = this.admit([
          this.bucket(`${team}:post`, WORKSPACE_RATE, WORKSPACE_RATE, now),
          this.bucket(`${team}:${channel}`, CHANNEL_RATE, CHANNEL_BURST, now),
          ...(person ? [this.bucket(`${team}:${person}`, USER_RATE, USER_BURST, now)] : []),
        ], now);
        if (wait) return limited(wait);
        this.seq += 1;
        const title = /Bench \d+-\d+/.exec(`${args.text ?? ''} ${args.blocks ?? ''}`)?.[0] ?? '?';
        this.delivered.push({ team, channel, title, at: now });
        return ok({ channel, ts: `${1_760_000_000 + this.seq}.${String(this.seq).padStart(6, '0')}` });
      }
      case 'chat.getPermalink':
        return ok({ permalink: `https://${team.toLowerCase()}.slack.test/archives/${args.channel}/p${String(args.message_ts).replace('.', '')}` });
      case 'users.info':
        return ok({ user: { id: args.user, tz: 'Europe/Paris' } });
      default:
        return ok();
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Set-up through the engine (commands without an origin: no jobs follow them, as from the CLI): TEAMS workspaces installed by OAuth, WORKSHOPS workshops spread over them, each at its
// stages step with PARTICIPANTS joined people who owe a stage, reminders at any hour (no working-hours delay).

const teamId = (t: number) => `T${String(t).padStart(3, '0')}BENCH`;
const personOf = (t: number, p: number) => `U${teamId(t)}P${p}`;

interface Workshop { workspaceId: string; workshopId: string; team: number; title: string; facilitator: string; people: string[] }
const conversationOf = (w: Workshop) => `C${w.team}W${w.workshopId.replace(/\W/g, '').slice(-10)}`;

async function install(server: RunningServer, team: string): Promise<void> {
  const start = await fetch(`${server.url}/slack/install`, { redirect: 'manual' });
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  await start.arrayBuffer();
  const done = await fetch(`${server.url}/slack/oauth_redirect?code=${team}&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
  await done.arrayBuffer();
  if (done.status !== 200) throw new Error(`install of ${team}: ${done.status}`);
}

async function setUp(server: RunningServer): Promise<Workshop[]> {
  for (let t = 0; t < TEAMS; t += 1) await install(server, teamId(t));
  const workspaces = await server.database.prisma.workspace.findMany({ where: { platform: 'slack' }, select: { id: true, externalId: true } });
  const wsOf = new Map(workspaces.map((w) => [w.externalId, w.id]));
  const plans = Array.from({ length: WORKSHOPS }, (_, i) => {
    const team = i % TEAMS;
    const n = Math.floor(i / TEAMS);
    // Consecutive workshops of a workspace share no one; each person is in WORKSHOPS ÷ TEAMS × PARTICIPANTS ÷ PEOPLE of them.
    const people = Array.from({ length: PARTICIPANTS }, (_, p) => personOf(team, (n * PARTICIPANTS + p) % Math.max(PEOPLE, PARTICIPANTS)));
    return { team, title: `Bench ${team}-${n}`, facilitator: `U${teamId(team)}FAC${n % 5}`, people };
  });
  const made: Workshop[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const plan = plans[next++];
      if (!plan) return;
      const workspaceId = wsOf.get(teamId(plan.team))!;
      const as = async (userId: string, command: Record<string, unknown>) => {
        const o = await server.engine.execute({ workspaceId, userId, displayName: userId }, command);
        if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
        return o.result as Record<string, string>;
      };
      const { workshopId } = await as(plan.facilitator, { type: 'createWorkshop', title: plan.title, language: 'en', departments: [{ name: 'Sales' }], persona: { name: 'P' }, goal: 'G' });
      await as(plan.facilitator, { type: 'setTiming', workshopId, reminderHours: [24], remindAnyTime: true });
      for (const p of plan.people) await as(p, { type: 'join', workshopId });
      await as(plan.facilitator, { type: 'advanceStep', workshopId });
      await as(plan.facilitator, { type: 'advanceStep', workshopId });
      made.push({ workspaceId, workshopId: workshopId!, team: plan.team, title: plan.title, facilitator: plan.facilitator, people: plan.people });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await server.layer.idle();
  // Each workshop in its channel, once the jobs of the set-up are done (a reminder links to the step's message).
  await server.database.prisma.conversation.createMany({
    data: made.map((w) => ({ workspaceId: w.workspaceId, workshopId: w.workshopId, platform: 'slack', conversationId: conversationOf(w), rootMessageId: '1.000001', step: 'stages', stepMessageId: '1.000002' })),
  });
  return made;
}

/** Every workshop's stages deadline set 25 h after `base`: its 24-hours reminder falls due at base + 1 h. */
async function setDeadlines(server: RunningServer, workshops: Workshop[], base: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const w = workshops[next++];
      if (!w) return;
      const o = await server.engine.execute({ workspaceId: w.workspaceId, userId: w.facilitator, displayName: w.facilitator }, { type: 'setDeadline', workshopId: w.workshopId, step: 'stages', dueAt: new Date(base + 25 * HOUR) }, {
        // As if from the workshop's thread: the step's message is refreshed and the reminders planned (jobs).
        origin: { platform: 'slack', workspace: teamId(w.team), userId: w.facilitator, conversationId: conversationOf(w), threadId: '1.000001' },
      });
      if (!o.ok) throw new Error(`setDeadline: ${o.error.code}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await server.layer.idle();
}

// ---------------------------------------------------------------------------------------------------------------

/** The least time the fake's limits allow for the traffic delivered: the slowest bucket's (count − burst) ÷ rate. */
function floorSeconds(delivered: Delivered[]): { seconds: number; busiest: string } {
  const count = new Map<string, number>();
  const add = (key: string) => count.set(key, (count.get(key) ?? 0) + 1);
  for (const d of delivered) {
    add(`workspace ${d.team}: chat.postMessage`);
    add(`workspace ${d.team}: conversations.open`);
    add(`channel ${d.channel}`);
  }
  let best = { seconds: 0, busiest: '' };
  for (const [key, n] of count) {
    const [rate, burst] = key.startsWith('channel') ? [Math.min(CHANNEL_RATE, USER_RATE), Math.min(CHANNEL_BURST, USER_BURST)] : [WORKSPACE_RATE, WORKSPACE_RATE];
    const s = Math.max(0, n - burst) / rate;
    if (s > best.seconds) best = { seconds: s, busiest: `${key} (${n} calls)` };
  }
  return best;
}

interface RunResult { seconds: number; floor: number; busiest: string; delivered: number; lost: number; doubled: number; limited: string }

async function oneRun(server: RunningServer, fake: RateLimitedSlack, workshops: Workshop[], clock: { t: number }, base: number): Promise<RunResult> {
  await setDeadlines(server, workshops, base);
  fake.reset();
  clock.t = base + HOUR;
  const expected = workshops.length * PARTICIPANTS;
  const started = Date.now();
  const handed = await server.layer.tick();
  if (handed !== workshops.length) throw new Error(`${handed} events handed over, ${workshops.length} expected`);
  // Jobs retried after a failure wait their retry delay: look until every reminder is there, or nothing moves for 60 s.
  let seen = -1;
  let still = Date.now();
  for (;;) {
    await server.layer.idle();
    const n = fake.delivered.length;
    if (n >= expected) break;
    if (n !== seen) { seen = n; still = Date.now(); }
    if (Date.now() - still > 60_000) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await server.layer.idle();
  const last = Math.max(...fake.delivered.map((d) => d.at));
  const wanted = new Set(workshops.flatMap((w) => w.people.map((p) => `${w.title}|D${p.slice(1)}`)));
  const got = new Map<string, number>();
  for (const d of fake.delivered) got.set(`${d.title}|${d.channel}`, (got.get(`${d.title}|${d.channel}`) ?? 0) + 1);
  const lost = [...wanted].filter((k) => !got.has(k)).length;
  const doubled = [...got].filter(([k, n]) => n > 1 || !wanted.has(k)).length;
  const floor = floorSeconds(fake.delivered);
  return {
    seconds: (last - started) / 1000, floor: floor.seconds, busiest: floor.busiest, delivered: fake.delivered.length, lost, doubled,
    limited: [...fake.limited].map(([m, n]) => `${m} ${n}`).join(', ') || 'none',
  };
}

async function bench(database: string, fake: RateLimitedSlack): Promise<RunResult[]> {
  const file = join(tmpdir(), `parcours-bench-reminders-${randomUUID().slice(0, 8)}.db`);
  const schema = `bench_reminders_${randomUUID().slice(0, 8)}`;
  const databaseUrl = database === 'postgresql' ? `${PG}?schema=${schema}` : `file:${file}`;
  /** Monday 2 March 2026, 09:00 UTC, moved by hand. */
  const clock = { t: Date.parse('2026-03-02T09:00:00Z'), now: (): Date => new Date(clock.t) };
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en',
    SLACK_SIGNING_SECRET: 'bench-signing-secret', SLACK_API_URL: `${fake.url}/api/`,
    SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'bench-client-secret', SLACK_STATE_SECRET: 'bench-state-secret',
    PARCOURS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  });
  const adapter: Adapter = async (ctx) => slackAdapter({ botId: 'BBOT', botUserId: 'UBOT' })(ctx);
  const server = await startServer(config, createLogger('silent'), [adapter], { clock, renderMap: async () => [{ name: 'map', png: Buffer.from('png') }] });
  const results: RunResult[] = [];
  try {
    const t0 = Date.now();
    const workshops = await setUp(server);
    console.log(`${database}: ${workshops.length} workshops in ${TEAMS} workspaces set up in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    // Run k: a new deadline two days on (new delivery keys: nothing to reset), its reminders due at base + 1 h.
    for (let k = 0; k < RUNS; k += 1) {
      const r = await oneRun(server, fake, workshops, clock, clock.t + 2 * DAY);
      console.log(`${database} run ${k + 1}: ${r.seconds.toFixed(1)} s, floor ${r.floor.toFixed(1)} s (${r.busiest}), ${(r.seconds / r.floor).toFixed(2)}×; ${r.delivered} delivered, ${r.lost} lost, ${r.doubled} doubled; 429: ${r.limited}; ${(r.delivered / r.seconds).toFixed(0)} messages/s against ${TEAMS * WORKSPACE_RATE}/s allowed in all`);
      results.push(r);
    }
  } finally {
    await server.close();
    if (database === 'postgresql') {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: PG });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
      await client.end();
    } else {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
    }
  }
  return results;
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function main(): Promise<Record<string, RunResult[]>> {
  const fake = await new RateLimitedSlack().start();
  const all: Record<string, RunResult[]> = {};
  try {
    for (const database of DATABASES) all[database] = await bench(database, fake);
  } finally {
    await fake.stop();
  }
  console.log(`\nReminders: ${WORKSHOPS * PARTICIPANTS} due at once (${WORKSHOPS} workshops × ${PARTICIPANTS} people, ${TEAMS} Slack workspaces, ${PEOPLE} people each), ${RUNS} runs; limits: ${WORKSPACE_RATE}/s per workspace (chat.postMessage, conversations.open), ${CHANNEL_RATE}/s per channel (burst ${CHANNEL_BURST}), ${USER_RATE}/s per person (burst ${USER_BURST})`);
  console.log('| database | median s | p99 s | floor s | × floor (median) | lost | doubled | 429 answers (last run) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const [database, runs] of Object.entries(all)) {
    const s = runs.map((r) => r.seconds).sort((a, b) => a - b);
    const floor = runs.map((r) => r.floor).sort((a, b) => a - b);
    const median = pct(s, 50);
    console.log(`| ${database} | ${median.toFixed(1)} | ${pct(s, 99).toFixed(1)} | ${pct(floor, 50).toFixed(1)} | ${(median / pct(floor, 50)).toFixed(2)}× | ${runs.reduce((a, r) => a + r.lost, 0)} | ${runs.reduce((a, r) => a + r.doubled, 0)} | ${runs.at(-1)?.limited ?? ''} |`);
  }
  console.log('aim: ≤ 1.2× the floor, nothing lost or doubled');
  return all;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((all) => {
    const bad = Object.values(all).flat().some((r) => r.lost > 0 || r.doubled > 0);
    process.exit(bad ? 1 : 0);
  }, (error: unknown) => { console.error(error); process.exit(1); });
}
