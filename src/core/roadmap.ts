// Step 6 — Target journey and roadmaps: the chosen solutions become roadmap items, grouped by
// department and ordered by priority, sent to each department head. A target journey starts from a
// current one, its stages and touchpoints copied and linked back to their originals.
import type { CommandOf } from './commands.js';
import type { HandlerResult, WorkshopContext } from './context.js';
import { refuse } from './errors.js';
import { comparePriority } from './priority.js';
import type { ObservationRecord, RoadmapItemRecord, SolutionRecord, StageRecord } from './records.js';
import type { AddressedObservation, DepartmentView, RoadmapDepartment, RoadmapEntry, SolutionView } from './snapshot.js';

/** Roadmap items: rated solutions with an owning department, ranked within each department. Pure. */
export function buildRoadmap(
  departments: DepartmentView[], solutions: SolutionView[], solutionRecords: SolutionRecord[],
  observations: ObservationRecord[], stages: StageRecord[],
  places: { touchpoints: { id: string; channelId: string }[]; channels: { id: string; name: string }[] } = { touchpoints: [], channels: [] },
): RoadmapDepartment[] {
  // An item names where what it addresses was seen: the stage, and the touchpoint's channel when there is one.
  const channelName = new Map(places.channels.map((c) => [c.id, c.name]));
  const touchpointChannel = new Map(places.touchpoints.map((t) => [t.id, channelName.get(t.channelId)]));
  const createdAt = new Map(solutionRecords.map((s) => [s.id, s.createdAt]));
  const observationById = new Map(observations.map((o) => [o.id, o]));
  const stageLabel = new Map(stages.map((s) => [s.id, s.label]));
  return departments.map((department) => {
    const ranked = solutions
      .filter((s) => s.departmentId === department.id && s.priority !== null && s.impact !== null && s.effort !== null)
      .map((s) => ({ ...s, priority: s.priority!, impact: s.impact!, effort: s.effort!, createdAt: createdAt.get(s.id) ?? new Date(0) }))
      .sort(comparePriority);
    const items: RoadmapEntry[] = ranked.map((s, i) => ({
      solutionId: s.id, text: s.text, rank: i + 1, priority: s.priority, impact: s.impact, effort: s.effort, votes: s.votes,
      addresses: s.addresses.flatMap((id): AddressedObservation[] => {
        const o = observationById.get(id);
        const channel = o?.touchpointId ? touchpointChannel.get(o.touchpointId) : undefined;
        return o ? [{ observationId: o.id, kind: o.kind, text: o.text, momentOfTruth: o.momentOfTruth, stageId: o.stageId, stageLabel: stageLabel.get(o.stageId) ?? '', ...(channel ? { channelName: channel } : {}) }] : [];
      }),
    }));
    return { department, items };
  });
}

/** The rows to persist for a roadmap, keeping the delivery status of items that already existed. Pure. */
export function roadmapRecords(roadmap: RoadmapDepartment[], previous: RoadmapItemRecord[]): RoadmapItemRecord[] {
  const status = new Map(previous.map((p) => [p.solutionId, p.status]));
  return roadmap.flatMap(({ department, items }) => items.map((item) => ({
    solutionId: item.solutionId, departmentId: department.id, priority: item.priority, rank: item.rank,
    status: status.get(item.solutionId) ?? 'planned',
  })));
}

export async function startTargetJourney(ctx: WorkshopContext, c: CommandOf<'startTargetJourney'>): Promise<HandlerResult<{ workshopId: string }>> {
  const current = ctx.workshop;
  if (current.journey !== 'current') refuse('errors.targetFromTarget');
  const data = await ctx.tx.loadWorkshop(current.id);
  if (!data) refuse('errors.workshopNotFound');
  const title = c.title ?? current.title;
  const target = await ctx.tx.createWorkshop({
    title, scope: current.scope, language: current.language, mode: current.mode, journey: 'target', basis: current.basis,
    anonymous: current.anonymous, voteBudget: current.voteBudget, voteCap: current.voteCap, sourceWorkshopId: current.id,
  });
  const departmentIds = new Map<string, string>();
  for (const d of data.departments) departmentIds.set(d.id, (await ctx.tx.createDepartment(target.id, d.name, d.headUserId, d.position)).id);
  await ctx.tx.createParticipant(target.id, {
    userId: ctx.actor.userId, displayName: ctx.existingParticipant?.displayName ?? '', role: 'facilitator',
    departmentId: ctx.existingParticipant?.departmentId ? departmentIds.get(ctx.existingParticipant.departmentId) ?? null : null,
  });
  if (data.persona) await ctx.tx.setPersona(target.id, data.persona);
  if (data.goal) await ctx.tx.setGoal(target.id, data.goal);
  const stageIds = new Map<string, string>();
  for (const s of data.stages) {
    const copy = await ctx.tx.createStage(target.id, { label: s.label, phase: s.phase, position: s.position, authorId: null, sourceStageId: s.id });
    if (s.keyMomentId) await ctx.tx.updateStage(copy.id, { keyMomentId: s.keyMomentId });
    stageIds.set(s.id, copy.id);
  }
  const channelIds = new Map<string, string>();
  for (const ch of data.channels) channelIds.set(ch.id, (await ctx.tx.createChannel(target.id, ch.name, ch.position)).id);
  for (const t of data.touchpoints) {
    await ctx.tx.createTouchpoint(target.id, {
      stageId: stageIds.get(t.stageId)!, channelId: channelIds.get(t.channelId)!, description: t.description, authorId: null, sourceTouchpointId: t.id,
    });
  }
  // A channel with no part at a stage has none in the target either, until someone adds a touchpoint there.
  for (const u of data.unusedCells) await ctx.tx.markCellUnused(target.id, stageIds.get(u.stageId)!, channelIds.get(u.channelId)!);
  // The target starts where its content stands: stages and touchpoints are there, so it opens at stages for review.
  await ctx.tx.updateWorkshop(target.id, target.version, { step: 'stages' });
  return { result: { workshopId: target.id }, effects: [{ kind: 'workshopCreated', workshopId: target.id }] };
}
