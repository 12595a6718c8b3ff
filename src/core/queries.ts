// The engine's queries. Each reads in one transaction of the workspace, so a reader never sees a
// half-applied command, and builds its answer with the pure read models.
import { refuse } from './errors.js';
import { rankObservations } from './evaluation.js';
import { ballotSnapshot, buildSnapshot, myVotes, owedWork, type MyVotes } from './read-models.js';
import type { WorkshopData, WorkshopRecord } from './records.js';
import type {
  EmotionPoint, KeyMomentComparison, OwedWork, RankedObservation, RoadmapDepartment, SolutionView, TouchpointMatrix, WorkshopSnapshot,
} from './snapshot.js';
import type { Store, StoreTx } from './store.js';
import { touchpointMatrix } from './touchpoints.js';
import { fixableItems, type FixableItems } from './workflow.js';
import type { Language, ObservationKind } from './vocabulary.js';

export type { MyVotes };

export interface WorkshopListItem {
  workshop: WorkshopRecord;
  /** The user's role in it, or null when they have not joined. */
  role: string | null;
  /** What the user owes the current step of an open workshop they joined. */
  owes: OwedWork['owes'];
  /** The current step's deadline, for an open workshop the user joined. */
  deadline: Date | null;
}

export class Queries {
  constructor(private readonly store: Store) {}

  private async load<T>(workspaceId: string, workshopId: string, build: (data: WorkshopData, tx: StoreTx) => T | Promise<T>): Promise<T> {
    return this.store.transaction(workspaceId, async (tx) => {
      const data = await tx.loadWorkshop(workshopId);
      if (!data) refuse('errors.workshopNotFound');
      return build(data, tx);
    });
  }

  /**
   * The workshop with one user's own votes in the current voting step (item id → count) and what they have
   * left, read together. Only ever shown to that user, so it is safe in an anonymous workshop too.
   */
  ballot(workspaceId: string, workshopId: string, userId: string): Promise<{ snapshot: WorkshopSnapshot; mine: MyVotes }> {
    return this.load(workspaceId, workshopId, (data) => ({ snapshot: buildSnapshot(data), mine: myVotes(data, userId) }));
  }

  /**
   * The same for redrawing one person's ballot, reading only what it shows (Store.loadBallot): the snapshot
   * is ballotSnapshot's, good for ballotView and nothing else. Many people click their ballots at once.
   */
  async ballotOnly(workspaceId: string, workshopId: string, userId: string): Promise<{ snapshot: WorkshopSnapshot; mine: MyVotes }> {
    const data = await this.store.loadBallot(workspaceId, workshopId, userId);
    if (!data) refuse('errors.workshopNotFound');
    return { snapshot: ballotSnapshot(data), mine: myVotes(data, userId) };
  }

  /** The observations and solutions a user may fix (edit, move, remove): only ever shown to that user. */
  fixable(workspaceId: string, workshopId: string, userId: string): Promise<FixableItems> {
    return this.load(workspaceId, workshopId, (data) => fixableItems(data, userId));
  }

  /** A workshop's language (null: not in this workspace): one row, for adapters answering about it. */
  async language(workspaceId: string, workshopId: string): Promise<Language | null> {
    return (await this.store.transaction(workspaceId, (tx) => tx.getWorkshop(workshopId)))?.language ?? null;
  }

  /** The whole workshop state, as the renderer and the chat views read it. */
  async snapshot(workspaceId: string, workshopId: string): Promise<WorkshopSnapshot> {
    // A read of its own (one statement on PostgreSQL): every burst of changes refreshes a workshop's messages from it.
    const data = await this.store.loadWorkshop(workspaceId, workshopId);
    if (!data) refuse('errors.workshopNotFound');
    return buildSnapshot(data);
  }

  owed(workspaceId: string, workshopId: string): Promise<OwedWork[]> {
    return this.load(workspaceId, workshopId, owedWork);
  }

  matrix(workspaceId: string, workshopId: string): Promise<TouchpointMatrix> {
    return this.load(workspaceId, workshopId, (data) => {
      const s = buildSnapshot(data);
      return touchpointMatrix(s.stages, s.channels, s.touchpoints, s.unusedCells);
    });
  }

