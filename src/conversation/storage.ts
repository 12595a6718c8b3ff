// What the conversation layer keeps in the database, as ports that src/db implements on both databases:
// where each workshop lives on its chat platform, which deliveries were made, and the job queue that
// carries out deliveries after the command that caused them committed.
import type { JobRequest } from '../core/store.js';

export type PlatformName = 'slack' | 'teams';

/**
 * Where a workshop lives on its platform: a conversation (a Slack channel, a Teams channel conversation),
 * the root message that anchors its thread, and the message of the step being shown there. The ids are
 * the platform's own, kept opaque.
 */
export interface ConversationRecord {
  workspaceId: string;
  workshopId: string;
  platform: PlatformName;
  conversationId: string;
  /** The anchor message; null until it could be posted. */
  rootMessageId: string | null;
  /** The step whose message `stepMessageId` is (null before the first one was posted). */
  step: string | null;
  stepMessageId: string | null;
  createdAt: Date;
}

export interface ConversationStore {
  /** Idempotent: a second call for the same workshop keeps the first row. */
  create(workspaceId: string, workshopId: string, platform: PlatformName, conversationId: string): Promise<void>;
  get(workspaceId: string, workshopId: string): Promise<ConversationRecord | null>;
  /** The conversation's most recent workshop (the one `status` and `map` speak of). */
  latestIn(workspaceId: string, platform: PlatformName, conversationId: string): Promise<ConversationRecord | null>;
  /** The workshop whose anchor message starts this thread of the conversation, if any. */
  byThread(workspaceId: string, platform: PlatformName, conversationId: string, rootMessageId: string): Promise<ConversationRecord | null>;
  /** workshop id → conversation id, for the workshops given that have one. */
  conversationsOf(workspaceId: string, workshopIds: readonly string[]): Promise<Map<string, string>>;
  setRootMessage(workspaceId: string, workshopId: string, messageId: string | null): Promise<void>;
  /** The message now showing `step` (null: none yet). */
  setStepMessage(workspaceId: string, workshopId: string, step: string, messageId: string | null): Promise<void>;
}

/**
 * The answer to "may I make this delivery?". Three different "no"s: it was already made; someone else
 * (another replica, another run) holds a fresh claim on it — lost a race; or it failed for good (a head
 * who cannot be reached) and is not tried again.
 */
export type DeliveryClaim =
  | { status: 'claimed'; attempt: number }
  | { status: 'delivered'; ref: string | null }
  | { status: 'race' }
  | { status: 'failed'; error: string };

export interface DeliveryRecord {
  workshopId: string;
  key: string;
  status: 'sending' | 'delivered' | 'failed' | 'retry';
  attempts: number;
  error: string | null;
  ref: string | null;
  updatedAt: Date;
}

/** One row per (workshop, key): "final:<round>:map", "final:<round>:head:<department>", "step:<step>:<version>"… */
export interface DeliveryStore {
  /**
   * Claims a delivery through its unique key. A claim left by a process that died mid-send is taken over
   * after `staleAfterMs` (the delivery may then be made twice: the price of never losing one).
   */
  claim(workspaceId: string, workshopId: string, key: string, options?: { now?: Date; staleAfterMs?: number }): Promise<DeliveryClaim>;
  /** Made: `ref` is what the platform answered (a message id), kept for later updates or removal. */
  delivered(workspaceId: string, workshopId: string, key: string, ref?: string | null): Promise<void>;
  /** Not made. `permanent`: never try again (claims answer 'failed'); otherwise the next claim may retry. */
  failed(workspaceId: string, workshopId: string, key: string, error: string, permanent: boolean): Promise<void>;
  list(workspaceId: string, workshopId: string): Promise<DeliveryRecord[]>;
}

/** One job as a handler receives it. */
export interface Job {
  id: string;
  queue: string;
  data: Record<string, unknown>;
  /** 1 on the first run. */
  attempt: number;
  /** No retry follows if this run fails. */
  lastAttempt: boolean;
}

export type JobHandler = (job: Job) => Promise<void>;

/** How a queue's jobs run. */
export interface QueueSpec {
  /** Runs after the first failed one (with exponential backoff from `retryDelaySeconds`). */
  retryLimit: number;
  retryDelaySeconds: number;
  /** A run that has not finished after this long is taken for dead (its process stopped) and retried. */
  expireSeconds: number;
  /**
   * How many of this queue's jobs one process runs at once (default: the queue's own setting, 2). Work that waits
   * on a platform's rate limits rather than on the CPU — a workshop's reminders — runs wider.
   */
  concurrency?: number;
}

export interface JobQueue {
  /** Adds jobs outside any command (e.g. `/parcours map`); inside one, the engine uses StoreTx.enqueue. */
  enqueue(jobs: readonly JobRequest[]): Promise<void>;
  /** Starts working on the queues given (creating them if needed). */
  work(queues: Record<string, { spec: QueueSpec; handler: JobHandler }>): Promise<void>;
  /** Resolves when no job due now is waiting or running (tests and benchmarks). */
  idle(): Promise<void>;
  /** Stops taking jobs and waits for the running ones. */
  stop(): Promise<void>;
}
