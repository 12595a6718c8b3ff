// `node --import tsx bench/teams.ts`: answer latency of vote clicks on Teams under 50 concurrent
// `adaptiveCard/action` invokes (Action.Execute), through the real server and Teams adapter in its local
// development mode (TEAMS_DEV_MODE=loopback), beside a bare botbuilder bot that only answers a card, in the
// same run with rounds interleaved. Unlike Slack's ack, a Teams invoke is answered with the card that replaces
// the clicked one, so the timed request holds the whole click: the vote, the ballot read again, its card drawn.
// Env: ROUNDS (default 10), CONCURRENCY (50), DATABASES (sqlite,postgresql; PostgreSQL at
// postgresql://postgres@127.0.0.1:5432/test, in a schema of its own dropped afterwards), CPU_PROFILE (a file:
// profiles the bare bot's rounds, then Parcours', each to a file of its own, instead of measuring), ROUND_CPU=1
// (prints each round's last answer and the CPU this process and PostgreSQL's processes used meanwhile).
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import express from 'express';
import { build } from '../scripts/build.mjs';
import { jobSchemaName } from '../src/db/jobs/index.js';
import { packValue } from '../src/present/actions.js';
import type { RunningServer } from '../src/server.js';

const ROUNDS = Number(process.env.ROUNDS ?? 10);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 50);
const DATABASES = (process.env.DATABASES ?? 'sqlite,postgresql').split(',').map((d) => d.trim()).filter(Boolean);
const ROUND_CPU = process.env.ROUND_CPU === '1';

/**
 * CPU used so far by this machine's PostgreSQL processes (Linux /proc, clock ticks of 10 ms; 0 elsewhere):
 * the server shares the cores with Parcours and the bare bot here, so its work slows both.
 */
function postgresCpuMs(): number {
  let ticks = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      } catch { /* the process ended meanwhile */ }
    }
  } catch { /* no /proc */ }
  return ticks * 10;
}
const POSTGRES = 'postgresql://postgres@127.0.0.1:5432/test';
const TENANT = '00000000-0000-0000-0000-0000000be4c4';
const CHANNEL = '19:bench@thread.tacv2';
const OBSERVATIONS = 20;
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/**
 * A local Bot Connector (the tiny server of test/teams/helpers/fake-connector.ts, copied: bench code does not
 * import test/): answers `{ id }`, counts requests and keeps the cards sent in 1:1 chats (the ballots).
 */
class Connector {
  readonly personalCards: Record<string, unknown>[] = [];
  readonly counts = { posts: 0, updates: 0, other: 0 };
  private server: Server | undefined;
  private n = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
      req.on('end', () => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
        this.n += 1;
        const id = req.method === 'POST' && path === '/v3/conversations' ? `a:personal-${this.n}` : req.method === 'PUT' ? path.split('/').pop()! : `m${this.n}`;
        if (req.method === 'PUT') this.counts.updates += 1;
        else if (req.method === 'POST') this.counts.posts += 1;
        else this.counts.other += 1;
        if (req.method === 'POST' && path.startsWith('/v3/conversations/a:personal-')) {
          const body = JSON.parse(raw) as { attachments?: { content?: Record<string, unknown> }[] };
          for (const a of body.attachments ?? []) if (a.content) this.personalCards.push(a.content);
        }
        res.writeHead(req.method === 'DELETE' ? 200 : 201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** The floor: a bare botbuilder bot (CloudAdapter, no app id) whose invoke handler only answers a card. */
async function startBareBot(answerCard: () => unknown): Promise<{ url: string; stop(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const app = express();
  app.post('/api/messages', express.json({ limit: '1mb' }), (req, res) => {
    void adapter.process(req, res, async (context: TurnContext) => {
      if (context.activity.type !== 'invoke') return;
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: ADAPTIVE, value: answerCard() } } } as Partial<Activity>);
    });
  });
  const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let activities = 0;

function activity(serviceUrl: string, user: string, conversation: string, fields: Record<string, unknown>): Record<string, unknown> {
  activities += 1;
  return {
    id: `bench-${activities}`, channelId: 'msteams', serviceUrl, timestamp: new Date().toISOString(),
    from: { id: `29:${user}`, name: user, aadObjectId: user }, recipient: { id: '28:parcours', name: 'Parcours' },
    conversation: { id: conversation, conversationType: 'channel', tenantId: TENANT }, channelData: { tenant: { id: TENANT } },
    ...fields,
  };
}

/** A click on an Action.Execute, as Teams sends it. */
function click(serviceUrl: string, user: string, conversation: string, verb: string, data: Record<string, unknown>): Record<string, unknown> {
  return activity(serviceUrl, user, conversation, {
    type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
}

async function post(url: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown>; bytes: number }> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) as Record<string, unknown> : {}, bytes: text.length };
}

