// The work that follows a command and must not be lost: refreshing a workshop's messages, posting the map,
// messaging each department head. The engine records these jobs in the command's own transaction
// (`planJobs`); a worker on any replica carries them out (`jobHandlers`), retrying with backoff. What a
// platform refuses for good (the bot is not in the channel, a head cannot be messaged) is told to the
// person concerned instead of being retried.
import { z } from 'zod';
import type { Actor, Effect } from '../core/context.js';
import { isDomainError } from '../core/errors.js';
import type { JobOrigin } from '../core/engine.js';
import type { JobRequest } from '../core/store.js';
import { STEPS, type Step } from '../core/vocabulary.js';
import { headMessages, headsSummary } from '../present/summary.js';
import { words } from '../present/text.js';
import type { ConversationDeps, Platforms } from './deps.js';
import { closingRound, deliverOnce, headLinks, postMap, workshopThread } from './deliverables.js';
import { forget, ForgetData } from './deletion.js';
import { LostRace, syncMessages } from './messages.js';
import { purge, PurgeData } from './uninstall.js';
import { tellVotesBack } from './votes-back.js';
import { AssistData, suggest } from './assist-jobs.js';
import { ContributeData, offerContribution } from './contribute-jobs.js';
import { keepPlan, onTimedEvent, sendNudge } from './timed-jobs.js';
import type { ChatPlatform, Messenger, Recipient } from './platform.js';
import type { Job, JobHandler, QueueSpec } from './storage.js';

export const QUEUES = {
  /** A workshop's messages: one run at a time per workshop, bursts of changes coalesced into one. */
  refresh: { retryLimit: 5, retryDelaySeconds: 2, expireSeconds: 120 },
  /** The draft or final map, the documents, then one `head` job per department head. */
  deliver: { retryLimit: 8, retryDelaySeconds: 5, expireSeconds: 300 },
  head: { retryLimit: 8, retryDelaySeconds: 5, expireSeconds: 120 },
  /** A map asked for (`map`, the map button). */
  map: { retryLimit: 2, retryDelaySeconds: 5, expireSeconds: 300 },
  /** Each voter of a removed observation or solution, told privately that their votes are theirs again. */
  votesBack: { retryLimit: 3, retryDelaySeconds: 5, expireSeconds: 60 },
  /** A deleted workshop's messages and files, removed from its conversation. */
  forget: { retryLimit: 5, retryDelaySeconds: 10, expireSeconds: 300 },
  /** A workspace that removed the app, deleted once its grace period is over (unless it came back). */
  purge: { retryLimit: 5, retryDelaySeconds: 60, expireSeconds: 600 },
  /** A workshop's timed events brought in line with what it plans now (coalesced per workshop). */
  schedule: { retryLimit: 5, retryDelaySeconds: 2, expireSeconds: 60 },
  /** A timed event that fell due (reminders, a deadline), handed over by the scheduler. */
  timed: { retryLimit: 5, retryDelaySeconds: 5, expireSeconds: 300, concurrency: 8 },
  /** The facilitator's nudge: the same reminders, at once. */
  nudge: { retryLimit: 5, retryDelaySeconds: 5, expireSeconds: 300, concurrency: 8 },
  /**
   * An AI suggestion for one person (assist-jobs.ts): a model's call is bounded at 15 s, so few run at once and
   * a failure is tried once more — the assistant answers from its fallback rather than fail.
   */
  assist: { retryLimit: 1, retryDelaySeconds: 5, expireSeconds: 120, concurrency: 2 },
  /**
   * A message written in a workshop's thread, classified and offered to its author (contribute.ts). Retried a
   * little more than `assist`: a copy of a re-delivered message waits out the first copy's claim.
   */
  contribute: { retryLimit: 3, retryDelaySeconds: 5, expireSeconds: 120, concurrency: 2 },
} as const satisfies Record<string, QueueSpec>;

export type QueueName = keyof typeof QUEUES;

