// The token budget's ledger (src/db/ai-tokens.ts) on both databases: spending is one atomic increment, so
// suggestions asked at once never lose each other's tokens; it is scoped to the workspace; and it leaves the
// workshop's `updatedAt` alone (a suggestion asked for changes nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AiTokens } from '../../src/db/ai-tokens.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';

describe.each(providers)('AI token ledger on %s', (provider) => {
  let db: TestDatabase;
  let ledger: AiTokens;
  let ws = '';
  let otherWs = '';
  let wk = '';

  beforeAll(async () => {
    db = await freshDatabase(provider);
    ledger = new AiTokens(db.prisma);
    ws = (await db.prisma.workspace.create({ data: { platform: 'slack', externalId: 'T-a' } })).id;
    otherWs = (await db.prisma.workspace.create({ data: { platform: 'slack', externalId: 'T-b' } })).id;
    wk = (await db.prisma.workshop.create({ data: { workspaceId: ws, title: 'W', language: 'en', mode: 'async', journey: 'current', basis: 'data' } })).id;
  });
  afterAll(async () => { await db?.close(); });

  it('adds concurrent spending without losing any, and leaves updatedAt alone', async () => {
    const before = await db.prisma.workshop.findUniqueOrThrow({ where: { id: wk } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all(Array.from({ length: 20 }, (_, i) => ledger.spend(ws, wk, i + 1)));
    expect(await ledger.used(ws, wk)).toBe(210);
    const after = await db.prisma.workshop.findUniqueOrThrow({ where: { id: wk } });
    expect(after.aiTokensUsed).toBe(210);
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
  });

  it('never reads or spends across workspaces', async () => {
    await ledger.spend(otherWs, wk, 1_000);
    expect(await ledger.used(ws, wk)).toBe(210);
    expect(await ledger.used(otherWs, wk)).toBe(0);
    expect(await ledger.used(ws, 'no-such-workshop')).toBe(0);
  });

  it('ignores nonsense amounts and clamps absurd ones', async () => {
    await ledger.spend(ws, wk, Number.NaN);
    await ledger.spend(ws, wk, -50);
    expect(await ledger.used(ws, wk)).toBe(210);
    await ledger.spend(ws, wk, 5e12);
    expect(await ledger.used(ws, wk)).toBe(100_000_210);
  });
});
