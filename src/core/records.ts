// Rows as the engine sees them: plain data, no database types. src/db maps its rows to these.
import type {
  Basis, JourneyKind, Language, Mode, ObservationKind, Phase, Role, Step, VotingStep, WorkshopStatus,
} from './vocabulary.js';

export interface WorkspaceRecord {
  id: string;
  platform: string;
  externalId: string;
  name: string;
}

export interface WorkshopRecord {
  id: string;
  workspaceId: string;
  title: string;
  scope: string;
  language: Language;
  mode: Mode;
  journey: JourneyKind;
  basis: Basis;
  anonymous: boolean;
  status: WorkshopStatus;
  step: Step;
  voteBudget: number;
  voteCap: number;
  /** Tallies shown as votes come in; otherwise secret until the facilitator reveals each voting step's. */
  votesLive: boolean;
  /** Reminders before a step's deadline, in hours before it (largest first); empty: none. */
  reminderHours: number[];
  /** Reminders may reach people outside their working hours (nights, weekends). */
  remindAnyTime: boolean;
  /** At a step's deadline the workshop moves on by itself, instead of asking the facilitator. */
  autoAdvance: boolean;
  /** The daily digest's local hour (0–23) in `digestTimeZone`; null: no digest. */
  digestHour: number | null;
  digestTimeZone: string | null;
  /** A target journey's story as the facilitator approved or edited it, and when; null until then. */
  narrative: string | null;
  narrativeAt: Date | null;
  version: number;
  sourceWorkshopId: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface DeadlineRecord {
  step: Step;
  dueAt: Date;
}

/**
 * What a step holds besides its deadline: the facilitator's last nudge, and a live session's timer — running
 * until `timerEndsAt`, paused with `timerLeftMs` to go, or run out (`timerEnded`: contributions closed).
 */
export interface StepStateRecord {
  step: Step;
  lastNudgeAt: Date | null;
  timerEndsAt: Date | null;
  timerLeftMs: number | null;
  timerEnded: boolean;
}

export interface PersonaRecord {
  name: string;
  segment: string;
  context: string;
  needs: string;
  channelHabits: string;
  expertise: string;
  quote: string;
}

export interface DepartmentRecord {
  id: string;
  workshopId: string;
  name: string;
  headUserId: string | null;
  position: number;
}

export interface ParticipantRecord {
  id: string;
  workshopId: string;
  userId: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
}

export interface StageRecord {
  id: string;
  workshopId: string;
  position: number;
  label: string;
  phase: Phase;
  keyMomentId: string | null;
  sourceStageId: string | null;
  authorId: string | null;
}

export interface KeyMomentRecord {
  id: string;
  label: string;
}

export interface ChannelRecord {
  id: string;
  workshopId: string;
  name: string;
  position: number;
}

export interface TouchpointRecord {
  id: string;
  workshopId: string;
  stageId: string;
  channelId: string;
  description: string;
  sourceTouchpointId: string | null;
  authorId: string | null;
}

/** A stage × channel cell the facilitator marked "not used on this channel": not a missing touchpoint. */
export interface UnusedCellRecord {
  stageId: string;
  channelId: string;
}

export interface ObservationRecord {
  id: string;
  workshopId: string;
  stageId: string;
  touchpointId: string | null;
  kind: ObservationKind;
  text: string;
  momentOfTruth: boolean;
  authorId: string;
  createdAt: Date;
}

export type VoteTarget = { observationId: string } | { solutionId: string };

export interface VoteRecord {
  id: string;
  participantId: string;
  step: VotingStep;
  observationId: string | null;
  solutionId: string | null;
}

/** A voting step whose tallies the facilitator revealed (or that was revealed by moving past it). */
export interface VoteRevealRecord {
  step: VotingStep;
  revealedAt: Date;
}

export interface EmotionRecord {
  stageId: string;
  participantId: string;
  score: number;
}

export interface SolutionRecord {
  id: string;
  workshopId: string;
  text: string;
  departmentId: string | null;
  authorId: string;
  addresses: string[];
  createdAt: Date;
}

export interface SolutionRatingRecord {
  solutionId: string;
  participantId: string;
  impact: number;
  effort: number;
}

export interface RoadmapItemRecord {
  solutionId: string;
  departmentId: string;
  priority: number;
  rank: number;
  status: 'planned' | 'delivered';
}

/** Everything stored about one workshop, loaded at once for the read models. */
export interface WorkshopData {
  workshop: WorkshopRecord;
  deadlines: DeadlineRecord[];
  /** Ordered by step. */
  stepStates: StepStateRecord[];
  persona: PersonaRecord | null;
  goal: string | null;
  departments: DepartmentRecord[];
  participants: ParticipantRecord[];
  stages: StageRecord[];
  channels: ChannelRecord[];
  touchpoints: TouchpointRecord[];
  /** Ordered by stage id, then channel id. */
  unusedCells: UnusedCellRecord[];
  observations: ObservationRecord[];
  votes: VoteRecord[];
  voteReveals: VoteRevealRecord[];
  emotions: EmotionRecord[];
  solutions: SolutionRecord[];
  solutionRatings: SolutionRatingRecord[];
  roadmapItems: RoadmapItemRecord[];
}