const id = z.string().min(1).max(200);
const RecipientSchema = z.object({ userId: id, conversationId: id.nullable(), threadId: id.nullable() });
const Base = z.object({
  workspaceId: id, workshopId: id, platform: z.enum(['slack', 'teams']), workspace: id,
  /** Who to tell when it cannot be done (the person whose command it follows). */
  tell: RecipientSchema.nullable(),
});
const JOB_DATA = {
  refresh: Base.extend({ link: id.nullable() }),
  deliver: Base.extend({ what: z.enum(['draft', 'final']) }),
  head: Base.extend({ departmentId: id, round: id }),
  map: Base.extend({ conversationId: id, threadId: id.nullable(), key: id }),
  votesBack: Base.extend({ userId: id, step: z.enum(['evaluation', 'solutions']) }),
  forget: ForgetData,
  purge: PurgeData,
  schedule: Base,
  timed: Base.extend({ key: z.string().min(1).max(500), dueAt: z.string(), event: z.record(z.string(), z.unknown()) }),
  nudge: Base.extend({ step: z.enum(STEPS) }),
  assist: AssistData,
  contribute: ContributeData,
} satisfies Record<QueueName, z.ZodType>;

export type JobData<Q extends QueueName> = z.infer<(typeof JOB_DATA)[Q]>;

export function job<Q extends QueueName>(queue: Q, data: JobData<Q>, key?: string): JobRequest {
  return { queue, data: data as Record<string, unknown>, ...(key ? { key } : {}) };
}

/** The origin a conversation passes to the engine with each command (see Engine's JobOrigin). */
export interface PlatformOrigin {
  platform: 'slack' | 'teams';
  workspace: string;
  userId: string;
  conversationId: string | null;
  threadId: string | null;
}

const OriginSchema = z.object({ platform: z.enum(['slack', 'teams']), workspace: id, userId: id, conversationId: id.nullable(), threadId: id.nullable() });

/** Effects → jobs, recorded in the command's transaction. Without a platform (the CLI) nothing follows. */
export function planJobs(effects: readonly Effect[], actor: Actor, origin: JobOrigin | undefined): JobRequest[] {
  const o = OriginSchema.safeParse(origin);
  if (!o.success) return [];
  const { platform, workspace, userId, conversationId, threadId } = o.data;
  const tell: Recipient = { userId, conversationId, threadId };
  const jobs: JobRequest[] = [];
  const refreshed = new Set<string>();
  const scheduled = new Set<string>();
  for (const effect of effects) {
    const base = { workspaceId: actor.workspaceId, workshopId: effect.workshopId, platform, workspace };
    if (!refreshed.has(effect.workshopId)) {
      refreshed.add(effect.workshopId);
      // A new workshop belongs to the conversation it was started from; whoever started it hears if it cannot be posted there.
      const created = effect.kind === 'workshopCreated';
      jobs.push(job('refresh', { ...base, link: created ? conversationId : null, tell: created ? tell : null }, effect.workshopId));
    }
    if (effect.kind === 'roadmapReady') jobs.push(job('deliver', { ...base, what: 'draft', tell }));
    if (effect.kind === 'workshopClosed') jobs.push(job('deliver', { ...base, what: 'final', tell }));
    // What the workshop plans at given times (reminders, deadlines…) follows what changed it.
    if (SCHEDULING.has(effect.kind) && !scheduled.has(effect.workshopId)) {
      scheduled.add(effect.workshopId);
      jobs.push(job('schedule', { ...base, tell: null }, effect.workshopId));
    }
    const nudged = nudgedStep(effect);
    if (nudged) jobs.push(job('nudge', { ...base, step: nudged, tell }));
    if (effect.kind === 'votesReturned') jobs.push(...effect.userIds.map((voter) => job('votesBack', { ...base, userId: voter, step: effect.step, tell: null })));
  }
  return jobs;
}

/** The effects after which a workshop's timed events are planned again. */
const SCHEDULING = new Set<string>(['workshopCreated', 'stepChanged', 'workshopClosed', 'scheduleChanged']);

