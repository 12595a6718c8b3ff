// Where each workshop lives in Slack (channel, anchor message, current step message), in the database so
// every replica updates the same messages. Every query filters on the workspace. The step and the
// deliverables are claimed with conditional updates: when two replicas react to the same change, one
// posts and the other sees the claim.
import type { Db } from './client.js';
import { retryingClient } from './retry.js';

/** A message ts, or null while it is missing or being posted by someone. */
export function postedTs(ts: string | null): string | null {
  return ts && !ts.startsWith(PENDING) ? ts : null;
}

export interface SlackConversationRow {
  workshopId: string;
  workspaceId: string;
  channelId: string;
  anchorTs: string | null;
  step: string | null;
  stepTs: string | null;
  delivered: string[];
}

/** A claim on the step message that is being posted; a stale one (a replica died mid-post) is taken over. */
const PENDING = 'pending:';
const PENDING_MS = 60_000;

function row(r: { workshopId: string; workspaceId: string; channelId: string; anchorTs: string | null; step: string | null; stepTs: string | null; delivered: string }): SlackConversationRow {
  return { ...r, delivered: r.delivered ? r.delivered.split(',') : [] };
}

export class SlackConversations {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = retryingClient(db);
  }

  async create(workspaceId: string, workshopId: string, channelId: string): Promise<void> {
    try {
      await this.db.slackConversation.upsert({
        where: { workshopId },
        create: { workspaceId, workshopId, channelId },
        update: {},
      });
    } catch (error) {
      // A framing submission delivered twice at once (Slack's retry overtaking the first) reaches here twice
      // with the same workshop: Prisma's upsert reads then inserts, so the second insert can meet the first
      // one's row. That row is the one we wanted.
      if ((error as { code?: unknown }).code !== 'P2002') throw error;
    }
  }

  async get(workspaceId: string, workshopId: string): Promise<SlackConversationRow | null> {
    const r = await this.db.slackConversation.findFirst({ where: { workspaceId, workshopId } });
    return r ? row(r) : null;
  }

  /** The channel's most recent workshop (the one `/parcours status` and `map` speak of). */
  async latestInChannel(workspaceId: string, channelId: string): Promise<SlackConversationRow | null> {
    const r = await this.db.slackConversation.findFirst({ where: { workspaceId, channelId }, orderBy: { createdAt: 'desc' } });
    return r ? row(r) : null;
  }

  async channelsOf(workspaceId: string, workshopIds: string[]): Promise<Map<string, string>> {
    const rows = await this.db.slackConversation.findMany({ where: { workspaceId, workshopId: { in: workshopIds } }, select: { workshopId: true, channelId: true } });
    return new Map(rows.map((r) => [r.workshopId, r.channelId]));
  }

  /** Claims posting the anchor message when it is missing (or a claim on it went stale). */
  async claimAnchor(workspaceId: string, workshopId: string, current: string | null, now = Date.now()): Promise<boolean> {
    if (current !== null && !(current.startsWith(PENDING) && now - Number(current.slice(PENDING.length)) > PENDING_MS)) return false;
    const r = await this.db.slackConversation.updateMany({ where: { workspaceId, workshopId, anchorTs: current }, data: { anchorTs: `${PENDING}${now}` } });
    return r.count === 1;
  }

  async setAnchor(workspaceId: string, workshopId: string, ts: string | null): Promise<void> {
    await this.db.slackConversation.updateMany({ where: { workspaceId, workshopId }, data: { anchorTs: ts } });
  }

  /** Claims posting the message of `step`; false when another replica already did or is doing it. */
  async claimStep(workspaceId: string, workshopId: string, from: { step: string | null; stepTs: string | null }, step: string, now = Date.now()): Promise<boolean> {
    const pending = `${PENDING}${now}`;
    if (from.step !== step) {
      const r = await this.db.slackConversation.updateMany({ where: { workspaceId, workshopId, step: from.step, stepTs: from.stepTs }, data: { step, stepTs: pending } });
      return r.count === 1;
    }
    if (from.stepTs !== null && !(from.stepTs.startsWith(PENDING) && now - Number(from.stepTs.slice(PENDING.length)) > PENDING_MS)) return false;
    const r = await this.db.slackConversation.updateMany({ where: { workspaceId, workshopId, step, stepTs: from.stepTs }, data: { stepTs: pending } });
    return r.count === 1;
  }

  async setStepTs(workspaceId: string, workshopId: string, step: string, ts: string | null): Promise<void> {
    await this.db.slackConversation.updateMany({ where: { workspaceId, workshopId, step }, data: { stepTs: ts } });
  }

  /** Claims sending one deliverable ("map@3", "head:<dept>@3"…) once; false when it was already claimed. */
  async claimDelivery(workspaceId: string, workshopId: string, key: string): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.db.slackConversation.findFirst({ where: { workspaceId, workshopId }, select: { delivered: true } });
      if (!current) return false;
      const done = current.delivered ? current.delivered.split(',') : [];
      if (done.includes(key)) return false;
      const r = await this.db.slackConversation.updateMany({
        where: { workspaceId, workshopId, delivered: current.delivered }, data: { delivered: [...done, key].join(',') },
      });
      if (r.count === 1) return true;
    }
    return false;
  }

  /** Gives a claim back when sending failed, so the next attempt may send it. */
  async releaseDelivery(workspaceId: string, workshopId: string, key: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.db.slackConversation.findFirst({ where: { workspaceId, workshopId }, select: { delivered: true } });
      if (!current) return;
      const next = (current.delivered ? current.delivered.split(',') : []).filter((k) => k !== key).join(',');
      const r = await this.db.slackConversation.updateMany({ where: { workspaceId, workshopId, delivered: current.delivered }, data: { delivered: next } });
      if (r.count === 1) return;
    }
  }
}
