// A target journey beside the current journey it was started from (Workshop.sourceWorkshopId): for each stage
// of the target, the stage it comes from, how the customer felt there before, which irritants and breaks of
// the current journey it removes and which are still there, and which solutions of the current journey's
// roadmap change it. Pure.
//
// A stage of the target comes from the current stage it was copied from (sourceStageId), else from the one
// with the same wording. An irritant or break of the current journey is still there when the target's
// evaluation names it again at that stage (same words, whatever the case, accents or spacing); otherwise
// the target removes it. Enchantments are not counted: the target keeps what already works. Before the
// target's own evaluation has begun, nothing can be said removed: they are all still to remove.
import type { EmotionPoint, ObservationView, SolutionView, StageView, WorkshopSnapshot } from './snapshot.js';
import { stepIndex } from './vocabulary.js';

export interface StageComparison {
  /** The target's stage. */
  stageId: string;
  /** The current journey's stage it comes from; null for a stage new in the target. */
  source: StageView | null;
  /** How the customer felt at the source stage in the current journey; null when new or unrated. */
  before: EmotionPoint | null;
  /** Irritants and breaks of the source stage the target no longer has, most-voted first. */
  removed: ObservationView[];
  /** Those the target's evaluation names again at this stage. */
  remaining: ObservationView[];
  /** Before the target is evaluated: the source stage's irritants and breaks, which it sets out to remove. */
  toRemove: ObservationView[];
  /** Solutions on the current journey's roadmap that address something at the source stage, by priority. */
  solutions: SolutionView[];
}

export interface JourneyComparison {
  current: { workshopId: string; title: string };
  stages: StageComparison[];
  /** Stages of the current journey no stage of the target comes from. */
  dropped: StageView[];
}

/** Words compared as people would: without case, accents, repeated spaces or a final full stop. */
export function sameWords(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/[\s\u00a0]+/g, ' ').replace(/[\s.!…]+$/u, '').trim();
}

export function compareJourneys(target: WorkshopSnapshot, current: WorkshopSnapshot): JourneyComparison {
  const byId = new Map(current.stages.map((s) => [s.id, s]));
  const byWords = new Map(current.stages.map((s) => [sameWords(s.label), s]));
  const onRoadmap = new Set(current.roadmap.flatMap((d) => d.items.map((i) => i.solutionId)));
  const chosen = current.solutions.filter((s) => onRoadmap.has(s.id)).sort((a, b) => (b.priority ?? -1) - (a.priority ?? -1) || a.id.localeCompare(b.id));
  const used = new Set<string>();
  const evaluated = target.workshop.status === 'closed' || stepIndex(target.workshop.step) >= stepIndex('evaluation');
  const stages = target.stages.map((stage): StageComparison => {
    const candidate = (stage.sourceStageId ? byId.get(stage.sourceStageId) : undefined) ?? byWords.get(sameWords(stage.label));
    const source = candidate && !used.has(candidate.id) ? candidate : null;
    if (!source) return { stageId: stage.id, source: null, before: null, removed: [], remaining: [], toRemove: [], solutions: [] };
    used.add(source.id);
    const againHere = new Set(target.observations.filter((o) => o.stageId === stage.id).map((o) => sameWords(o.text)));
    const problems = current.observations.filter((o) => o.stageId === source.id && o.kind !== 'enchantment')
      .sort((a, b) => b.votes - a.votes || a.id.localeCompare(b.id));
    const here = new Set(problems.map((o) => o.id));
    const before = current.emotion.find((e) => e.stageId === source.id) ?? null;
    return {
      stageId: stage.id, source, before: before && before.mean !== null ? before : null,
      removed: evaluated ? problems.filter((o) => !againHere.has(sameWords(o.text))) : [],
      remaining: evaluated ? problems.filter((o) => againHere.has(sameWords(o.text))) : [],
      toRemove: evaluated ? [] : problems,
      solutions: chosen.filter((s) => s.addresses.some((id) => here.has(id))),
    };
  });
  return {
    current: { workshopId: current.workshop.id, title: current.workshop.title },
    stages,
    dropped: current.stages.filter((s) => !used.has(s.id)),
  };
}