/** Every element of a card (body, actions, nested), depth first. */
function elements(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.type === 'string') out.push(o);
      for (const value of Object.values(o)) walk(value);
    }
  };
  walk(card);
  return out;
}

/** Whom a ballot was issued to: the `u` of its signed state (read, not verified: the server does that). */
function issuedTo(card: unknown): string | null {
  const vote = elements(card).find((e) => e.type === 'Action.Execute' && (e.data as { action?: string } | undefined)?.action === 'vote');
  const meta = (vote?.data as { meta?: string } | undefined)?.meta;
  if (!meta) return null;
  return (JSON.parse(Buffer.from(meta.split('.')[0]!, 'base64url').toString('utf8')) as { u?: string }).u ?? null;
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (n: number): string => n.toFixed(1);

interface Figures { median: number; p99: number }
export interface DatabaseResult { database: string; parcours: Figures; bare: Figures; ratio: number; votes: number; cardBytes: number; updates: number }

/**
 * The server as `npm start` runs it: compiled to dist/ (scripts/build.mjs), not through tsx's loader, which
 * also wraps every function it defines in a call that names it (some 1–2 % of a click's work here).
 */
async function compiledServer() {
  await build();
  const dist = (file: string) => import(new URL(`../dist/${file}`, import.meta.url).href);
  const [{ loadConfig }, { createLogger }, { startServer }, { teamsAdapter }] = await Promise.all([
    dist('config.js') as Promise<typeof import('../src/config.js')>, dist('log.js') as Promise<typeof import('../src/log.js')>,
    dist('server.js') as Promise<typeof import('../src/server.js')>, dist('teams/adapter.js') as Promise<typeof import('../src/teams/adapter.js')>,
  ]);
  return { loadConfig, createLogger, startServer, teamsAdapter };
}

async function startParcours(databaseUrl: string): Promise<RunningServer> {
  const { loadConfig, createLogger, startServer, teamsAdapter } = await compiledServer();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en', TEAMS_DEV_MODE: 'loopback', ...(process.env.DATABASE_POOL_MAX ? { DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX } : {}) });
  return startServer(config, createLogger('silent'), [teamsAdapter()], { renderMap: async () => [] });
}

/** One database: its own server, connector and file or schema, removed afterwards even when a round failed. */
async function measure(database: string): Promise<DatabaseResult> {
  const fake = await new Connector().start();
  const file = join(tmpdir(), `parcours-bench-teams-${randomUUID().slice(0, 8)}.db`);
  const schema = `bench_teams_${randomUUID().slice(0, 8)}`;
  let server: RunningServer | undefined;
  try {
    server = await startParcours(database === 'postgresql' ? `${POSTGRES}?schema=${schema}` : `file:${file}`);
    return await measureOn(database, server, fake);
  } finally {
    await server?.close();
    await fake.stop();
    if (database === 'postgresql') {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: POSTGRES });
      await client.connect();
      for (const s of [schema, jobSchemaName(schema)]) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      await client.end();
    } else {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
    }
  }
}

