// Socket Mode end to end, offline: the real server (`startServer` with the adapters `npm start` uses),
// SLACK_APP_TOKEN set and no signing secret. Bolt's Socket Mode client asks the fake Web API for a socket URL
// (apps.connections.open, with the app token, on SLACK_API_URL), connects to a fake Socket Mode server, and
// gets slash commands, view submissions and events as envelopes; what the app says back goes in the acks
// (`{ envelope_id, payload }`) or to the fake Web API, as over HTTP.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { helpNotice } from '../../src/present/notices.js';
import { configuredAdapters, startServer, type Adapter, type RunningServer } from '../../src/server.js';
import { noticeMessage } from '../../src/slack/blocks/messages.js';
import type { SlackApp } from '../../src/slack/app.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { eventEnvelope, FakeSocketMode, interactiveEnvelope, slashCommandEnvelope, type Ack } from './helpers/fake-socket.js';
import { appHomeOpened, BOT_TOKEN, slashCommand, viewSubmission } from './helpers/harness.js';
import { FAC } from './helpers/users.js';

const APP_TOKEN = 'xapp-1-A0001-0000-test-app-token';
const CHANNEL = 'C0SOCKET';

/** The environment of a Socket Mode deployment: an app token and a bot token, no signing secret, no public URL. */
function socketEnv(databaseUrl: string, fake: FakeSlack): Record<string, string> {
  return {
    PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PARCOURS_LANGUAGE: 'en',
    SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: `${fake.url}/api/`,
  };
}

/** The adapters `npm start` uses, each wrapped to keep hold of the Slack app (for its idle()). */
async function capturingAdapters(): Promise<{ adapters: Adapter[]; slack: () => SlackApp }> {
  let slack: SlackApp | undefined;
  const adapters = (await configuredAdapters()).map((adapter): Adapter => async (ctx) => {
    const mounted = await adapter(ctx);
    if (mounted && 'slack' in mounted) slack = (mounted as unknown as { slack: SlackApp }).slack;
    return mounted;
  });
  return { adapters, slack: () => { if (!slack) throw new Error('the Slack adapter did not start'); return slack; } };
}

