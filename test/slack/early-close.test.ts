// A workshop closed before its roadmap step (abandoned, or paused for later): its map is posted in the
// thread as the record, without roadmap documents, and no department head is messaged with an empty list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRenderPool } from '../../src/render/index.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { CHANNEL, Driver } from './helpers/driver.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { startReplica, type Replica, type User } from './helpers/harness.js';

const FAC: User = { id: 'U0FAC', name: 'fatou' };
const HEAD: User = { id: 'U0HEAD', name: 'sam' };

describe('closing a workshop early', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replica: Replica;
  let d: Driver;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    fake = await new FakeSlack().start();
    replica = await startReplica({ databaseUrl: db.rawUrl, fake });
    d = new Driver(fake, [replica], db.prisma);
  });
  afterAll(async () => {
    await replica?.server.close();
    await fake?.stop();
    await db?.close();
    await closeRenderPool();
  });

  it('posts the map without roadmap documents and messages no department head', async () => {
    await d.command(FAC, 'new en');
    await d.submit(FAC, d.lastModal(FAC), { title: 'Paused journey', language: 'en', mode: 'async', journey: 'current', basis: 'data', department_0: 'Sales', head_0: HEAD.id, voteBudget: 3 });
    const from = d.mark();
    await d.click(FAC, 'close');
    expect(await db.prisma.workshop.findFirstOrThrow()).toMatchObject({ status: 'closed', step: 'framing' });
    const uploads = fake.calls.slice(from).filter((c) => c.method === 'files.completeUploadExternal');
    expect(uploads).toHaveLength(1);
    expect((uploads[0]!.args.files as { title: string }[]).map((f) => f.title)).toEqual([expect.stringContaining('Paused journey')]);
    expect(uploads[0]!.args).toMatchObject({ channel_id: CHANNEL });
    const dms = fake.calls.slice(from).filter((c) => c.method === 'conversations.open' || (c.method === 'chat.postMessage' && String(c.args.channel).startsWith('D')));
    expect(dms).toEqual([]);
  });
});
