// What a workshop's timed events do when they fall due (the `timed` job the scheduler hands over), and the
// facilitator's nudge. Each is checked against the workshop as it is now: an event planned against a deadline
// that moved, a step left, a closed or deleted workshop, is dropped, never sent stale.
// - A reminder goes privately to each participant who still owes something in the step, saying what is left
//   for them only; at most once per person, step, deadline and hours before it (deliveries keyed so). Outside
//   someone's working hours (their time zone, else the facilitator's, else UTC) it waits for their next working
//   hour as a follow-up event — or is not sent at all when that is past the deadline.
// - At a deadline, the workshop moves on by itself when it says so (as its facilitator), or the facilitator is
//   asked privately to move on, with the step's figures.
// - The daily digest goes to the workshop's thread on days with something new; a live timer says "two minutes
//   left" there, redraws the step's message each minute, and at its end closes the step's contributions.
// The facilitator's nudge sends the same reminders at once, whatever the hour.
import type { Actor } from '../core/context.js';
import { isDomainError } from '../core/errors.js';
import type { OwedWork, WorkshopSnapshot } from '../core/snapshot.js';
import { isTimeZone, isWorkingTime, localTime, nextWorkingTime } from '../core/time.js';
import { plannedEvents, stillDue } from '../core/timing.js';
import type { Step } from '../core/vocabulary.js';
import { refusalNotice } from '../present/notices.js';
import {
  autoAdvanceRefusedNotice, deadlineNotice, digestCounts, digestNotice, reminderNotice, timerEndedNotice, timerWarningNotice, type DigestCounts,
} from '../present/reminders.js';
import type { ConversationDeps } from './deps.js';
import { deliverOnce } from './deliverables.js';
import { LostRace } from './messages.js';
import type { ChatPlatform, Messenger, Recipient } from './platform.js';
import { asksTimeZones, FOLLOW_UP } from './schedule-store.js';
import type { Job } from './storage.js';

export interface TimedData {
  workspaceId: string;
  workshopId: string;
  platform: 'slack' | 'teams';
  workspace: string;
  key: string;
  dueAt: string;
  event: Record<string, unknown>;
}

interface Ctx {
  job: Job;
  platform: ChatPlatform;
  m: Messenger;
}

/** A due event: checked against the workshop now, then a reminder or a deadline; anything else waits for its own code. */
export async function onTimedEvent(d: ConversationDeps, data: TimedData, ctx: Ctx): Promise<void> {
  const split = data.key.indexOf(FOLLOW_UP);
  const key = split < 0 ? data.key : data.key.slice(0, split);
  const only = split < 0 ? null : data.key.slice(split + 1);
  const s = await d.queries.snapshot(data.workspaceId, data.workshopId);
  const now = d.clock.now();
  if (!stillDue(s, key, data.event, now)) {
    d.logger.debug({ workshopId: data.workshopId, key: data.key }, 'a timed event no longer holds: dropped');
    return;
  }
  const [kind, step, hours] = key.split(':');
  if (kind === 'remind' && step === s.workshop.step) {
    await sendReminders(d, ctx, s, { reason: `remind:${step}:${deadlineOf(s)?.toISOString() ?? 'none'}:${hours ?? ''}`, only, waitForWorkingHours: only === null, followUpOf: { key, data: data.event }, workspace: data.workspace });
    return;
  }
  if (kind === 'deadline' && step === s.workshop.step) {
    await deadlinePassed(d, ctx, s, s.workshop.step, data.workspace);
    return;
  }
  if (key === 'digest') {
    await postDigest(d, ctx, s);
    await keepPlan(d, { workspaceId: data.workspaceId, workshopId: data.workshopId }); // tomorrow's
    return;
  }
  if (key === 'timer:warn' || key === 'timer:tick' || key === 'timer:end') {
    await timerEvent(d, ctx, s, key, String(data.event.endsAt), data.workspace);
    return;
  }
  d.logger.info({ workshopId: data.workshopId, key: data.key }, 'a timed event of a kind not handled yet: dropped');
}

/**
 * The daily digest in the workshop's thread, once a local day (in the digest's time zone), on days with something
 * new since the last one: its counts are kept as the delivery's ref, the base of the next day's.
 */
