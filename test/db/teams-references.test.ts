// The Teams references store (src/db/teams-references.ts) on both databases: what it keeps of each person, that a
// workspace never sees another's, and that learning what is already known writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsReferences } from '../../src/db/teams-references.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';

describe.each(providers)('TeamsReferences on %s', (provider) => {
  let db: TestDatabase;
  let refs: TeamsReferences;
  let a = '';
  let b = '';

  beforeAll(async () => {
    db = await freshDatabase(provider);
    refs = new TeamsReferences(db.prisma);
    a = (await db.prisma.workspace.create({ data: { platform: 'teams', externalId: 'tenant-a' } })).id;
    b = (await db.prisma.workspace.create({ data: { platform: 'teams', externalId: 'tenant-b' } })).id;
    await db.prisma.workspace.create({ data: { platform: 'slack', externalId: 'tenant-c' } });
  });

  afterAll(async () => {
    await db?.close();
  });

  const ref = (workspaceId: string, userId: string, fields: Partial<Parameters<TeamsReferences['learn']>[0]> = {}) => ({
    workspaceId, userId, teamsUserId: `29:${userId}`, name: '', serviceUrl: 'https://smba.example/emea/', personalConversationId: null, ...fields,
  });

  it('finds a tenant\'s workspace without creating one', async () => {
    expect(await refs.workspaceOf('tenant-a')).toBe(a);
    expect(await refs.workspaceOf('tenant-c')).toBeNull();
    expect(await refs.workspaceOf('tenant-unknown')).toBeNull();
    expect(await db.prisma.workspace.count()).toBe(3);
  });

  it('keeps a stored name and personal chat when an activity does not say them, and writes nothing when nothing changed', async () => {
    await refs.learn(ref(a, 'u1', { name: 'Una', personalConversationId: 'a:chat-1' }));
    const first = await db.prisma.teamsReference.findFirstOrThrow({ where: { workspaceId: a, userId: 'u1' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await refs.learn(ref(a, 'u1'));
    const same = await db.prisma.teamsReference.findFirstOrThrow({ where: { workspaceId: a, userId: 'u1' } });
    expect(same.updatedAt.getTime()).toBe(first.updatedAt.getTime());
    expect(await refs.get(a, 'u1')).toEqual(ref(a, 'u1', { name: 'Una', personalConversationId: 'a:chat-1' }));
    // A new address is written.
    await refs.learn(ref(a, 'u1', { serviceUrl: 'https://smba.example/amer/' }));
    expect((await refs.get(a, 'u1'))?.serviceUrl).toBe('https://smba.example/amer/');
  });

  it('never answers for another workspace', async () => {
    await refs.learn(ref(b, 'u1', { name: 'Other Una', serviceUrl: 'https://smba.example/apac/' }));
    expect((await refs.get(a, 'u1'))?.name).toBe('Una');
    expect((await refs.get(b, 'u1'))?.name).toBe('Other Una');
    expect(await refs.namesOf(a, ['u1', 'nobody'])).toEqual(new Map([['u1', 'Una']]));
    expect(await refs.serviceUrlOf(b)).toBe('https://smba.example/apac/');
    await refs.forget(b, 'u1');
    expect(await refs.get(b, 'u1')).toBeNull();
    expect(await refs.get(a, 'u1')).not.toBeNull();
    expect(await refs.serviceUrlOf(b)).toBeNull();
  });

  it('gives the address of the most recent change', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await refs.learn(ref(a, 'u2', { serviceUrl: 'https://smba.example/emea-2/' }));
    expect(await refs.serviceUrlOf(a)).toBe('https://smba.example/emea-2/');
  });

  it('lets two first activities of one person land together', async () => {
    await Promise.all([refs.learn(ref(a, 'u3', { name: 'Trois' })), refs.learn(ref(a, 'u3', { name: 'Trois' }))]);
    expect(await db.prisma.teamsReference.count({ where: { workspaceId: a, userId: 'u3' } })).toBe(1);
  });

  it('goes with its workspace', async () => {
    await db.prisma.workspace.delete({ where: { id: a } });
    expect(await db.prisma.teamsReference.count({ where: { workspaceId: a } })).toBe(0);
  });
});
