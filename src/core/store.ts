// The storage port: what the engine needs from a database, and nothing about how it is done.
// src/db implements it twice: with Prisma for PostgreSQL, and on better-sqlite3 for the embedded SQLite
// file (src/db/operator-store.ts picks one). Every method of a transaction is scoped to
// the workspace the transaction was opened for: an implementation must filter every read and write on it.
import type {
  ChannelRecord, DepartmentRecord, KeyMomentRecord, ObservationRecord, ParticipantRecord,
  PersonaRecord, RoadmapItemRecord, SolutionRecord, StageRecord, StepStateRecord, TouchpointRecord, VoteTarget, WorkshopData,
  WorkshopRecord, WorkspaceRecord,
} from './records.js';
import type { Phase, Role, Step, VotingStep } from './vocabulary.js';

/**
 * What one person's ballot shows of a workshop (StoreTx.loadBallot), read together: the workshop and its
 * reveals; where items are (stages, channels, touchpoints); the observations; in the solutions step only, the
 * solutions (with their addresses), their ratings and the departments; the person's own participant row
 * (none before they joined); the current step's state (its timer), if any; and the votes of the current step:
 * every one when that step's tallies are shown (votesLive, or revealed), else only the person's. Each list in
 * loadWorkshop's order; anything else is left out.
 */
export type BallotData = Pick<WorkshopData,
  'workshop' | 'voteReveals' | 'stepStates' | 'stages' | 'channels' | 'touchpoints' | 'observations' | 'solutions' | 'solutionRatings' | 'departments'
  | 'participants' | 'votes'>;

export type NewWorkshop = Omit<WorkshopRecord, 'id' | 'workspaceId' | 'status' | 'step' | 'version' | 'createdAt' | 'closedAt' | 'votesLive' | 'narrative' | 'narrativeAt' | keyof WorkshopTiming> & { votesLive?: boolean };
/** A workshop's reminder, auto-advance and digest settings: a new workshop has the defaults (24 and 1 hours before, no digest). */
export type WorkshopTiming = Pick<WorkshopRecord, 'reminderHours' | 'remindAnyTime' | 'autoAdvance' | 'digestHour' | 'digestTimeZone'>;
export type TouchpointPatch = Partial<Pick<TouchpointRecord, 'channelId' | 'description' | 'sourceTouchpointId'>>;
export type ObservationPatch = Partial<Pick<ObservationRecord, 'kind' | 'text' | 'momentOfTruth' | 'stageId' | 'touchpointId'>>;
export type WorkshopPatch = Partial<Pick<WorkshopRecord,
  'title' | 'scope' | 'language' | 'mode' | 'basis' | 'anonymous' | 'voteBudget' | 'voteCap' | 'votesLive' | 'step' | 'status' | 'closedAt'
  | keyof WorkshopTiming>>;

/**
 * Work that must follow a command — a message refresh, the map, each head's message — recorded in the
 * command's own transaction (an outbox), so a process that stops right after the commit loses none of it.
 * A job worker carries it out later, on any replica (src/db: pg-boss on PostgreSQL, a table of the SQLite
 * file in-process). What the names and data mean is the conversation layer's business, not the engine's.
 */
export interface JobRequest {
  /** The queue, which says how the job runs (retries, backoff, coalescing). */
  queue: string;
  data: Record<string, unknown>;
  /**
   * Coalescing key: while a job of this queue with this key waits, another one is not added; jobs of one
   * key never run at the same time. Without a key every job is added and may run alongside the others.
   */
  key?: string;
  /** Not before this moment (reminders, a grace period). */
  startAfter?: Date;
}

export interface StoreTx {
  readonly workspaceId: string;

  /** Records jobs with this transaction: they exist if and only if it commits. */
  enqueue(jobs: readonly JobRequest[]): Promise<void>;

  /** Records a delivery id. Returns the stored result when that id was already applied. */
  claimDelivery(deliveryId: string): Promise<{ replay: string } | null>;
  completeDelivery(deliveryId: string, result: string): Promise<void>;

  createWorkshop(data: NewWorkshop): Promise<WorkshopRecord>;
  getWorkshop(workshopId: string): Promise<WorkshopRecord | null>;
  /** Applies the patch only if the workshop is still at `expectedVersion`, and bumps the version. */
  updateWorkshop(workshopId: string, expectedVersion: number, patch: WorkshopPatch): Promise<boolean>;
  setDeadline(workshopId: string, step: Step, dueAt: Date | null): Promise<void>;
  /** A step's nudge and timer; null when nothing was ever recorded for it. */
  getStepState(workshopId: string, step: Step): Promise<StepStateRecord | null>;
  /** Writes a step's nudge and timer, all of it (creates the row the first time). */
  saveStepState(workshopId: string, state: StepStateRecord): Promise<void>;

  /** Stores a target journey's story and when it was approved (both null: cleared); the version is left alone. */
  setNarrative(workshopId: string, narrative: string | null, at: Date | null): Promise<void>;

  setPersona(workshopId: string, persona: PersonaRecord): Promise<void>;
  setGoal(workshopId: string, text: string): Promise<void>;

