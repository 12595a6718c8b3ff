// The roadmap as JSON for other tools (ticketing, BI). Its shape is the zod schema below — the single
// definition the export is parsed against before it is written, and that docs/roadmap-json.md describes.
import { z } from 'zod';
import { priorityFactors } from '../../core/priority.js';
import type { RoadmapEntry, WorkshopSnapshot } from '../../core/snapshot.js';
import { explainPriority } from '../../i18n/priority.js';
import { JOURNEYS, LANGUAGES, OBSERVATION_KINDS } from '../../core/vocabulary.js';

export const ROADMAP_FORMAT = 'parcours.roadmap/1';

const Addressed = z.object({
  observationId: z.string(),
  kind: z.enum(OBSERVATION_KINDS),
  text: z.string(),
  momentOfTruth: z.boolean(),
  stageId: z.string(),
  stagePosition: z.number().int().positive(),
  stageLabel: z.string(),
});

const Item = z.object({
  rank: z.number().int().positive(),
  solutionId: z.string(),
  text: z.string(),
  priority: z.number(),
  impact: z.number().min(1).max(5),
  effort: z.number().min(1).max(5),
  votes: z.number().int().nonnegative(),
  /** The priority's three factors, as heads' messages and the Markdown and CSV documents tell them. */
  factors: z.object({ valueForEffort: z.number(), voteFactor: z.number(), momentOfTruthFactor: z.number() }),
  /** The priority in words, in the workshop's language. */
  why: z.string(),
  addresses: z.array(Addressed),
});

export const RoadmapDocumentSchema = z.object({
  format: z.literal(ROADMAP_FORMAT),
  workshop: z.object({
    id: z.string(),
    title: z.string(),
    language: z.enum(LANGUAGES),
    journey: z.enum(JOURNEYS),
    version: z.number().int().positive(),
    closedAt: z.iso.datetime().nullable(),
  }),
  generatedAt: z.iso.datetime(),
  /** A target journey's story, as its facilitator approved it; absent until then (and on a current journey). */
  narrative: z.string().optional(),
  departments: z.array(z.object({
    id: z.string(),
    name: z.string(),
    headUserId: z.string().nullable(),
    items: z.array(Item),
  })),
});

export type RoadmapDocument = z.infer<typeof RoadmapDocumentSchema>;

export function roadmapDocument(s: WorkshopSnapshot, now: Date = new Date()): RoadmapDocument {
  // Stages are numbered for people, from 1, in their order on the map (positions are 0-based).
  const position = new Map(s.stages.map((st, i) => [st.id, i + 1]));
  return RoadmapDocumentSchema.parse({
    format: ROADMAP_FORMAT,
    workshop: {
      id: s.workshop.id, title: s.workshop.title, language: s.workshop.language, journey: s.workshop.journey,
      version: s.workshop.version, closedAt: s.workshop.closedAt?.toISOString() ?? null,
    },
    generatedAt: now.toISOString(),
    ...(s.workshop.narrative ? { narrative: s.workshop.narrative } : {}),
    departments: s.roadmap.map((d) => ({
      id: d.department.id, name: d.department.name, headUserId: d.department.headUserId,
      items: [...d.items].sort((a, b) => a.rank - b.rank).map((i) => ({
        rank: i.rank, solutionId: i.solutionId, text: i.text, priority: i.priority, impact: i.impact, effort: i.effort, votes: i.votes,
        ...why(s, i),
        addresses: i.addresses.map((a) => ({ ...a, stagePosition: position.get(a.stageId) ?? 1 })),
      })),
    })),
  });
}

function why(s: WorkshopSnapshot, i: RoadmapEntry): { factors: RoadmapDocument['departments'][number]['items'][number]['factors']; why: string } {
  const input = { ...i, addressesMomentOfTruth: i.addresses.some((a) => a.momentOfTruth) };
  const { valueForEffort, voteFactor, momentOfTruthFactor } = priorityFactors(input);
  return { factors: { valueForEffort, voteFactor, momentOfTruthFactor }, why: explainPriority(s.workshop.language, input) };
}

export function roadmapJson(s: WorkshopSnapshot, now?: Date): string {
  return JSON.stringify(roadmapDocument(s, now), null, 2) + '\n';
}
