// What the scheduler keeps in the database, as ports that src/db implements on both databases: the timed
// events of each workshop (a reminder before a deadline, the deadline itself, the digest, a timer's end),
// and the time zone of each person, so that reminders fall inside their working hours.
import type { PlatformName } from './storage.js';

/** Something a workshop must do at `dueAt` (core/timing.ts plans them); `data` is what it was planned against. */
export interface EventPlan {
  key: string;
  dueAt: Date;
  data: Readonly<Record<string, unknown>>;
}

/** A stored event, as the scheduler claims it, with the platform workspace its workshop lives in. */
export interface TimedEventRecord extends EventPlan {
  id: string;
  workspaceId: string;
  workshopId: string;
  claimedAt: Date | null;
  /** The platform and its workspace id (a Slack team, a Teams tenant) of the event's Parcours workspace. */
  platform: PlatformName;
  workspace: string;
}

/**
 * A follow-up event is one a due event planned for later, for one person (a reminder delayed to their working
 * hours): its key is the planned key, `@`, and a user id. The plan does not know it, so `sync` keeps it while
 * anything is planned for the workshop; it is checked against the workshop again when it falls due.
 */
export const FOLLOW_UP = '@';

export interface TimedEventStore {
  /**
   * The workshop's events become exactly `planned` (in one transaction): events no longer planned are deleted,
   * an event whose dueAt and data are unchanged is kept as it is (its claim included), a changed one is
   * replaced. Follow-ups are kept unless nothing at all is planned (a closed workshop). A workshop that is not
   * in this workspace (deleted meanwhile) gets nothing.
   */
  sync(workspaceId: string, workshopId: string, planned: readonly EventPlan[]): Promise<void>;
  /** Adds (or replaces, when its dueAt or data changed) one follow-up event. */
  follow(workspaceId: string, workshopId: string, event: EventPlan): Promise<void>;
  /**
   * Takes up to `limit` events due at `now` that no one holds, or that someone has held for longer than
   * `staleAfterMs` (a process that stopped mid-way): each is given to one claimer only, whatever the replicas.
   */
  claimDue(now: Date, limit: number, staleAfterMs: number): Promise<TimedEventRecord[]>;
  /** The event was handed over (its job is recorded): it is deleted. */
  done(id: string): Promise<void>;
  /** A workshop's events, soonest first (tests, diagnostics). */
  list(workspaceId: string, workshopId: string): Promise<TimedEventRecord[]>;
}

export interface PersonStore {
  /** Records a person's IANA time zone; writes nothing when it is unchanged. Returns whether it changed. */
  setTimeZone(workspaceId: string, userId: string, timeZone: string): Promise<boolean>;
  /** userId → time zone, for the people given whose time zone is known. */
  timeZones(workspaceId: string, userIds: readonly string[]): Promise<Map<string, string>>;
}

/** A platform that can be asked a person's time zone (Slack's users.info); others give it with each request (Teams). */
export interface TimeZoneSource {
  timeZoneOf(workspace: string, userId: string): Promise<string | null>;
}

export function asksTimeZones(platform: object): platform is TimeZoneSource {
  return typeof (platform as Partial<TimeZoneSource>).timeZoneOf === 'function';
}