  listDepartments(workshopId: string): Promise<DepartmentRecord[]>;
  createDepartment(workshopId: string, name: string, headUserId: string | null, position: number): Promise<DepartmentRecord>;
  updateDepartment(departmentId: string, patch: { name?: string; headUserId?: string | null }): Promise<void>;
  deleteDepartment(departmentId: string): Promise<void>;
  departmentInUse(departmentId: string): Promise<boolean>;

  findParticipant(workshopId: string, userId: string): Promise<ParticipantRecord | null>;
  /** The user's participant rows in every workshop of the workspace. */
  participationsOf(userId: string): Promise<ParticipantRecord[]>;
  createParticipant(workshopId: string, p: { userId: string; displayName: string; role: Role; departmentId: string | null }): Promise<ParticipantRecord>;
  updateParticipant(participantId: string, patch: { displayName?: string; role?: Role; departmentId?: string | null }): Promise<void>;

  listStages(workshopId: string): Promise<StageRecord[]>;
  getStage(stageId: string): Promise<StageRecord | null>;
  createStage(workshopId: string, s: { label: string; phase: Phase; position: number; authorId: string | null; sourceStageId?: string | null }): Promise<StageRecord>;
  updateStage(stageId: string, patch: { label?: string; phase?: Phase; keyMomentId?: string | null }): Promise<void>;
  /** Rewrites positions 0…n-1 in the order given. */
  setStageOrder(workshopId: string, orderedIds: string[]): Promise<void>;
  deleteStage(stageId: string): Promise<void>;
  stageHasContributions(stageId: string): Promise<boolean>;
  createKeyMoment(label: string): Promise<KeyMomentRecord>;
  getKeyMoment(id: string): Promise<KeyMomentRecord | null>;

  listChannels(workshopId: string): Promise<ChannelRecord[]>;
  createChannel(workshopId: string, name: string, position: number): Promise<ChannelRecord>;

  getTouchpoint(touchpointId: string): Promise<TouchpointRecord | null>;
  createTouchpoint(workshopId: string, t: { stageId: string; channelId: string; description: string; authorId: string | null; sourceTouchpointId?: string | null }): Promise<TouchpointRecord>;
  deleteTouchpoint(touchpointId: string): Promise<void>;
  /** Changes a touchpoint's channel, description or source; fields left out stay as they are. */
  updateTouchpoint(touchpointId: string, patch: TouchpointPatch): Promise<void>;
  /**
   * Makes whatever points at the touchpoints `fromIds` point at `toId` instead (a merge): their observations,
   * and the touchpoints of target journeys copied from them.
   */
  moveTouchpointReferences(fromIds: readonly string[], toId: string): Promise<void>;
  /** Marks the cell "not used on this channel"; marking it again changes nothing. */
  markCellUnused(workshopId: string, stageId: string, channelId: string): Promise<void>;
  /** Removes the mark; false when the cell was not marked. */
  markCellUsed(stageId: string, channelId: string): Promise<boolean>;

  createObservation(workshopId: string, o: Omit<ObservationRecord, 'id' | 'workshopId' | 'createdAt'>): Promise<ObservationRecord>;
  getObservation(observationId: string): Promise<ObservationRecord | null>;
  setMomentOfTruth(observationId: string, value: boolean): Promise<void>;
  /** Changes what an observation says or where it is; fields left out stay as they are. */
  updateObservation(observationId: string, patch: ObservationPatch): Promise<void>;
  /** Removes an observation with its votes (so its voters have them back) and its links to solutions. */
  deleteObservation(observationId: string): Promise<void>;
  /** Puts these votes on another observation (a merge carries them over); their voters and step stay. */
  moveVotes(voteIds: readonly string[], observationId: string): Promise<void>;
  /**
   * Makes every solution that addresses one of `fromIds` address `toId` too, once (a merge): the links to
   * `fromIds` themselves go when those observations are deleted.
   */
  linkSolutionsOf(fromIds: readonly string[], toId: string): Promise<void>;

  /**
   * Serialises one voter's changes of votes: a write on the participant row taken before the votes are
   * counted (a row lock on PostgreSQL, the write lock on SQLite), as castVote does.
   */
  lockVoter(participantId: string): Promise<void>;
  countVotes(participantId: string, step: VotingStep): Promise<number>;
  /** Removes one of the participant's votes on the target; false when there was none. */
  deleteVote(participantId: string, target: VoteTarget): Promise<boolean>;
  /** Records that a voting step's tallies are revealed; false when they already were (the first reveal's time is kept). */
  revealVotes(workshopId: string, step: VotingStep, at: Date): Promise<boolean>;

  setEmotion(workshopId: string, stageId: string, participantId: string, score: number): Promise<void>;

  createSolution(workshopId: string, s: { text: string; departmentId: string | null; authorId: string; addresses: string[] }): Promise<SolutionRecord>;
  getSolution(solutionId: string): Promise<SolutionRecord | null>;
  setSolutionDepartment(solutionId: string, departmentId: string): Promise<void>;
  /** Changes a solution's text and, when given, replaces the observations it addresses. */
  updateSolution(solutionId: string, patch: { text?: string; addresses?: string[] }): Promise<void>;
  /** Removes a solution with its links, ratings, votes (given back to their voters) and roadmap item. */
  deleteSolution(solutionId: string): Promise<void>;
  rateSolution(solutionId: string, participantId: string, impact: number, effort: number): Promise<void>;