/** The step a `nudged` effect (the facilitator's "remind who has not contributed") is about; null for any other effect. */
function nudgedStep(effect: Effect): Step | null {
  const e = effect as { kind: string; step?: unknown };
  return e.kind === 'nudged' && (STEPS as readonly unknown[]).includes(e.step) ? (e.step as Step) : null;
}

type PlatformQueue = Exclude<QueueName, 'purge' | 'schedule'>;

/** The handlers of every queue. */
export function jobHandlers(d: ConversationDeps, platforms: Platforms): Record<QueueName, { spec: QueueSpec; handler: JobHandler }> {
  const run = <Q extends PlatformQueue>(queue: Q, work: (data: JobData<Q>, ctx: JobContext) => Promise<void>) => ({
    spec: QUEUES[queue],
    handler: async (j: Job) => {
      const data = JOB_DATA[queue].parse(j.data) as JobData<PlatformQueue> & JobData<Q>;
      if (!platforms.has(data.platform)) throw new Error(`no ${data.platform} adapter on this replica`);
      const platform = platforms.get(data.platform);
      const m = await platform.messenger(data.workspace);
      const ctx: JobContext = { job: j, platform, m };
      try {
        await work(data, ctx);
      } catch (error) {
        if (error instanceof LostRace) throw error;
        // A job about a workshop deleted meanwhile is dropped, never retried nor sent stale.
        if (isDomainError(error) && error.code === 'errors.workshopNotFound') {
          d.logger.info({ queue, job: j.id }, 'the workshop of a job was deleted: the job is dropped');
          return;
        }
        const failure = platform.failure(error);
        const workshopId = 'workshopId' in data ? data.workshopId : undefined;
        d.logger.warn({ err: error, queue, workshopId, code: failure.code, attempt: j.attempt }, 'a delivery failed');
        if (!failure.permanent && !j.lastAttempt) throw error;
        // Given up: whoever caused it hears why, in the workshop's language; the change itself is saved.
        if ('tell' in data && data.tell && 'workshopId' in data) await m.tell(data.tell, { tone: 'refused', lines: [[failure.explain(await languageOf(d, data))]] });
      }
    },
  });
  return {
    refresh: run('refresh', async (data, { m, platform }) => {
      // Read first: a workshop deleted meanwhile ends the job here.
      const s = await d.queries.snapshot(data.workspaceId, data.workshopId);
      if (data.link) await d.conversations.create(data.workspaceId, data.workshopId, data.platform, data.link);
      const conv = await d.conversations.get(data.workspaceId, data.workshopId);
      if (!conv) return;
      await syncMessages(d, m, conv, s, platform.command);
    }),
    deliver: run('deliver', (data, ctx) => deliver(d, data, ctx)),
    head: run('head', (data, ctx) => messageHead(d, data, ctx)),
    map: run('map', async (data, { m, platform }) => {
      const s = await d.queries.snapshot(data.workspaceId, data.workshopId);
      await deliverOnce(d, data.workspaceId, data.workshopId, data.key, () => postMap(d, m, s, { conversationId: data.conversationId, threadId: data.threadId }), (e) => platform.failure(e).permanent);
    }),
    votesBack: run('votesBack', (data, { job: j, m, platform }) => tellVotesBack(d, m, data, j.id, (e) => platform.failure(e).permanent)),
    forget: run('forget', (data, { m }) => forget(m, data)),
    purge: { spec: QUEUES.purge, handler: (j) => purge(d, PurgeData.parse(j.data)) },
    schedule: { spec: QUEUES.schedule, handler: (j) => keepPlan(d, JOB_DATA.schedule.parse(j.data)) },
    timed: run('timed', (data, ctx) => onTimedEvent(d, data, ctx)),
    nudge: run('nudge', (data, ctx) => sendNudge(d, data, ctx)),
    assist: run('assist', (data, { job: j, m, platform }) => suggest(d, m, data, j.id, (e) => platform.failure(e).permanent)),
    contribute: run('contribute', (data, { m, platform }) => offerContribution(d, m, data, (e) => platform.failure(e).permanent)),
  };
}