async function postDigest(d: ConversationDeps, { m }: Ctx, s: WorkshopSnapshot): Promise<void> {
  const { workspaceId, id: workshopId, digestTimeZone } = s.workshop;
  const conv = await d.conversations.get(workspaceId, workshopId);
  if (!conv || !digestTimeZone) return;
  const sent = (await d.deliveries.list(workspaceId, workshopId)).filter((r) => r.key.startsWith('digest:') && r.status === 'delivered');
  const last = sent.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime()).at(-1);
  const notice = digestNotice(s, last?.ref ? parseCounts(last.ref) : null);
  if (!notice) return;
  const day = localTime(d.clock.now(), digestTimeZone).date;
  await deliverOnce(d, workspaceId, workshopId, `digest:${day}`, async () => {
    await m.post(conv.conversationId, { kind: 'notice', view: notice }, { threadId: conv.rootMessageId });
    return JSON.stringify(digestCounts(s));
  }, () => false);
}

function parseCounts(ref: string): DigestCounts | null {
  try {
    return JSON.parse(ref) as DigestCounts;
  } catch {
    return null;
  }
}

/**
 * A live timer: "2 minutes left" said once in the thread; each minute's tick redraws the step's message (and
 * plans the next tick); at its end, the step's contributions close (endTimer, as the facilitator) and the
 * facilitator is offered the next step.
 */
async function timerEvent(d: ConversationDeps, { m }: Ctx, s: WorkshopSnapshot, key: string, endsAt: string, workspace: string): Promise<void> {
  const { workspaceId, id: workshopId } = s.workshop;
  const conv = await d.conversations.get(workspaceId, workshopId);
  const step = s.workshop.step;
  if (key === 'timer:tick') {
    // A `refresh` job as jobs.ts plans them (written out here: jobs.ts imports this file).
    if (conv) await d.jobs.enqueue([{ queue: 'refresh', data: { workspaceId, workshopId, platform: conv.platform, workspace, link: null, tell: null }, key: workshopId }]);
    await keepPlan(d, { workspaceId, workshopId });
    return;
  }
  if (!conv) return;
  if (key === 'timer:warn') {
    await deliverOnce(d, workspaceId, workshopId, `timer:warn:${step}:${endsAt}`, () => m.post(conv.conversationId, { kind: 'notice', view: timerWarningNotice(s) }, { threadId: conv.rootMessageId }), () => false);
    return;
  }
  const fac = facilitatorOf(s);
  if (!fac) return;
  const actor: Actor = { workspaceId, userId: fac.userId, displayName: fac.displayName };
  const tell: Recipient = { userId: fac.userId, conversationId: conv.conversationId, threadId: conv.rootMessageId };
  const outcome = await d.engine.execute<{ ended: boolean }>(actor, { type: 'endTimer', workshopId, step, endsAt }, {
    deliveryId: `timer:end:${workshopId}:${step}:${endsAt}`, origin: { platform: conv.platform, workspace, userId: fac.userId, conversationId: tell.conversationId, threadId: tell.threadId },
  });
  if (!outcome.ok) throw new Error(`the end of a timer was refused: ${outcome.error.code}`);
  if (!outcome.result.ended && !outcome.replayed) return;
  const after = await d.queries.snapshot(workspaceId, workshopId);
  await deliverOnce(d, workspaceId, workshopId, `timer:end:${step}:${endsAt}`, async () => { await m.tell(tell, timerEndedNotice(after, step)); return null; }, () => false);
}

/** The facilitator asked to remind everyone who owes something now: no working-hours delay. */
export async function sendNudge(d: ConversationDeps, data: { workspaceId: string; workshopId: string; workspace: string; step: Step }, ctx: Ctx): Promise<void> {
  const s = await d.queries.snapshot(data.workspaceId, data.workshopId);
  if (s.workshop.status !== 'open' || s.workshop.step !== data.step) return;
  await sendReminders(d, ctx, s, { reason: `nudge:${data.step}:${ctx.job.id}`, only: null, waitForWorkingHours: false, followUpOf: null, workspace: data.workspace });
}

function deadlineOf(s: WorkshopSnapshot): Date | null {
  return s.workshop.deadlines.find((x) => x.step === s.workshop.step)?.dueAt ?? null;
}

function facilitatorOf(s: WorkshopSnapshot) {
  return s.participants.find((p) => p.role === 'facilitator') ?? null;
}

