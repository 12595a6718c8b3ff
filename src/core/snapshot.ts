// What the engine's queries return: read models of a workshop, built from storage and free of any
// platform or database type. The renderer and the presentation layer consume only these.
// In an anonymous workshop every author / voter / rater field is null: the engine blanks them before
// anything leaves src/core, so no render, export or chat view can reveal them.
import type { PersonaRecord, WorkshopRecord } from './records.js';
import type { JourneyKind, ObservationKind, Phase, Role, Step, VotingStep } from './vocabulary.js';

export interface StepDeadlineView {
  step: Step;
  dueAt: Date;
}

/** The workshop as stored, with its step deadlines (soonest first). */
export interface WorkshopView extends WorkshopRecord {
  deadlines: StepDeadlineView[];
}

/**
 * The current step's nudge and live timer. Running: `endsAt` set and not `ended`; paused: `leftMs` set; run out:
 * `ended` (its `endsAt` kept; contributions to the step are closed); none: all null and false.
 */
export interface TimerView {
  step: Step;
  endsAt: Date | null;
  leftMs: number | null;
  ended: boolean;
  /** The facilitator's last nudge of this step (at most one an hour). */
  lastNudgeAt: Date | null;
}

/** The persona as stored: no field of it names a participant, so it is shown as it is. */
export type PersonaView = PersonaRecord;

export interface DepartmentView {
  id: string;
  name: string;
  /** Platform user id of the head, who receives the roadmap items. */
  headUserId: string | null;
}

export interface ParticipantView {
  id: string;
  userId: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
}

export interface StageView {
  id: string;
  position: number;
  label: string;
  phase: Phase;
  keyMomentId: string | null;
  sourceStageId: string | null;
  /** True when the label does not read as the customer's own voice (see customer-voice.ts). */
  voiceWarning: boolean;
}

export interface ChannelView {
  id: string;
  name: string;
  position: number;
}

export interface TouchpointView {
  id: string;
  stageId: string;
  channelId: string;
  description: string;
}

/** A stage × channel cell the facilitator marked "not used on this channel". */
export interface CellRef {
  stageId: string;
  channelId: string;
}

export interface ObservationView {
  id: string;
  stageId: string;
  touchpointId: string | null;
  kind: ObservationKind;
  text: string;
  momentOfTruth: boolean;
  votes: number;
  /** Participant id of the author; null in an anonymous workshop. */
  authorId: string | null;
}

export interface DepartmentEmotion {
  departmentId: string | null;
  mean: number;
  count: number;
}

/** One point of the emotion curve: how the customer feels at a stage, from the participants' ratings. */
export interface EmotionPoint {
  stageId: string;
  /** Mean score on −2…+2; null when nobody rated the stage yet. */
  mean: number | null;
  /** Population standard deviation of the scores (0 with fewer than two ratings). */
  spread: number;
  min: number | null;
  max: number | null;
  count: number;
  byDepartment: DepartmentEmotion[];
  /** Highest minus lowest department mean: how much departments disagree on this stage. */
  disagreement: number;
}

export interface SolutionView {
  id: string;
  text: string;
  departmentId: string | null;
  /** Means of the participants' ratings (1–5); null until someone rated. */
  impact: number | null;
  effort: number | null;
  ratings: number;
  votes: number;
  addresses: string[];
  addressesMomentOfTruth: boolean;
  /** See priority.ts; null until the solution has both an impact and an effort. */
  priority: number | null;
  authorId: string | null;
}

export interface RoadmapEntry {
  solutionId: string;
  text: string;
  rank: number;
  priority: number;
  impact: number;
  effort: number;
  votes: number;
  addresses: AddressedObservation[];
}

export interface AddressedObservation {
  observationId: string;
  kind: ObservationKind;
  text: string;
  momentOfTruth: boolean;
  stageId: string;
  stageLabel: string;
  /** The channel of the touchpoint it is about, when it is about one rather than the whole stage. */
  channelName?: string;
}

export interface RoadmapDepartment {
  department: DepartmentView;
  items: RoadmapEntry[];
}

export interface WorkshopSnapshot {
  workshop: WorkshopView;
  persona: PersonaView | null;
  goal: string | null;
  departments: DepartmentView[];
  participants: ParticipantView[];
  /** How many of the expected contributors have done each thing the current step asks (see contributionProgress). */
  progress: ContributionProgress[];
  /** The current step's timer and last nudge. */
  timer: TimerView;
  /** Ordered by position. */
  stages: StageView[];
  /** Ordered by position. */
  channels: ChannelView[];
  touchpoints: TouchpointView[];
  /** Empty cells marked "not used on this channel": neither filled nor a missing touchpoint. */
  unusedCells: CellRef[];
  /**
   * Whether each voting step's tallies may be shown: live by the workshop's setting, or once revealed. Until
   * then every `votes` of that step's items is 0 and priorities leave votes out, so no view can leak them.
   */
  tallies: Record<VotingStep, boolean>;
  /** Votes recorded in the workshop, all steps together: a total says nothing of what was voted for. */
  votesCast: number;
  observations: ObservationView[];
  /** One point per stage, in stage order. */
  emotion: EmotionPoint[];
  solutions: SolutionView[];
  /** Departments in the workshop's order, items by rank; departments without items are included, empty. */
  roadmap: RoadmapDepartment[];
}

export interface MatrixCell {
  stageId: string;
  channelId: string;
  touchpoints: TouchpointView[];
  /** Marked "not used on this channel" (always empty). */
  unused: boolean;
}

/** Channels × stages: `rows[c][s]` is channel c at stage s. An empty cell not marked unused is a missing touchpoint. */
export interface TouchpointMatrix {
  stages: StageView[];
  channels: ChannelView[];
  rows: MatrixCell[][];
  /** Missing touchpoints: empty cells not marked unused. */
  emptyCells: number;
}

export interface RankedObservation extends ObservationView {
  rank: number;
}

/** The same key moment as lived in several journeys of the workspace. */
export interface KeyMomentComparison {
  keyMomentId: string;
  label: string;
  journeys: KeyMomentJourney[];
}

export interface KeyMomentJourney {
  workshopId: string;
  title: string;
  journey: JourneyKind;
  stage: StageView;
  emotion: EmotionPoint;
  observations: ObservationView[];
}

/**
 * One thing the current step asks of everyone (rate the emotions, say): how many of the expected
 * contributors did it. Expected: everyone who joined but the facilitator, who runs the workshop.
 */
export interface ContributionProgress {
  /** The activity, an i18n key under `progress.` (e.g. `progress.emotions`). */
  key: string;
  done: number;
  expected: number;
  /** Display names of the expected contributors who have not done it yet; always empty in an anonymous workshop. */
  missing: string[];
}

export interface OwedWork {
  participantId: string;
  displayName: string;
  /** Message keys with counts, e.g. { key: 'owed.votes', count: 2 }. */
  owes: { key: string; count: number }[];
}
