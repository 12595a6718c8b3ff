// What a command handler receives, and what it gives back.
import type { ParticipantRecord, WorkshopRecord } from './records.js';
import type { StoreTx } from './store.js';
import type { Step, VotingStep } from './vocabulary.js';

/** Who is acting: a platform user inside one workspace. */
export interface Actor {
  workspaceId: string;
  userId: string;
  displayName?: string;
}

export interface Warning {
  code: string;
  params?: Record<string, string | number>;
}

/** What a change means beyond its own result: adapters react to these (update the anchor, post the map…). */
export type Effect =
  | { kind: 'workshopCreated'; workshopId: string }
  | { kind: 'stepChanged'; workshopId: string; from: Step; to: Step }
  | { kind: 'workshopClosed'; workshopId: string }
  | { kind: 'roadmapReady'; workshopId: string }
  | { kind: 'contentChanged'; workshopId: string }
  /** What the workshop plans to do later changed (deadline, timing settings, timer): its timed events are planned again. */
  | { kind: 'scheduleChanged'; workshopId: string }
  /** The facilitator asked to remind who still owes something in `step`, now. */
  | { kind: 'nudged'; workshopId: string; step: Step }
  /** A removed item's votes went back to these people (platform user ids), who can vote again in `step`. */
  | { kind: 'votesReturned'; workshopId: string; step: VotingStep; userIds: string[] };

export interface HandlerResult<R = Record<string, unknown>> {
  result: R;
  warnings?: Warning[];
  effects?: Effect[];
}

export interface WorkshopContext {
  tx: StoreTx;
  actor: Actor;
  workshop: WorkshopRecord;
  /** The actor as a participant; created on first contribution. */
  participant: () => Promise<ParticipantRecord>;
  /** The actor's participant row if it exists, without creating one. */
  existingParticipant: ParticipantRecord | null;
  now: Date;
}

export const changed = (workshopId: string): Effect => ({ kind: 'contentChanged', workshopId });
export const rescheduled = (workshopId: string): Effect => ({ kind: 'scheduleChanged', workshopId });