/** Who a reminder is for: the participants, but the facilitator who runs the workshop, with something left. */
export async function owing(d: ConversationDeps, s: WorkshopSnapshot): Promise<{ userId: string; owes: OwedWork['owes'] }[]> {
  const owed = await d.queries.owed(s.workshop.workspaceId, s.workshop.id);
  return owed.flatMap((o) => {
    const p = s.participants.find((x) => x.id === o.participantId);
    return p && p.role !== 'facilitator' && o.owes.length ? [{ userId: p.userId, owes: o.owes }] : [];
  });
}

interface ReminderRun {
  /** What makes this round of reminders one (step, deadline and hours; or a nudge): each person's delivery key starts with it. */
  reason: string;
  /** One person only (a reminder that waited for their working hours). */
  only: string | null;
  waitForWorkingHours: boolean;
  /** The planned event this round answers, which a delayed person's follow-up repeats. */
  followUpOf: { key: string; data: Record<string, unknown> } | null;
  /** The platform's workspace (a Slack team), to ask people's time zones in. */
  workspace: string;
}

async function sendReminders(d: ConversationDeps, { platform, m }: Ctx, s: WorkshopSnapshot, run: ReminderRun): Promise<void> {
  const { workspaceId, id: workshopId } = s.workshop;
  const people = (await owing(d, s)).filter((p) => run.only === null || p.userId === run.only);
  if (people.length === 0) return;
  const deadline = deadlineOf(s);
  const now = d.clock.now();
  const waiting = run.waitForWorkingHours && !s.workshop.remindAnyTime;
  const zones = waiting ? await timeZonesOf(d, platform, run.workspace, s, people.map((p) => p.userId)) : new Map<string, string>();
  const link = await stepLink(d, m, s);
  let transient: unknown = null;
  let raced: LostRace | null = null;
  for (const person of people) {
    if (waiting) {
      const tz = zones.get(person.userId) ?? 'UTC';
      if (!isWorkingTime(now, tz)) {
        const at = nextWorkingTime(now, tz);
        // Past the deadline, a reminder would only say what can no longer be done.
        if (run.followUpOf && (!deadline || at.getTime() < deadline.getTime())) {
          await d.timedEvents.follow(workspaceId, workshopId, { key: `${run.followUpOf.key}${FOLLOW_UP}${person.userId}`, dueAt: at, data: run.followUpOf.data });
        }
        continue;
      }
    }
    try {
      await deliverOnce(d, workspaceId, workshopId, `${run.reason}:${person.userId}`,
        () => m.directMessage(person.userId, { kind: 'notice', view: reminderNotice(s, person.owes, deadline, link) }),
        (e) => platform.failure(e).permanent);
    } catch (error) {
      // One person who cannot be reached never holds up the others; a passing failure is retried with the job.
      if (error instanceof LostRace) raced = error;
      else if (platform.failure(error).permanent) d.logger.info({ workshopId, code: platform.failure(error).code }, 'a reminder could not reach its person');
      else transient = error;
    }
  }
  if (transient) throw transient;
  if (raced) throw raced;
}

/**
 * The people whose time zone their platform refused to give (Slack: missing_scope on an install made before
 * users:read was asked for, user_not_found…), by workspace and person, with when: not asked again for a day,
 * rather than on every round of reminders. Kept in the process only (a restart asks once more), and bounded.
 */
const refusedZones = new Map<string, number>();
const REFUSAL_STANDS_MS = 24 * 3_600_000;
const MAX_REFUSALS = 10_000;

function refusedLately(key: string, now: number): boolean {
  const at = refusedZones.get(key);
  if (at === undefined) return false;
  if (now - at < REFUSAL_STANDS_MS) return true;
  refusedZones.delete(key);
  return false;
}

function rememberRefusal(key: string, now: number): void {
  refusedZones.delete(key);
  // The oldest goes first: forgetting one only costs asking again.
  if (refusedZones.size >= MAX_REFUSALS) refusedZones.delete(refusedZones.keys().next().value!);
  refusedZones.set(key, now);
}

/**
 * Each person's time zone: theirs, else the facilitator's, else UTC. A platform that can be asked (Slack's
 * users.info) is asked for those not known yet, here when a reminder needs them rather than on anyone's click;
 * a refusal stands for a day, a passing failure is asked again on the next round.
 */