interface JobContext {
  job: Job;
  platform: ChatPlatform;
  m: Messenger;
}

async function languageOf(d: ConversationDeps, data: { workspaceId: string; workshopId: string }) {
  return (await d.queries.language(data.workspaceId, data.workshopId).catch(() => null)) ?? d.language;
}

/**
 * The roadmap step opened (a first look at the map), or the workshop closed: the final map with the
 * documents, then each head's message as a job of its own, so one head's failure never holds up another.
 */
async function deliver(d: ConversationDeps, data: JobData<'deliver'>, { job: j, platform, m }: JobContext): Promise<void> {
  const { workspaceId, workshopId } = data;
  const conv = await d.conversations.get(workspaceId, workshopId);
  if (!conv) return;
  const s = await d.queries.snapshot(workspaceId, workshopId);
  const permanent = (e: unknown) => platform.failure(e).permanent;
  if (data.what === 'draft') {
    await deliverOnce(d, workspaceId, workshopId, `draft:${j.id}:map`, () => postMap(d, m, s, workshopThread(conv)), permanent);
    return;
  }
  if (s.workshop.status !== 'closed') return;
  const round = closingRound(s);
  const roadmap = s.workshop.step === 'roadmap';
  await deliverOnce(d, workspaceId, workshopId, `final:${round}:map`, () => postMap(d, m, s, workshopThread(conv), { documents: roadmap }), permanent);
  // A workshop closed before its roadmap step (abandoned, or paused for later) has no roadmap to send:
  // its map is posted as the record, but department heads are not messaged with empty lists.
  if (!roadmap) return;
  const base = { workspaceId, workshopId, platform: data.platform, workspace: data.workspace, tell: data.tell };
  await d.jobs.enqueue(headMessages(s).map((h) => job('head', { ...base, departmentId: h.departmentId, round })));
  // The facilitator is told who gets what, and which departments get nothing (no action, or no head).
  const summary = headsSummary(s);
  if (summary.length && data.tell) {
    const tell = data.tell;
    await deliverOnce(d, workspaceId, workshopId, `final:${round}:heads`, async () => {
      await m.tell(tell, { tone: 'info', lines: summary });
      return null;
    }, () => false);
  }
}

/** One department head's items, once per closing; a head who cannot be reached is reported by name. */
async function messageHead(d: ConversationDeps, data: JobData<'head'>, { job: j, platform, m }: JobContext): Promise<void> {
  const { workspaceId, workshopId } = data;
  const s = await d.queries.snapshot(workspaceId, workshopId);
  if (closingRound(s) !== data.round || !headMessages(s).some((h) => h.departmentId === data.departmentId)) return; // the head was removed, or the workshop reopened since
  const message = headMessages(s, await headLinks(d, m, workspaceId, workshopId, data.round)).find((h) => h.departmentId === data.departmentId)!;
  const key = `final:${data.round}:head:${data.departmentId}`;
  try {
    await deliverOnce(d, workspaceId, workshopId, key, () => m.directMessage(message.userId, { kind: 'head', view: message }), (e) => platform.failure(e).permanent || j.lastAttempt);
  } catch (error) {
    if (error instanceof LostRace) throw error;
    const failure = platform.failure(error);
    if (!failure.permanent && !j.lastAttempt) throw error;
    d.logger.warn({ workshopId, departmentId: data.departmentId, code: failure.code }, 'a department head could not be reached');
    if (data.tell) {
      const w = words(s.workshop.language);
      const department = s.departments.find((dep) => dep.id === data.departmentId)?.name ?? '';
      // What to do about this person, when the platform knows it (Teams: install the app for them); else its code.
      const todo = 'person' in failure && typeof failure.person === 'function' ? (failure.person as (l: typeof s.workshop.language) => string)(s.workshop.language) : failure.code;
      await m.tell(data.tell, { tone: 'warning', lines: [[w.p('heads.unreachable', { department })], [{ user: message.userId }, ` — ${todo}`]] });
    }
  }
}
