// Who the Teams bot can reach (src/teams/references.ts, TeamsReferenceStore — matched by shape: src/db knows no
// platform), on the Prisma client for both databases. Every query filters on the workspace. `learn` runs on
// every activity, on the request path: it writes only when something changed, so SQLite's single write lock is
// not taken for nothing, and it remembers what it last read or wrote of each person (`Seen`), so a burst of
// clicks from people already seen reads nothing either.
import type { Db } from './client.js';
import { retryingClient } from './retry.js';

export interface TeamsReferenceRecord {
  workspaceId: string;
  userId: string;
  teamsUserId: string;
  name: string;
  serviceUrl: string;
  personalConversationId: string | null;
}

const FIELDS = { workspaceId: true, userId: true, teamsUserId: true, name: true, serviceUrl: true, personalConversationId: true } as const;

type Stored = Omit<TeamsReferenceRecord, 'workspaceId' | 'userId'>;

/** What an activity's reference makes of the stored one: an unknown name or personal chat keeps what is stored. */
function merged(r: TeamsReferenceRecord, stored: Stored | null): Stored {
  return {
    teamsUserId: r.teamsUserId, serviceUrl: r.serviceUrl,
    name: r.name || stored?.name || '',
    personalConversationId: r.personalConversationId ?? stored?.personalConversationId ?? null,
  };
}

const same = (a: Stored, b: Stored): boolean => a.teamsUserId === b.teamsUserId && a.serviceUrl === b.serviceUrl && a.name === b.name
  && a.personalConversationId === b.personalConversationId;

/**
 * What this process last read or wrote of each person's reference, for a while, so that `learn` need not read
 * what it already knows. Only `learn` uses it, and only to skip a write it believes unneeded; nothing is ever
 * read from it (`get`, which a message to a person starts from, asks the database every time). Another replica's
 * change it has not seen therefore costs at most a write skipped: another replica's newer personal chat or name
 * stays stored (this replica's activity brings nothing newer), and a reference another replica forgot (the app
 * removed from that person's personal scope) is learnt again by this replica's next activity of theirs once the
 * entry is older than `ttlMs`, instead of at once. A write here, or `forget`, updates it.
 */
class Seen {
  private readonly entries = new Map<string, { stored: Stored; at: number }>();

  constructor(private readonly ttlMs: number, private readonly max: number, private readonly now: () => number) {}

  get(key: string): Stored | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return null;
    }
    return entry.stored;
  }

  set(key: string, stored: Stored): void {
    this.entries.delete(key);
    // Oldest first (a Map keeps insertion order): past `max` people, the one seen longest ago goes.
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { stored, at: this.now() });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

export interface TeamsReferencesOptions {
  /** How long what was read or written of a person is trusted by `learn` (default 5 minutes; 0: never). */
  seenTtlMs?: number;
  /** How many people are remembered at most (default 10,000). */
  seenMax?: number;
  now?: () => number;
}

export class TeamsReferences {
  private readonly db: Db;
  private readonly seen: Seen;

  constructor(db: Db, options: TeamsReferencesOptions = {}) {
    this.db = retryingClient(db);
    this.seen = new Seen(options.seenTtlMs ?? 5 * 60_000, options.seenMax ?? 10_000, options.now ?? Date.now);
  }

  async workspaceOf(tenant: string): Promise<string | null> {
    const found = await this.db.workspace.findUnique({ where: { platform_externalId: { platform: 'teams', externalId: tenant } }, select: { id: true } });
    return found?.id ?? null;
  }

  async learn(r: TeamsReferenceRecord): Promise<void> {
    const key = { workspaceId: r.workspaceId, userId: r.userId };
    const seenKey = JSON.stringify([r.workspaceId, r.userId]);
    const known = this.seen.get(seenKey);
    if (known && same(known, merged(r, known))) return;
    const row = await this.db.teamsReference.findUnique({ where: { workspaceId_userId: key }, select: FIELDS });
    const stored: Stored | null = row && { teamsUserId: row.teamsUserId, name: row.name, serviceUrl: row.serviceUrl, personalConversationId: row.personalConversationId };
    // An unknown name or personal chat (a channel's activity, a chat we opened ourselves) keeps what is stored.
    const next = merged(r, stored);
    if (stored && same(stored, next)) {
      this.seen.set(seenKey, stored);
      return;
    }
    // One statement either way: two first activities of one person at once both land, the last one winning.
    await this.db.teamsReference.upsert({ where: { workspaceId_userId: key }, create: { ...key, ...next }, update: next });
    this.seen.set(seenKey, next);
  }

  async get(workspaceId: string, userId: string): Promise<TeamsReferenceRecord | null> {
    return this.db.teamsReference.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: FIELDS });
  }

  async serviceUrlOf(workspaceId: string): Promise<string | null> {
    const r = await this.db.teamsReference.findFirst({ where: { workspaceId }, orderBy: { updatedAt: 'desc' }, select: { serviceUrl: true } });
    return r?.serviceUrl ?? null;
  }

  async namesOf(workspaceId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db.teamsReference.findMany({ where: { workspaceId, userId: { in: [...userIds] }, name: { not: '' } }, select: { userId: true, name: true } });
    return new Map(rows.map((r) => [r.userId, r.name]));
  }

  async teamsIdsOf(workspaceId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db.teamsReference.findMany({ where: { workspaceId, userId: { in: [...userIds] } }, select: { userId: true, teamsUserId: true } });
    return new Map(rows.map((r) => [r.userId, r.teamsUserId]));
  }

  async forget(workspaceId: string, userId: string): Promise<void> {
    const seenKey = JSON.stringify([workspaceId, userId]);
    this.seen.delete(seenKey);
    await this.db.teamsReference.deleteMany({ where: { workspaceId, userId } });
    // Again: a `learn` that read the row before it went may have remembered it meanwhile.
    this.seen.delete(seenKey);
  }
}