async function timeZonesOf(d: ConversationDeps, platform: ChatPlatform, workspace: string, s: WorkshopSnapshot, userIds: string[]): Promise<Map<string, string>> {
  const fac = facilitatorOf(s)?.userId;
  const everyone = fac ? [...userIds, fac] : userIds;
  const known = await d.people.timeZones(s.workshop.workspaceId, everyone);
  if (asksTimeZones(platform)) {
    const now = d.clock.now().getTime();
    for (const userId of everyone.filter((u) => !known.has(u))) {
      const refusal = `${s.workshop.workspaceId} ${userId}`;
      if (refusedLately(refusal, now)) continue;
      const tz = await platform.timeZoneOf(workspace, userId).catch((error: unknown) => {
        const failure = platform.failure(error);
        if (failure.permanent) rememberRefusal(refusal, now);
        d.logger.info({ code: failure.code }, 'a person’s time zone could not be asked: the facilitator’s or UTC is used');
        return null;
      });
      if (!tz || !isTimeZone(tz)) continue;
      await d.people.setTimeZone(s.workshop.workspaceId, userId, tz);
      known.set(userId, tz);
    }
  }
  const fallback = fac && known.has(fac) && isTimeZone(known.get(fac)!) ? known.get(fac)! : 'UTC';
  return new Map(userIds.map((u) => [u, known.has(u) && isTimeZone(known.get(u)!) ? known.get(u)! : fallback]));
}

/** The address of the step's message, when the platform has one. */
async function stepLink(d: ConversationDeps, m: Messenger, s: WorkshopSnapshot): Promise<string | null> {
  const conv = await d.conversations.get(s.workshop.workspaceId, s.workshop.id);
  if (!conv?.stepMessageId || conv.step !== s.workshop.step) return null;
  try {
    return await m.permalink(conv.conversationId, conv.stepMessageId);
  } catch {
    return null;
  }
}

/** The step's deadline passed: move on as the facilitator when the workshop says so, else ask them to. Once per deadline. */
async function deadlinePassed(d: ConversationDeps, { platform, m }: Ctx, s: WorkshopSnapshot, step: Step, workspace: string): Promise<void> {
  const { workspaceId, id: workshopId } = s.workshop;
  const fac = facilitatorOf(s);
  if (!fac) return;
  const conv = await d.conversations.get(workspaceId, workshopId);
  const tell: Recipient = { userId: fac.userId, conversationId: conv?.conversationId ?? null, threadId: conv?.rootMessageId ?? null };
  const key = `deadline:${step}:${deadlineOf(s)?.toISOString() ?? 'none'}`;
  if (s.workshop.autoAdvance) {
    const actor: Actor = { workspaceId, userId: fac.userId, displayName: fac.displayName };
    // Keyed by the deadline: a retried job or another replica moves the workshop on once.
    const outcome = await d.engine.execute(actor, { type: 'advanceStep', workshopId, expectedVersion: s.workshop.version }, {
      deliveryId: `${key}:${workshopId}`, origin: { platform: platform.name, workspace, userId: fac.userId, conversationId: tell.conversationId, threadId: tell.threadId },
    });
    if (outcome.ok) return;
    // Changed meanwhile (a framing edit): tried again with the job, on the workshop as it is then.
    if (outcome.error.code === 'errors.concurrentChange') throw new Error('the workshop changed while moving on at its deadline');
    const why = refusalNotice(outcome.error, s.workshop.language).lines;
    await deliverOnce(d, workspaceId, workshopId, key, async () => { await m.tell(tell, autoAdvanceRefusedNotice(s, step, why)); return null; }, () => false);
    return;
  }
  await deliverOnce(d, workspaceId, workshopId, key, async () => { await m.tell(tell, deadlineNotice(s, step)); return null; }, () => false);
}

/** The workshop's timed events become what its state plans now (a deleted workshop's went with it). */
export async function keepPlan(d: ConversationDeps, data: { workspaceId: string; workshopId: string }): Promise<void> {
  let s: WorkshopSnapshot;
  try {
    s = await d.queries.snapshot(data.workspaceId, data.workshopId);
  } catch (error) {
    if (isDomainError(error) && error.code === 'errors.workshopNotFound') return;
    throw error;
  }
  await d.timedEvents.sync(data.workspaceId, data.workshopId, plannedEvents(s, d.clock.now()));
}