describe.each(providers)('Slack in Socket Mode, end to end, on %s', (provider) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let socket: FakeSocketMode;
  let running: RunningServer | undefined;
  let slack: SlackApp;

  /** Waits for the work listeners do after their acks (posting, publishing), as the harness's settle() does. */
  const settle = async () => { for (let i = 0; i < 3; i += 1) await slack.idle(); };

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeSlack().start();
    socket = await new FakeSocketMode().start();
    fake.socketUrl = socket.url;
    const { adapters, slack: captured } = await capturingAdapters();
    // startServer resolves only once the adapter has started, i.e. once the socket got its `hello`.
    running = await startServer(loadConfig(socketEnv(db.rawUrl, fake)), createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), adapters);
    slack = captured();
  });

  afterAll(async () => {
    await running?.close();
    await socket?.stop();
    await fake?.stop();
    await db?.close();
  });

  it('opens its socket through apps.connections.open on SLACK_API_URL, with the app token', () => {
    const opens = fake.of('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.token).toBe(APP_TOKEN);
    expect(socket.connections).toHaveLength(1);
    expect(socket.requested).toEqual(['/link/?ticket=fake-ticket&app_id=A0001']);
    expect(socket.live).toBeDefined();
  });

  it('says on /healthz that Slack runs in Socket Mode, and serves no /slack/events', async () => {
    const health = await fetch(`${running!.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { provider, ok: true }, platforms: { slack: 'socket mode, single workspace' } });
    // Nothing to sign or receive over HTTP: Slack reaches the app only through the socket.
    const events = await fetch(`${running!.url}/slack/events`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(events.status).toBe(404);
  });

  it('acks /parcours help with its envelope id, the help in the ack payload', async () => {
    const envelope = slashCommandEnvelope(socket.newEnvelopeId(), slashCommand(FAC, 'help', CHANNEL));
    const ack = await socket.deliver(envelope);
    await settle();
    // Over the socket the ack payload is what an HTTP app returns as its response body: Slack shows it privately.
    const help = noticeMessage(helpNotice('en', '/parcours'));
    expect(ack).toEqual({ envelope_id: envelope.envelope_id, payload: { response_type: 'ephemeral', text: help.text, blocks: help.blocks } });
    expect(fake.of('chat.postMessage')).toEqual([]);
    // Web API calls go out with the bot token; the app token only ever opens connections.
    expect(fake.calls.filter((c) => c.method !== 'apps.connections.open').every((c) => c.token === BOT_TOKEN)).toBe(true);
  });

  it('opens the framing modal on /parcours new, and a view_submission creates the workshop and posts its anchor', async () => {
    const command = slashCommandEnvelope(socket.newEnvelopeId(), slashCommand(FAC, 'new en', CHANNEL));
    const commandAck = await socket.deliver(command);
    await settle();
    expect(commandAck).toEqual({ envelope_id: command.envelope_id, payload: {} });
    const open = fake.last('views.open')!;
    expect(open.args.trigger_id).toBe(command.payload.trigger_id);
    expect(open.token).toBe(BOT_TOKEN);
    const framing = open.response!.view as Record<string, unknown>;
    expect(framing.callback_id).toBe('framing');

    const submission = interactiveEnvelope(socket.newEnvelopeId(), viewSubmission(FAC, framing, {
      title: 'Socket workshop', language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast',
      department_0: 'Sales', voteBudget: 3,
    }));
    const submitAck = await socket.deliver(submission);
    await settle();
    // An empty payload closes the modal, as an empty HTTP 200 does.
    expect(submitAck).toEqual({ envelope_id: submission.envelope_id, payload: {} });
    const workshop = await db.prisma.workshop.findFirstOrThrow();
    expect(workshop).toMatchObject({ title: 'Socket workshop', language: 'en', mode: 'async', voteBudget: 3, step: 'framing' });
    const row = await db.prisma.conversation.findFirstOrThrow();
    const conv = { ...row, channelId: row.conversationId, anchorTs: row.rootMessageId };
    expect(conv).toMatchObject({ workshopId: workshop.id, channelId: CHANNEL, platform: 'slack' });
    const anchor = fake.of('chat.postMessage').find((c) => c.response?.ts === conv.anchorTs);
    expect(anchor, 'the anchor message was posted').toBeDefined();
    expect(anchor!.args).toMatchObject({ channel: CHANNEL });
    expect(anchor!.args.thread_ts).toBeUndefined();
    expect(JSON.stringify(anchor!.args.blocks)).toContain('Socket workshop');
  });

  it('applies a redelivered view_submission envelope once: one workshop, one anchor', async () => {
    const submission = interactiveEnvelope(socket.newEnvelopeId(), viewSubmission(FAC, fake.last('views.open')!.response!.view as Record<string, unknown>, {
      title: 'Delivered twice', language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast',
      department_0: 'Sales', voteBudget: 3,
    }, { id: 'V-twice', hash: 'h-twice' }));
    const before = await db.prisma.workshop.count();
    const anchors = () => fake.of('chat.postMessage').filter((c) => c.args.channel === CHANNEL && c.args.thread_ts === undefined).length;
    const anchorsBefore = anchors();

    const first = await socket.deliver(submission);
    await settle();
    const again = await socket.deliver(submission);
    await settle();
    // Both deliveries are acked (an unacked envelope is what makes Slack retry), with the same empty payload.
    expect([first, again]).toEqual([{ envelope_id: submission.envelope_id, payload: {} }, { envelope_id: submission.envelope_id, payload: {} }]);
    expect(await db.prisma.workshop.count()).toBe(before + 1);
    expect(await db.prisma.workshop.count({ where: { title: 'Delivered twice' } })).toBe(1);
    expect(anchors()).toBe(anchorsBefore + 1);
  });

  // On PostgreSQL the two deliveries race in SlackConversations.create (a Prisma upsert, find-then-insert):
  // the loser must still be acked, and nothing doubled.
  it('applies an envelope delivered twice at once (the retry overtaking the first) once too', async () => {
    const submission = interactiveEnvelope(socket.newEnvelopeId(), viewSubmission(FAC, fake.last('views.open')!.response!.view as Record<string, unknown>, {
      title: 'Raced', language: 'en', mode: 'async', journey: 'current', basis: 'data', persona_name: 'Claire', goal: 'Pick up fast',
      department_0: 'Sales', voteBudget: 3,
    }, { id: 'V-raced', hash: 'h-raced' }));
    const anchorsBefore = fake.of('chat.postMessage').filter((c) => c.args.channel === CHANNEL && c.args.thread_ts === undefined).length;
    const acks: Ack[] = await Promise.all([socket.deliver(submission), socket.deliver(submission)]);
    await settle();
    expect(acks.map((a) => a.envelope_id)).toEqual([submission.envelope_id, submission.envelope_id]);
    expect(await db.prisma.workshop.count({ where: { title: 'Raced' } })).toBe(1);
    expect(fake.of('chat.postMessage').filter((c) => c.args.channel === CHANNEL && c.args.thread_ts === undefined).length).toBe(anchorsBefore + 1);
  });

  it('receives Events API envelopes: app_home_opened publishes the Home tab', async () => {
    const envelope = eventEnvelope(socket.newEnvelopeId(), appHomeOpened(FAC, 'Ev-socket-1'));
    const ack = await socket.deliver(envelope);
    await settle();
    expect(ack).toEqual({ envelope_id: envelope.envelope_id, payload: {} });
    expect(fake.last('views.publish')?.args.user_id).toBe(FAC.id);
  });

  it('reconnects when Slack asks it to (a `disconnect` message), through apps.connections.open again', async () => {
    socket.requestReconnect();
    // The client closes this connection itself, waits (its reconnect delay is 5 s), then opens a new one.
    await socket.until(() => socket.connections.length === 2 && socket.live !== undefined, 'the client to reconnect', 15_000);
    expect(socket.closes).toEqual([1000]);
    expect(fake.of('apps.connections.open')).toHaveLength(2);
    const envelope = slashCommandEnvelope(socket.newEnvelopeId(), slashCommand(FAC, 'help', CHANNEL));
    expect((await socket.deliver(envelope)).payload).toMatchObject({ response_type: 'ephemeral' });
  }, 20_000);

  it('closes its socket with a normal closure when the server closes', async () => {
    const opens = fake.of('apps.connections.open').length;
    await running!.close();
    running = undefined;
    // Bolt's stop() does not wait for the close handshake; the fake sees it shortly after.
    await socket.until(() => socket.closes.length === socket.connections.length, 'the client to close its socket', 5_000);
    expect(socket.closes.at(-1)).toBe(1000);
    expect(socket.live).toBeUndefined();
    // A reconnect would come 5 s later; the child-process test below would see its timer keep the process alive.
    expect(fake.of('apps.connections.open')).toHaveLength(opens);
  });
});

// The in-process tests cannot tell whether something (a ping timer, a socket, a reconnect timer) would keep
// a real process alive after shutdown: vitest ends its workers regardless. So a child process runs the same
// server, answers one command over the socket, closes the server on request — and must then exit by itself.
describe('Socket Mode shutdown in a process of its own', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const CHILD = `
    const { loadConfig } = await import(${JSON.stringify(`${root}src/config.ts`)});
    const { createLogger } = await import(${JSON.stringify(`${root}src/log.ts`)});
    const { configuredAdapters, startServer } = await import(${JSON.stringify(`${root}src/server.ts`)});
    const running = await startServer(loadConfig(JSON.parse(process.env.CHILD_ENV)), createLogger('silent'), await configuredAdapters());
    process.stdout.write('ready\\n');
    process.stdin.once('data', async () => {
      process.stdin.destroy();
      await running.close();
      process.stdout.write('closed\\n');
      // Only if something still holds the process open: say what (unref'd, so it never holds it itself).
      setTimeout(() => process.stderr.write('still alive: ' + JSON.stringify(process.getActiveResourcesInfo()) + '\\n'), 3000).unref();
    });
  `;

  it('exits on its own once the server is closed: no open handles left behind', async () => {
    const db = await freshDatabase('sqlite');
    const fake = await new FakeSlack().start();
    const socket = await new FakeSocketMode().start();
    fake.socketUrl = socket.url;
    // The child opens its own client on the database; ours is not needed.
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: root, env: { ...process.env, CHILD_ENV: JSON.stringify(socketEnv(db.rawUrl, fake)) }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const printed = (line: string, timeoutMs: number) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the child did not print "${line}" (stdout: ${stdout}; stderr: ${stderr})`)), timeoutMs);
      const check = () => { if (stdout.includes(`${line}\n`)) { clearTimeout(timer); child.stdout.off('data', check); resolve(); } };
      child.stdout.on('data', check);
      check();
    });
    try {
      await printed('ready', 20_000);
      const envelope = slashCommandEnvelope(socket.newEnvelopeId(), slashCommand(FAC, 'help', CHANNEL));
      expect((await socket.deliver(envelope)).payload).toMatchObject({ response_type: 'ephemeral' });

      child.stdin.write('stop\n');
      await printed('closed', 10_000);
      const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 8_000))]);
      expect(code, `the child should exit by itself after close(); stderr: ${stderr}`).toBe(0);
      expect(socket.closes).toEqual([1000]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await socket.stop();
      await fake.stop();
      await db.close();
    }
  }, 45_000);
});