async function measureOn(database: string, server: RunningServer, fake: Connector): Promise<DatabaseResult> {
  // A workshop of this tenant in the evaluation step with 20 observations, linked to a channel whose
  // anchor and step messages exist (so each vote's planned refresh updates the step card as in production).
  const ws = await server.layer.workspaceOf('teams', TENANT, 'Bench');
  const fac = { workspaceId: ws, userId: 'aad-facilitator', displayName: 'fac' };
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
  for (let i = 0; i < OBSERVATIONS; i += 1) observations.push((await run({ type: 'addObservation', workshopId: workshopId!, kind: 'irritant', text: `Irritant ${i}`, stageId: stageId! })).observationId!);
  await server.database.prisma.conversation.create({ data: { workspaceId: ws, workshopId: workshopId!, platform: 'teams', conversationId: CHANNEL, rootMessageId: 'm-root', step: 'evaluation', stepMessageId: 'm-step' } });
  await server.layer.idle();

  // The same 50 people vote in every round (a workshop of 51, as a large live one), each on another
  // observation each time. Each opens their ballot once from the step card's button (not timed): Parcours
  // sends it in their 1:1 chat, and its vote buttons carry the signed state the timed clicks send back.
  const thread = `${CHANNEL};messageid=m-root`;
  const people = Array.from({ length: CONCURRENCY }, (_, i) => `aad-bench-p${i}`);
  const opened = await Promise.all(people.map((user) => post(server.url, click(fake.url, user, thread, 'ballot', { action: 'ballot', value: packValue(workshopId!, 0) }))));
  if (opened.some((o) => o.status !== 200)) throw new Error(`opening ballots: ${opened.map((o) => o.status).join(',')}`);
  await server.layer.idle();
  const template = new Map<string, Record<string, unknown>>();
  for (const card of fake.personalCards) {
    const user = issuedTo(card);
    const vote = elements(card).find((e) => e.type === 'Action.Execute' && (e.data as { action?: string } | undefined)?.action === 'vote');
    if (user && vote) template.set(user, vote);
  }
  if (template.size !== CONCURRENCY) throw new Error(`ballots received for ${template.size} people, expected ${CONCURRENCY}`);

  let answerCard: unknown = null;
  let cardBytes = 0;
  const bare = await startBareBot(() => answerCard);
  try {
    const ours: number[] = [];
    const theirs: number[] = [];
    // ROUND_CPU: what the rounds cost, summed per app (the main thread's busy time is steadier than a p99).
    const spent = { parcours: { node: 0, busy: 0, postgres: 0, rounds: 0 }, bare: { node: 0, busy: 0, postgres: 0, rounds: 0 } };
    const round = async (url: string, r: number, into: number[] | null): Promise<void> => {
      const cpu = ROUND_CPU && into ? { node: process.cpuUsage(), postgres: postgresCpuMs(), loop: performance.eventLoopUtilization() } : null;
      const answers = await Promise.all(people.map(async (user, i) => {
        const vote = template.get(user)!;
        // Round r (from -1, the warm-up): each person's (r + 2)-th vote, on an observation they have not voted for.
        const data = { ...(vote.data as object), value: packValue(workshopId!, 'o', observations[(i + r + 1) % OBSERVATIONS]!) };
        const body = click(fake.url, user, thread, String(vote.verb), data);
        const started = performance.now();
        const res = await post(url, body);
        const ms = performance.now() - started;
        if (res.status !== 200 || res.json.type !== ADAPTIVE) throw new Error(`answer ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
        return { ms, res };
      }));
      if (into) into.push(...answers.map((a) => a.ms));
      if (cpu) {
        const node = process.cpuUsage(cpu.node);
        const used = { node: (node.user + node.system) / 1000, busy: performance.eventLoopUtilization(cpu.loop).active, postgres: postgresCpuMs() - cpu.postgres };
        const sum = into === ours ? spent.parcours : spent.bare;
        sum.node += used.node; sum.busy += used.busy; sum.postgres += used.postgres; sum.rounds += 1;
        console.log(`${database} ${into === ours ? 'Parcours' : 'bare'} round ${r}: last answer ${fmt(Math.max(...answers.map((a) => a.ms)))} ms,`
          + ` CPU: this process ${fmt(used.node)} ms (its main thread busy ${fmt(used.busy)} ms), PostgreSQL ${fmt(used.postgres)} ms`);
      }
      if (answerCard === null) {
        // The floor answers the very card Parcours answered (the redrawn ballot): same size, same serialisation.
        answerCard = answers[0]!.res.json.value;
        cardBytes = answers[0]!.res.bytes;
      }
    };

    // Warm-up, then interleaved rounds so both bots see the same machine load.
    await round(server.url, -1, null);
    await server.layer.idle();
    await round(bare.url, -1, null);
    if (process.env.CPU_PROFILE) {
      // Parcours' rounds, the work they leave behind included, then the bare bot's: where a click spends its CPU.
      await profiled(process.env.CPU_PROFILE, `${database}-bare`, async () => {
        for (let r = 0; r < ROUNDS; r += 1) await round(bare.url, r, theirs);
      });
      await profiled(process.env.CPU_PROFILE, database, async () => {
        for (let r = 0; r < ROUNDS; r += 1) await round(server.url, r, ours);
        await server.layer.idle();
      });
      throw new Error(`CPU profiles written (${process.env.CPU_PROFILE}); no figures in a profiled run`);
    }
    for (let r = 0; r < ROUNDS; r += 1) {
      await round(server.url, r, ours);
      // What Parcours' round left to do (the step card's refresh) is done before the bare bot's round, not during it.
      await server.layer.idle();
      await round(bare.url, r, theirs);
    }
    await server.layer.idle();
    if (ROUND_CPU) {
      const per = (s: typeof spent.bare) => `main thread busy ${fmt(s.busy / s.rounds)} ms, process CPU ${fmt(s.node / s.rounds)} ms, PostgreSQL ${fmt(s.postgres / s.rounds)} ms`;
      console.log(`${database} per round: Parcours ${per(spent.parcours)}; bare ${per(spent.bare)}; busy ÷ bare ${(spent.parcours.busy / spent.bare.busy).toFixed(2)}×`);
    }
    const votes = await server.database.prisma.vote.count();
    if (votes !== CONCURRENCY * (ROUNDS + 1)) throw new Error(`${votes} votes stored, expected ${CONCURRENCY * (ROUNDS + 1)}`);

    ours.sort((a, b) => a - b);
    theirs.sort((a, b) => a - b);
    const result: DatabaseResult = {
      database, votes, cardBytes, updates: fake.counts.updates,
      parcours: { median: pct(ours, 50), p99: pct(ours, 99) },
      bare: { median: pct(theirs, 50), p99: pct(theirs, 99) },
      ratio: pct(ours, 99) / pct(theirs, 99),
    };
    return result;
  } finally {
    await bare.stop();
  }
}

/** Runs `work` under V8's CPU profiler and writes the profile to `file` (open it in Chrome's DevTools). */
async function profiled(file: string, name: string, work: () => Promise<void>): Promise<void> {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await work();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file.replace(/(\.cpuprofile)?$/, `-${name}.cpuprofile`), JSON.stringify(profile));
  session.disconnect();
}

export async function main(): Promise<DatabaseResult[]> {
  // One vote per person per round, warm-up included, each on another observation: within the largest budget.
  if (ROUNDS + 1 > OBSERVATIONS) throw new Error(`ROUNDS is at most ${OBSERVATIONS - 1} (each person's votes fit a budget of ${OBSERVATIONS})`);
  const results: DatabaseResult[] = [];
  for (const database of DATABASES) {
    if (database !== 'sqlite' && database !== 'postgresql') throw new Error(`unknown database ${database} (sqlite, postgresql)`);
    const r = await measure(database);
    results.push(r);
    console.log(`${database}: ${r.votes} votes stored, answer card ${r.cardBytes} bytes, ${r.updates} step-card updates sent to the connector`);
  }
  console.log(`\nTeams invoke answer latency, ${CONCURRENCY} concurrent Action.Execute vote clicks from a ballot × ${ROUNDS} rounds`);
  console.log('| database | app | median ms | p99 ms | p99 ÷ bare |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of results) {
    const name = r.database === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    console.log(`| ${name} | Parcours (vote, ballot redrawn) | ${fmt(r.parcours.median)} | ${fmt(r.parcours.p99)} | ${r.ratio.toFixed(2)}× |`);
    console.log(`| ${name} | bare botbuilder (card only) | ${fmt(r.bare.median)} | ${fmt(r.bare.p99)} | |`);
  }
  console.log('aim: p99 ≤ 2× the bare bot');
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
}
