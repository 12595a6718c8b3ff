// Two AI suggestions for the facilitator, computed by `assist` jobs (assist-jobs.ts) like the others: the
// near-duplicates of the current step proposed as merges, and the draft of a target journey's story. The
// assistant answers from the model or from its deterministic fallback; the facilitator is told privately, with
// buttons that apply a suggestion through the engine's commands (assist-merge-actions.ts). Nothing is applied here.
//
// What goes to the assistant is the workshop's own content under its own ids — touchpoints, observations, stage
// labels, solutions, department names, the persona's name and goal — never a participant's name or platform id.
import { compareJourneys, type JourneyComparison } from '../core/journeys.js';
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { JobRequest } from '../core/store.js';
import { OBSERVATION_KINDS, type Step } from '../core/vocabulary.js';
import { mergesNotice, storyNotice, type MergeGroupView } from '../present/assist-merge.js';
import type { NoticeView } from '../present/model.js';
import type { AssistNotice, AssistScope, DuplicatesInput, NarrativeInput, TextItem } from './assistant.js';
import type { ConversationDeps } from './deps.js';
import type { Recipient } from './platform.js';

/** The steps whose contributions may be merged: touchpoints in theirs, observations in the evaluation. */
export const MERGE_STEPS = ['touchpoints', 'evaluation'] as const satisfies readonly Step[];
export type MergeStep = (typeof MERGE_STEPS)[number];

export function isMergeStep(step: Step): step is MergeStep {
  return (MERGE_STEPS as readonly Step[]).includes(step);
}

/** Model calls of one search at once: a journey of many stages asks one per stage and kind, each up to 15 s. */
const AT_ONCE = 4;

/** Where the jobs of a request belong (assist-jobs.ts's AssistOrigin, whose AssistData parses these jobs). */
interface Origin {
  workspaceId: string;
  platform: 'slack' | 'teams';
  workspace: string;
}

/** The job of a facilitator's "Find duplicates": repeated clicks while it waits make one. */
export function duplicatesJob(origin: Origin, workshopId: string, tell: Recipient, step: MergeStep): JobRequest {
  const data = { ...origin, workshopId, tell, suggestion: 'duplicates', step };
  return { queue: 'assist', data, key: `duplicates:${workshopId}:${tell.userId}`.slice(0, 200) };
}

/** The job of a facilitator's "Draft the story": repeated clicks while it waits make one. */
export function storyJob(origin: Origin, workshopId: string, tell: Recipient): JobRequest {
  const data = { ...origin, workshopId, tell, suggestion: 'story' };
  return { queue: 'assist', data, key: `story:${workshopId}:${tell.userId}`.slice(0, 200) };
}

/** One list to compare: items of one kind at one stage, in the order they were written (the snapshot's). */
export interface MergeBatch {
  kind: DuplicatesInput['kind'];
  items: TextItem[];
}

/**
 * What the step's near-duplicates are looked for in: each stage's touchpoints (their channel, and what happens
 * there), or each stage's observations of one kind. A list of one has nothing to compare and is left out.
 */
export function mergeBatches(s: WorkshopSnapshot, step: MergeStep): MergeBatch[] {
  const batches: MergeBatch[] = [];
  for (const stage of s.stages) {
    if (step === 'touchpoints') {
      const items = s.touchpoints.filter((t) => t.stageId === stage.id).map((t) => {
        const channel = s.channels.find((c) => c.id === t.channelId)?.name ?? '';
        return { id: t.id, text: t.description ? `${channel} — ${t.description}` : channel };
      });
      batches.push({ kind: 'touchpoint', items });
    } else {
      for (const kind of OBSERVATION_KINDS) {
        batches.push({ kind, items: s.observations.filter((o) => o.stageId === stage.id && o.kind === kind).map((o) => ({ id: o.id, text: o.text })) });
      }
    }
  }
  return batches.filter((b) => b.items.length >= 2);
}

