// Who the Teams bot can reach, kept in the database from every activity: a job after a restart still reaches
// the connector (nothing learnt in memory is needed), and the app's removal from a team marks the tenant for
// deletion after the grace period (a later activity clears it), while a removal from one person's personal
// scope only forgets that person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { FakeConnector } from './helpers/fake-connector.js';
import { activity, evaluationWorkshop, message, send, startTeams, teamsSuite, TENANT_A, TENANT_B, type Person } from './helpers/turns.js';

const FAC: Person = { id: 'aad-ref-fac', name: 'Fatou Facilitatrice' };
const PAUL: Person = { id: 'aad-ref-paul', name: 'Paul Participant' };

describe('Teams references survive a restart', () => {
  let db: TestDatabase;
  let fake: FakeConnector;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    fake = await new FakeConnector().start();
  });

  afterAll(async () => {
    await fake?.stop();
    await db?.close();
  });

  it('stores who wrote, once, and a job after a restart reaches the connector from the stored reference', async () => {
    const channel = '19:restart@thread.tacv2';
    let server: RunningServer = await startTeams(db.rawUrl);
    try {
      await send(server, message(fake, FAC, channel, 'help'));
      await send(server, activity(fake, FAC, 'a:fac-chat', { type: 'message', text: 'help', conversation: { id: 'a:fac-chat', conversationType: 'personal', tenantId: TENANT_A } }));
      const stored = await db.prisma.teamsReference.findMany();
      expect(stored.map((r) => ({ userId: r.userId, teamsUserId: r.teamsUserId, name: r.name, serviceUrl: r.serviceUrl, personalConversationId: r.personalConversationId }))).toEqual([
        { userId: FAC.id, teamsUserId: `29:${FAC.id}`, name: FAC.name, serviceUrl: fake.url, personalConversationId: 'a:fac-chat' },
      ]);
      // Seen again in the channel: nothing changed, nothing written (the personal chat is kept).
      await send(server, message(fake, FAC, channel, 'help'));
      const again = await db.prisma.teamsReference.findFirstOrThrow();
      expect([again.updatedAt.getTime(), again.personalConversationId]).toEqual([stored[0]!.updatedAt.getTime(), 'a:fac-chat']);
    } finally {
      await server.close();
    }

    // A new process on the same database: no activity yet, so nothing in memory.
    server = await startTeams(db.rawUrl);
    try {
      const { workspaceId, workshopId } = await evaluationWorkshop(server, TENANT_A, channel, FAC, [], 'en', 'After a restart');
      const since = fake.recorded.length;
      const origin = { platform: 'teams', workspace: TENANT_A, userId: FAC.id, conversationId: channel, threadId: null };
      const moved = await server.engine.execute({ workspaceId, userId: FAC.id, displayName: FAC.name }, { type: 'advanceStep', workshopId }, { origin });
      expect(moved.ok).toBe(true);
      await server.layer.idle();
      // The refresh that follows posted the workshop's anchor in its channel, at the stored address.
      expect(fake.recorded.slice(since).some((r) => r.method === 'POST' && r.conversation === channel && r.status === 201)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('Teams: the app removed, or installed', () => {
  const suite = teamsSuite();

  /** The purge jobs waiting in the embedded queue (SQLite: a table of the database file). */
  const purges = () => {
    if (suite.db.raw.provider !== 'sqlite') throw new Error('this suite runs on SQLite');
    return (suite.db.raw.connection().prepare('SELECT "data" FROM "EmbeddedJob" WHERE "queue" = \'purge\'').all() as { data: string }[])
      .map((r) => JSON.parse(r.data) as { workspaceId: string });
  };
  const workspace = () => suite.db.prisma.workspace.findFirstOrThrow({ where: { platform: 'teams', externalId: TENANT_B } });

  it('removed from a team: the tenant is marked and its purge scheduled; a later message clears the mark', async () => {
    const channel = '19:removed@thread.tacv2';
    await send(suite.server, message(suite.fake, FAC, channel, 'help', TENANT_B));
    const removal = activity(suite.fake, FAC, channel, { type: 'installationUpdate', action: 'remove' }, TENANT_B);
    expect((await send(suite.server, removal)).status).toBe(200);
    const marked = await workspace();
    expect(marked.uninstalledAt).not.toBeNull();
    expect(purges().map((p) => p.workspaceId)).toContain(marked.id);

    await send(suite.server, message(suite.fake, FAC, channel, 'help', TENANT_B));
    expect((await workspace()).uninstalledAt).toBeNull();
  });

  it('an upgrade (remove-upgrade) is no removal; an install (add) clears a mark', async () => {
    const channel = '19:upgraded@thread.tacv2';
    await send(suite.server, activity(suite.fake, FAC, channel, { type: 'installationUpdate', action: 'remove-upgrade' }, TENANT_B));
    expect((await workspace()).uninstalledAt).toBeNull();
    await send(suite.server, activity(suite.fake, FAC, channel, { type: 'installationUpdate', action: 'remove' }, TENANT_B));
    expect((await workspace()).uninstalledAt).not.toBeNull();
    await send(suite.server, activity(suite.fake, PAUL, channel, { type: 'installationUpdate', action: 'add' }, TENANT_B));
    expect((await workspace()).uninstalledAt).toBeNull();
    // The install is an activity like any other: who installed it can be written to.
    expect(await suite.db.prisma.teamsReference.count({ where: { userId: PAUL.id } })).toBe(1);
  });

  it('removed from one person\'s personal scope: only that person is forgotten, the tenant stays', async () => {
    const chat = { id: 'a:paul-chat', conversationType: 'personal', tenantId: TENANT_B };
    await send(suite.server, activity(suite.fake, PAUL, chat.id, { type: 'message', text: 'help', conversation: chat }, TENANT_B));
    expect((await suite.db.prisma.teamsReference.findFirstOrThrow({ where: { userId: PAUL.id } })).personalConversationId).toBe(chat.id);
    await send(suite.server, activity(suite.fake, PAUL, chat.id, { type: 'installationUpdate', action: 'remove', conversation: chat }, TENANT_B));
    expect(await suite.db.prisma.teamsReference.count({ where: { userId: PAUL.id } })).toBe(0);
    expect(await suite.db.prisma.teamsReference.count({ where: { userId: FAC.id } })).toBe(1);
    expect((await workspace()).uninstalledAt).toBeNull();
  });
});
