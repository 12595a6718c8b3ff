// What must reach people is never lost and never doubled: closing a workshop with 20 departments, through
// two replicas that both receive every request (Slack's retries), messages each of the 20 heads exactly
// once, on both databases; a head who cannot be reached is reported to the facilitator by name while the
// others still get theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providers, freshDatabase, type TestDatabase } from '../helpers/database.js';
import { Driver } from './helpers/driver.js';
import { FakeSlack } from './helpers/fake-slack.js';
import { startReplica, type Replica } from './helpers/harness.js';
import { FAC } from './helpers/users.js';
import { roadmapWorkshop } from './helpers/workshops.js';

const HEADS = Array.from({ length: 20 }, (_, i) => ({ id: `U0HEAD${String(i).padStart(2, '0')}`, name: `head${i}` }));
const png = async () => [{ name: 'map', png: Buffer.from('\x89PNG fake', 'latin1') }];

describe.each(providers)('deliveries through two replicas on %s', (provider) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let replicas: Replica[];
  let d: Driver;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    fake = await new FakeSlack().start();
    replicas = [await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png }), await startReplica({ databaseUrl: db.rawUrl, fake, renderMap: png })];
    d = new Driver(fake, replicas, db.prisma);
    d.duplicate = true;
  });
  afterAll(async () => {
    for (const r of replicas ?? []) await r.server.close();
    await fake?.stop();
    await db?.close();
  });

  it('closes a workshop with 20 departments and messages each of the 20 heads exactly once', async () => {
    const unreachable = HEADS[7]!;
    fake.unreachableUsers.add(unreachable.id);
    const workshopId = await roadmapWorkshop(replicas[0]!.server, HEADS);
    // The bot was not in the channel while the workshop was set up: `status` posts its messages.
    await d.command(FAC, 'status');
    const from = d.mark();
    await d.click(FAC, 'close');
    expect((await db.prisma.workshop.findUniqueOrThrow({ where: { id: workshopId } })).status).toBe('closed');

    const dms = fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && String(c.args.channel).startsWith('D') && JSON.stringify(c.args.blocks).includes('Roadmap for'));
    const perHead = new Map<string, number>();
    for (const dm of dms) perHead.set(String(dm.args.channel), (perHead.get(String(dm.args.channel)) ?? 0) + 1);
    const reachable = HEADS.filter((h) => h !== unreachable);
    expect([...perHead.keys()].sort()).toEqual(reachable.map((h) => `D${h.id.slice(1)}`).sort());
    expect([...perHead.values()].every((n) => n === 1), JSON.stringify([...perHead])).toBe(true);
    // One final map and one set of documents, however many replicas and retries.
    expect(fake.calls.slice(from).filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(1);

    // The head who could not be reached is reported to the facilitator, by department and name, once
    // (besides the closing summary of who gets what, which names every head).
    const told = d.toldTo(FAC, from).filter((t) => t.includes(unreachable.id) && t.includes('could not be reached'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Department 8');

    // Each delivery is one row: 19 heads delivered, one failed for good, the map delivered.
    const rows = await db.prisma.delivery.findMany({ where: { workshopId } });
    const heads = rows.filter((r) => r.key.includes(':head:'));
    expect(heads).toHaveLength(20);
    expect(heads.filter((r) => r.status === 'delivered')).toHaveLength(19);
    expect(heads.filter((r) => r.status === 'failed').map((r) => r.error)).toEqual(['user_not_found']);
    expect(rows.filter((r) => r.key.endsWith(':map')).map((r) => r.status)).toEqual(['delivered']);
  });
});
