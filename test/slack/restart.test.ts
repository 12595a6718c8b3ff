// Deliveries survive the process: a command's deliveries are recorded with it, in its transaction, so a
// process killed right after the command committed — before it delivered anything — loses none of them.
// The process started again (here another replica, as after a deploy) delivers each of them once.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.mjs';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';
import { roadmapWorkshop } from './helpers/workshops.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { BOT_TOKEN, blockAction, buttons, findButton, FORM, post, settle, sign, SIGNING_SECRET, startReplica, type Replica, type User } from './helpers/harness.js';
import { FAC } from './helpers/users.js';

const HEADS: User[] = [{ id: 'U0HEADA', name: 'ines' }, { id: 'U0HEADB', name: 'omar' }, { id: 'U0HEADC', name: 'lea' }];
const png = async () => [{ name: 'map', png: Buffer.from('\x89PNG fake', 'latin1') }];
const root = fileURLToPath(new URL('../../', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe.each(providers)('a process killed between a command and its deliveries, on %s', (provider) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica | undefined;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeSlack().start();
  });
  afterAll(async () => {
    await replica?.server.close();
    await fake?.stop();
    await db?.close();
  });

  it('delivers the final map and every head’s roadmap once, after it starts again', async () => {
    // Set up with a replica of our own: a workshop at its roadmap step, its messages posted.
    const setup = await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png });
    const workshopId = await roadmapWorkshop(setup.server, HEADS, 'Killed mid-way');
    const d = new Driver(fake, [setup], db.prisma);
    await d.command(FAC, 'status');
    const step = await d.stepMessage();
    // The facilitator's controls were told to them privately when the messages were posted.
    const controls = d.privateMessages(FAC).find((m) => m.user === FAC.id && buttons(m.blocks).some((b) => b.action_id.startsWith('close.')));
    expect(controls, 'the facilitator’s controls').toBeDefined();
    await setup.server.close();

    // `npm start` (its build, then the compiled server) in a process of its own, which will die right after the command: it answers requests but
    // does not get to deliver (its worker is off, standing for "killed before the worker picked the jobs").
    const port = await freePort();
    await build(root);
    const child = spawn(process.execPath, ['dist/server.js'], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.rawUrl, LOG_LEVEL: 'silent', PARCOURS_WORKER: 'off',
        SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fake.url}/api/`,
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    try {
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i += 1) {
        const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
        if (up) break;
        if (i > 200) throw new Error(`the server did not start: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const from = fake.calls.length;
      const body = blockAction(FAC, findButton(controls!.blocks, 'close'), { channel: CHANNEL, messageTs: step.ts, threadTs: step.thread });
      expect((await post(url, body, FORM, sign(body))).status).toBe(200);
      // The command is applied and its deliveries recorded; nothing was delivered yet.
      for (let i = 0; (await db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } })).status !== 'closed'; i += 1) {
        if (i > 100) throw new Error('the close was not applied');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(fake.calls.slice(from).filter((c) => c.method === 'files.completeUploadExternal' || String(c.args.channel ?? '').startsWith('D'))).toEqual([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }

    // Started again: the deliveries are carried out, each once.
    const from = fake.calls.length;
    replica = await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png });
    await settle(replica);
    const dms = fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && String(c.args.channel).startsWith('D'));
    expect(dms.map((c) => c.args.channel).sort()).toEqual(HEADS.map((h) => `D${h.id.slice(1)}`).sort());
    expect(fake.calls.slice(from).filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(1);
    // And again: nothing more.
    await replica.server.close();
    const again = fake.calls.length;
    replica = await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png });
    await settle(replica);
    expect(fake.calls.slice(again).filter((c) => c.method === 'files.completeUploadExternal' || (c.method === 'chat.postMessage' && String(c.args.channel).startsWith('D')))).toEqual([]);
  }, 60_000);
});