/** Runs `work` over `items`, at most `limit` at once, the results in the items' order. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** The step's near-duplicates as proposed merges, for the facilitator; null when the step moved on meanwhile. */
export async function proposeMerges(d: ConversationDeps, s: WorkshopSnapshot, scope: AssistScope, step: MergeStep, round: string): Promise<NoticeView | null> {
  if (s.workshop.step !== step) return null;
  const batches = mergeBatches(s, step);
  const answers = await pooled(batches, AT_ONCE, (b) => d.assistant.duplicates(scope, { kind: b.kind, items: b.items }));
  const groups: MergeGroupView[] = [];
  answers.forEach((answer, i) => {
    const known = new Set(batches[i]!.items.map((x) => x.id));
    for (const g of answer.value) {
      // The assistant's ids are the batch's own already (its schema is built from them): checked again all the same.
      const mergeIds = g.mergeIds.filter((id) => id !== g.keepId && known.has(id));
      if (known.has(g.keepId) && mergeIds.length) groups.push({ kind: batches[i]!.kind, keepId: g.keepId, mergeIds });
    }
  });
  // One notice for the whole search: the first reason the built-in method answered, if any did.
  const notice = answers.map((a) => a.notice).find((n): n is AssistNotice => n !== null) ?? null;
  return mergesNotice(s, groups, notice, round);
}

/** The current journey a target was started from, as the map compares them; null when it is gone. */
async function comparison(d: ConversationDeps, s: WorkshopSnapshot): Promise<{ current: WorkshopSnapshot; compared: JourneyComparison } | null> {
  const sourceId = s.workshop.sourceWorkshopId;
  if (!sourceId) return null;
  const current = await d.queries.snapshot(s.workshop.workspaceId, sourceId).catch(() => null);
  return current ? { current, compared: compareJourneys(s, current) } : null;
}

/**
 * What the story is told from, as the map's "from the current journey to this target" section computes it:
 * each stage of the target with the customer's emotion there in the current journey (before) and in the target
 * (after); the current journey's roadmap solutions that change a stage, and the target's own roadmap; the
 * irritants and breaks the target removes. Departments by name; no person anywhere.
 */
export function narrativeInput(s: WorkshopSnapshot, from: { current: WorkshopSnapshot; compared: JourneyComparison } | null): NarrativeInput {
  const byStage = new Map((from?.compared.stages ?? []).map((c) => [c.stageId, c]));
  const departmentName = (snapshot: WorkshopSnapshot, id: string | null) => snapshot.departments.find((x) => x.id === id)?.name ?? null;
  const solutions: NarrativeInput['solutions'] = [];
  const seen = new Set<string>();
  for (const stage of s.stages) {
    for (const x of byStage.get(stage.id)?.solutions ?? []) {
      if (seen.has(x.id)) continue;
      seen.add(x.id);
      solutions.push({ id: x.id, text: x.text, stageId: stage.id, department: departmentName(from!.current, x.departmentId) });
    }
  }
  for (const d of s.roadmap) {
    for (const item of d.items) {
      if (seen.has(item.solutionId)) continue;
      seen.add(item.solutionId);
      solutions.push({ id: item.solutionId, text: item.text, stageId: item.addresses[0]?.stageId ?? null, department: d.department.name });
    }
  }
  return {
    persona: s.persona?.name ?? '',
    goal: s.goal ?? '',
    stages: s.stages.map((stage) => ({
      id: stage.id, text: stage.label,
      emotionBefore: byStage.get(stage.id)?.before?.mean ?? null,
      emotionAfter: s.emotion.find((e) => e.stageId === stage.id)?.mean ?? null,
    })),
    solutions,
    removed: (from?.compared.stages ?? []).flatMap((c) => c.removed.map((o) => ({ id: o.id, text: o.text }))),
  };
}

/** The target journey's story drafted for the facilitator; null when the workshop is not (or no more) where it is asked. */
export async function draftStory(d: ConversationDeps, s: WorkshopSnapshot, scope: AssistScope, round: string): Promise<NoticeView | null> {
  if (s.workshop.journey !== 'target' || s.workshop.step !== 'roadmap') return null;
  const answer = await d.assistant.narrative(scope, narrativeInput(s, await comparison(d, s)));
  const text = answer.value.text.trim();
  return text ? storyNotice(s, text, answer.notice, round) : null;
}