  replaceRoadmap(workshopId: string, items: RoadmapItemRecord[]): Promise<void>;

  /**
   * Removes the workshop and every row that belongs to it: its content, conversation, deliveries, the
   * delivery ids whose recorded results name it, its waiting jobs, and the key moments only it used.
   */
  deleteWorkshop(workshopId: string): Promise<void>;

  /** The whole workshop, for read models and step entry conditions. */
  loadWorkshop(workshopId: string): Promise<WorkshopData | null>;
  /**
   * Only what one user's ballot shows (BallotData): a vote click redraws it, many people at once, and the whole
   * workshop (every participant's votes, emotions, the roadmap…) is many times more to read. Null: not found.
   */
  loadBallot(workshopId: string, userId: string): Promise<BallotData | null>;
  listWorkshops(): Promise<WorkshopRecord[]>;
  /** Stages of every workshop of the workspace that share the key moment. */
  stagesWithKeyMoment(keyMomentId: string): Promise<StageRecord[]>;
}

/** What the vote rules read of a workshop. */
export type VotingWorkshop = Pick<WorkshopRecord, 'status' | 'step' | 'title' | 'voteBudget' | 'voteCap'> & {
  /** The current step's live timer ran out: its contributions, votes included, are closed. */
  timerEnded?: boolean;
};

export interface VoteRequest {
  workshopId: string;
  userId: string;
  displayName: string;
  target: VoteTarget;
  deliveryId?: string;
  /** Jobs recorded with the vote, in its transaction, when it is applied (not on a replay or a refusal). */
  jobs?: readonly JobRequest[];
}

export interface VoteResult {
  /** Votes the voter has left in this step. */
  remaining: number;
  /** The voter's votes on this item, this one included. */
  onItem: number;
}

export interface VoteFacts {
  targetFound: boolean;
  budget: number;
  cap: number;
  used: number;
  onItem: number;
}

/**
 * The method's vote rules, handed to the store so that it can apply them inside one short transaction.
 * Each is pure and synchronous, and refuses by throwing a DomainError (which rolls the transaction back).
 */
export interface VoteRules {
  /** May this user vote in this workshop (null: not found in the workspace) now? Returns the step the vote counts in. */
  admit(workshop: VotingWorkshop | null, participant: Pick<ParticipantRecord, 'role'> | null): VotingStep;
  /** Role and department of a user whose first contribution is this vote. */
  joining(headedDepartmentId: string | null): { role: Role; departmentId: string | null };
  decide(facts: VoteFacts): VoteResult;
  /** The outcome recorded with the delivery id, replayed to a re-delivery. */
  record(result: VoteResult): string;
}

export interface Store {
  /**
   * Dot voting is the one command many people send at the same moment, so it has its own path: one
   * short transaction on the database driver itself, in this order — claim the delivery id (or return
   * the recorded outcome), read the workshop and the voter, join them if new, lock the voter (so the
   * counts that follow include their concurrent votes), read the target and the counts, decide,
   * insert the vote, record the outcome. An implementation may take a shorter way to the same outcome
   * (PostgreSQL: read, decide, then write only if the voter cast nothing meanwhile).
   */
  castVote(workspaceId: string, request: VoteRequest, rules: VoteRules): Promise<{ replay: string } | VoteResult>;
  /**
   * Runs `work` in one transaction scoped to a workspace. A conflict between concurrent writers
   * (SQLite busy, PostgreSQL serialization failure) makes the store retry the whole unit.
   */
  transaction<T>(workspaceId: string, work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * StoreTx.loadBallot as a read of its own, as consistent as in a transaction (on PostgreSQL one statement on
   * the driver, no transaction needed): what a vote click redraws, many people at once.
   */
  loadBallot(workspaceId: string, workshopId: string, userId: string): Promise<BallotData | null>;
  /**
   * StoreTx.loadWorkshop as a read of its own, as consistent as in a transaction (on PostgreSQL one statement on
   * the driver): what a workshop's messages are drawn from, after every burst of changes.
   */
  loadWorkshop(workspaceId: string, workshopId: string): Promise<WorkshopData | null>;
  /** Finds or creates the workspace of a Slack team, a Teams tenant, or the local CLI. */
  ensureWorkspace(platform: string, externalId: string, name?: string): Promise<WorkspaceRecord>;
  /**
   * Records that the app was removed from a platform's workspace at `at`, or is installed again (null).
   * Returns the workspace's id, or null when there is no such workspace.
   */
  setUninstalled(platform: string, externalId: string, at: Date | null): Promise<string | null>;
  /**
   * Deletes a workspace and every row of it (workshops and all they hold, delivery ids, jobs) if the app
   * is still removed since `since`; false, deleting nothing, when it was installed again meanwhile.
   */
  purgeWorkspace(workspaceId: string, since: Date): Promise<boolean>;
}
