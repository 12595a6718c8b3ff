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

  it('reads nothing for a person seen unchanged, writes what changed, and is never what `get` answers from', async () => {
    let now = 1_000_000;
    // Two replicas on one database, each remembering what it saw.
    const here = new TeamsReferences(db.prisma, { seenTtlMs: 60_000, now: () => now });
    const there = new TeamsReferences(db.prisma);
    await here.learn(ref(a, 'u4', { name: 'Quatre', personalConversationId: 'a:chat-4' }));
    const row = () => db.prisma.teamsReference.findFirst({ where: { workspaceId: a, userId: 'u4' } });
    expect((await row())?.personalConversationId).toBe('a:chat-4');
    // The other replica forgets them (the app removed from their personal scope): this one still believes the
    // row is there, so the same activity here writes nothing — for at most seenTtlMs.
    await there.forget(a, 'u4');
    await here.learn(ref(a, 'u4', { name: 'Quatre' }));
    expect(await row()).toBeNull();
    // What is sent starts from `get`, which reads the database: no reference, nothing sent from a stale one.
    expect(await here.get(a, 'u4')).toBeNull();
    // Anything new is written at once, however recently the person was seen.
    await here.learn(ref(a, 'u4', { name: 'Quatre', serviceUrl: 'https://smba.example/amer/' }));
    expect(await row()).toMatchObject({ name: 'Quatre', serviceUrl: 'https://smba.example/amer/', personalConversationId: null });
    // Another replica's newer personal chat is what `get` gives, and this replica's older news does not undo it.
    await there.learn(ref(a, 'u4', { name: 'Quatre', serviceUrl: 'https://smba.example/amer/', personalConversationId: 'a:chat-4b' }));
    expect((await here.get(a, 'u4'))?.personalConversationId).toBe('a:chat-4b');
    await here.learn(ref(a, 'u4', { name: 'Quatre', serviceUrl: 'https://smba.example/amer/' }));
    expect((await row())?.personalConversationId).toBe('a:chat-4b');
    // Past seenTtlMs the database is read again: a forgotten person is learnt again by their next activity.
    await there.forget(a, 'u4');
    await here.learn(ref(a, 'u4', { name: 'Quatre', serviceUrl: 'https://smba.example/amer/' }));
    expect(await row()).toBeNull();
    now += 60_001;
    await here.learn(ref(a, 'u4', { name: 'Quatre', serviceUrl: 'https://smba.example/amer/' }));
    expect(await row()).toMatchObject({ name: 'Quatre', serviceUrl: 'https://smba.example/amer/' });
    // Its own `forget` is seen at once.
    await here.forget(a, 'u4');
    await here.learn(ref(a, 'u4', { name: 'Quatre', serviceUrl: 'https://smba.example/amer/' }));
    expect(await row()).not.toBeNull();
  });

  it('goes with its workspace', async () => {
    await db.prisma.workspace.delete({ where: { id: a } });
    expect(await db.prisma.teamsReference.count({ where: { workspaceId: a } })).toBe(0);
  });
});