  /** Observations ranked by votes, optionally of some kinds only (irritants and ruptures, say). */
  ranking(workspaceId: string, workshopId: string, kinds?: ObservationKind[]): Promise<RankedObservation[]> {
    return this.load(workspaceId, workshopId, (data) => {
      const createdAt = new Map(data.observations.map((o) => [o.id, o.createdAt.getTime()]));
      const observations = buildSnapshot(data).observations.filter((o) => !kinds || kinds.includes(o.kind));
      return rankObservations(observations, (id) => createdAt.get(id) ?? 0);
    });
  }

  /** Solutions ranked by priority (unrated ones last). */
  solutionRanking(workspaceId: string, workshopId: string): Promise<SolutionView[]> {
    return this.load(workspaceId, workshopId, (data) =>
      [...buildSnapshot(data).solutions].sort((a, b) => (b.priority ?? -1) - (a.priority ?? -1)));
  }

  emotionCurve(workspaceId: string, workshopId: string): Promise<EmotionPoint[]> {
    return this.load(workspaceId, workshopId, (data) => buildSnapshot(data).emotion);
  }

  roadmap(workspaceId: string, workshopId: string): Promise<RoadmapDepartment[]> {
    return this.load(workspaceId, workshopId, (data) => buildSnapshot(data).roadmap);
  }

  /** Every key moment of this workshop, as lived in each journey of the workspace that shares it. */
  keyMoments(workspaceId: string, workshopId: string): Promise<KeyMomentComparison[]> {
    return this.load(workspaceId, workshopId, async (data, tx) => {
      const comparisons: KeyMomentComparison[] = [];
      const snapshots = new Map<string, WorkshopSnapshot>([[workshopId, buildSnapshot(data)]]);
      for (const keyMomentId of new Set(data.stages.flatMap((s) => (s.keyMomentId ? [s.keyMomentId] : [])))) {
        const moment = await tx.getKeyMoment(keyMomentId);
        const journeys: KeyMomentComparison['journeys'] = [];
        for (const stage of await tx.stagesWithKeyMoment(keyMomentId)) {
          let snap = snapshots.get(stage.workshopId);
          if (!snap) {
            const other = await tx.loadWorkshop(stage.workshopId);
            if (!other) continue;
            snap = buildSnapshot(other);
            snapshots.set(stage.workshopId, snap);
          }
          const view = snap.stages.find((s) => s.id === stage.id);
          const emotion = snap.emotion.find((e) => e.stageId === stage.id);
          if (!view || !emotion) continue;
          journeys.push({
            workshopId: snap.workshop.id, title: snap.workshop.title, journey: snap.workshop.journey, stage: view, emotion,
            observations: snap.observations.filter((o) => o.stageId === stage.id).sort((a, b) => b.votes - a.votes),
          });
        }
        journeys.sort((a, b) => Number(a.workshopId !== workshopId) - Number(b.workshopId !== workshopId));
        comparisons.push({ keyMomentId, label: moment?.label ?? journeys[0]?.stage.label ?? '', journeys });
      }
      return comparisons;
    });
  }

  /** For a target journey, the current journey it was started from (Workshop.sourceWorkshopId), while it exists. */
  sourceJourney(workspaceId: string, workshopId: string): Promise<WorkshopSnapshot | null> {
    return this.load(workspaceId, workshopId, async (data, tx) => {
      const sourceId = data.workshop.journey === 'target' ? data.workshop.sourceWorkshopId : null;
      const source = sourceId ? await tx.loadWorkshop(sourceId) : null;
      return source ? buildSnapshot(source) : null;
    });
  }

  /**
   * The workspace's workshops, newest first, with the user's role in each; for the open ones they joined,
   * what they owe the current step and its deadline. Only those are loaded whole.
   */
  listWorkshops(workspaceId: string, userId?: string): Promise<WorkshopListItem[]> {
    return this.store.transaction(workspaceId, async (tx) => {
      const joined = new Map((userId ? await tx.participationsOf(userId) : []).map((p) => [p.workshopId, p]));
      const items: WorkshopListItem[] = [];
      for (const workshop of await tx.listWorkshops()) {
        const participant = joined.get(workshop.id);
        const data = participant && workshop.status === 'open' ? await tx.loadWorkshop(workshop.id) : null;
        items.push({
          workshop,
          role: participant?.role ?? null,
          owes: data && participant ? owedWork(data).find((o) => o.participantId === participant.id)?.owes ?? [] : [],
          deadline: data?.deadlines.find((d) => d.step === workshop.step)?.dueAt ?? null,
        });
      }
      return items;
    });
  }
}
