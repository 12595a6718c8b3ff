// Every command the engine accepts, validated with zod before it reaches a rule. Texts are trimmed,
// inner whitespace runs collapsed and control characters removed, so what is stored is what is shown.
import { z } from 'zod';
import { LIMITS } from './limits.js';
import { TIMING_LIMITS } from './timing.js';
import {
  BASES, EMOTION_MAX, EMOTION_MIN, JOURNEYS, LANGUAGES, MODES, OBSERVATION_KINDS, PHASES, SCORE_MAX, SCORE_MIN, STEPS, VOTING_STEPS,
} from './vocabulary.js';

// Keep newlines (a persona's needs may be a list); drop other control characters.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B\u2028\u2029]/g;

export function cleanText(value: string): string {
  return value.replace(CONTROL, ' ').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

/** The same for a text of several paragraphs (a story): one blank line between paragraphs is kept. */
export function cleanParagraphs(value: string): string {
  return value.replace(CONTROL, ' ').split(/\n[ \t]*\n\s*/).map(cleanText).filter(Boolean).join('\n\n');
}

const text = (max: number) => z.string().transform(cleanText).pipe(z.string().min(1).max(max));
const paragraphs = (max: number) => z.string().transform(cleanParagraphs).pipe(z.string().min(1).max(max));
const optionalText = (max: number) => z.string().transform(cleanText).pipe(z.string().max(max));
const id = z.string().min(1).max(64);

const deadline = z.object({ step: z.enum(STEPS), dueAt: z.coerce.date().nullable() });
const departmentInput = z.object({
  name: text(LIMITS.departmentName),
  headUserId: z.string().min(1).max(64).nullable().default(null),
});

export const personaFields = z.object({
  name: text(LIMITS.personaName),
  segment: optionalText(LIMITS.personaField).default(''),
  context: optionalText(LIMITS.personaField).default(''),
  needs: optionalText(LIMITS.personaField).default(''),
  channelHabits: optionalText(LIMITS.personaField).default(''),
  expertise: optionalText(LIMITS.personaField).default(''),
  quote: optionalText(LIMITS.quote).default(''),
});

const voteTarget = z.union([
  z.object({ observationId: id }).strict(),
  z.object({ solutionId: id }).strict(),
]);

const w = { workshopId: id };

/** A merge: the items folded into `keepId`, each named once and never the kept one itself. */
const merge = { keepId: id, mergeIds: z.array(id).min(1).max(LIMITS.mergeItems) };
const distinctMerge = (c: { keepId: string; mergeIds: string[] }): boolean => new Set(c.mergeIds).size === c.mergeIds.length && !c.mergeIds.includes(c.keepId);
const mergeIssue = { path: ['mergeIds'], message: 'invalid' };

export const CommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('createWorkshop'),
    title: text(LIMITS.title),
    scope: optionalText(LIMITS.scope).default(''),
    language: z.enum(LANGUAGES),
    mode: z.enum(MODES).default('async'),
    journey: z.enum(JOURNEYS).default('current'),
    basis: z.enum(BASES).default('staff'),
    anonymous: z.boolean().default(false),
    voteBudget: z.number().int().min(1).max(LIMITS.voteBudget).default(3),
    voteCap: z.number().int().min(1).max(LIMITS.voteCap).default(1),
    votesLive: z.boolean().default(false),
    departments: z.array(departmentInput).max(LIMITS.departments).default([]),
    deadlines: z.array(deadline).max(STEPS.length).default([]),
    persona: personaFields.optional(),
    goal: text(LIMITS.goal).optional(),
    facilitatorName: optionalText(LIMITS.displayName).default(''),
  }),
  z.object({
    type: z.literal('editFraming'), ...w,
    title: text(LIMITS.title).optional(),
    scope: optionalText(LIMITS.scope).optional(),
    language: z.enum(LANGUAGES).optional(),
    mode: z.enum(MODES).optional(),
    basis: z.enum(BASES).optional(),
    anonymous: z.boolean().optional(),
    voteBudget: z.number().int().min(1).max(LIMITS.voteBudget).optional(),
    voteCap: z.number().int().min(1).max(LIMITS.voteCap).optional(),
    votesLive: z.boolean().optional(),
  }),
  z.object({ type: z.literal('setDeadline'), ...w, ...deadline.shape }),
  z.object({ type: z.literal('addDepartment'), ...w, ...departmentInput.shape }),
  z.object({ type: z.literal('editDepartment'), ...w, departmentId: id, name: text(LIMITS.departmentName).optional(), headUserId: z.string().min(1).max(64).nullable().optional() }),
  z.object({ type: z.literal('removeDepartment'), ...w, departmentId: id }),
  z.object({ type: z.literal('join'), ...w, departmentId: id.nullable().default(null), displayName: optionalText(LIMITS.displayName).default('') }),
  z.object({ type: z.literal('setPersona'), ...w, persona: personaFields }),
  z.object({ type: z.literal('setGoal'), ...w, text: text(LIMITS.goal) }),
  z.object({ type: z.literal('addStage'), ...w, label: text(LIMITS.stageLabel), phase: z.enum(PHASES), position: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('editStage'), ...w, stageId: id, label: text(LIMITS.stageLabel).optional(), phase: z.enum(PHASES).optional() }),
  z.object({ type: z.literal('reorderStage'), ...w, stageId: id, position: z.number().int().min(0) }),
  z.object({ type: z.literal('removeStage'), ...w, stageId: id }),
  z.object({ type: z.literal('addTouchpoint'), ...w, stageId: id, channel: text(LIMITS.channelName), description: optionalText(LIMITS.touchpointDescription).default('') }),
  z.object({ type: z.literal('removeTouchpoint'), ...w, touchpointId: id }),
  // The facilitator's tidying of near-duplicates (merge.ts): a new channel or description for the kept one, optionally.
  z.object({
    type: z.literal('mergeTouchpoints'), ...w, ...merge,
    channel: text(LIMITS.channelName).optional(), description: optionalText(LIMITS.touchpointDescription).optional(),
  }).refine(distinctMerge, mergeIssue),
  z.object({ type: z.literal('markCellUnused'), ...w, stageId: id, channelId: id }),
  z.object({ type: z.literal('markCellUsed'), ...w, stageId: id, channelId: id }),
  z.object({
    type: z.literal('addObservation'), ...w,
    kind: z.enum(OBSERVATION_KINDS),
    text: text(LIMITS.observationText),
    stageId: id.optional(),
    touchpointId: id.optional(),
    momentOfTruth: z.boolean().default(false),
  }).refine((c) => c.stageId !== undefined || c.touchpointId !== undefined, { path: ['stageId'], message: 'required' }),
  z.object({ type: z.literal('flagMomentOfTruth'), ...w, observationId: id, value: z.boolean().default(true) }),
  // Fixing an observation: what it says, or where it is; the fields left out stay as they are.
  z.object({
    type: z.literal('editObservation'), ...w, observationId: id,
    kind: z.enum(OBSERVATION_KINDS).optional(), text: text(LIMITS.observationText).optional(), momentOfTruth: z.boolean().optional(),
  }),
  z.object({ type: z.literal('moveObservation'), ...w, observationId: id, stageId: id.optional(), touchpointId: id.optional() })
    .refine((c) => c.stageId !== undefined || c.touchpointId !== undefined, { path: ['stageId'], message: 'required' }),
  z.object({ type: z.literal('removeObservation'), ...w, observationId: id }),
  z.object({ type: z.literal('mergeObservations'), ...w, ...merge, text: text(LIMITS.observationText).optional() }).refine(distinctMerge, mergeIssue),
  z.object({ type: z.literal('vote'), ...w, target: voteTarget }),
  z.object({ type: z.literal('unvote'), ...w, target: voteTarget }),
  z.object({ type: z.literal('revealVotes'), ...w, step: z.enum(VOTING_STEPS) }),
  z.object({ type: z.literal('rateEmotion'), ...w, stageId: id, score: z.number().int().min(EMOTION_MIN).max(EMOTION_MAX) }),
  z.object({ type: z.literal('proposeSolution'), ...w, text: text(LIMITS.solutionText), addresses: z.array(id).min(1).max(20), departmentId: id.optional() }),
  z.object({ type: z.literal('rateSolution'), ...w, solutionId: id, impact: z.number().int().min(SCORE_MIN).max(SCORE_MAX), effort: z.number().int().min(SCORE_MIN).max(SCORE_MAX) }),
  z.object({ type: z.literal('assignDepartment'), ...w, solutionId: id, departmentId: id }),
  z.object({ type: z.literal('editSolution'), ...w, solutionId: id, text: text(LIMITS.solutionText).optional(), addresses: z.array(id).min(1).max(20).optional() }),
  z.object({ type: z.literal('removeSolution'), ...w, solutionId: id }),
  z.object({ type: z.literal('advanceStep'), ...w, expectedVersion: z.number().int().optional() }),
  z.object({ type: z.literal('reopenStep'), ...w, step: z.enum(STEPS) }),
  z.object({ type: z.literal('closeWorkshop'), ...w }),
  z.object({ type: z.literal('deleteWorkshop'), ...w }),
  z.object({ type: z.literal('startTargetJourney'), ...w, title: text(LIMITS.title).optional() }),
  // The target journey's story, as the facilitator approved or edited it; null clears it.
  z.object({ type: z.literal('setNarrative'), ...w, text: paragraphs(LIMITS.narrative).nullable() }),
  z.object({ type: z.literal('linkKeyMoment'), ...w, stageId: id, otherStageId: id, label: text(LIMITS.keyMomentLabel).optional() }),
  // Facilitation over days and live (timing-commands.ts). Distinct hours and a known time zone are checked there.
  z.object({
    type: z.literal('setTiming'), ...w,
    reminderHours: z.array(z.number().int().min(1).max(TIMING_LIMITS.reminderHoursBefore)).max(TIMING_LIMITS.reminders),
    remindAnyTime: z.boolean().default(false),
    autoAdvance: z.boolean().default(false),
    digestHour: z.number().int().min(0).max(23).nullable().default(null),
    digestTimeZone: z.string().min(1).max(64).nullable().default(null),
  }),
  z.object({ type: z.literal('nudge'), ...w }),
  z.object({ type: z.literal('startTimer'), ...w, minutes: z.number().int().min(1).max(TIMING_LIMITS.timerMinutes) }),
  z.object({ type: z.literal('pauseTimer'), ...w }),
  z.object({ type: z.literal('resumeTimer'), ...w }),
  z.object({ type: z.literal('extendTimer'), ...w, minutes: z.number().int().min(1).max(TIMING_LIMITS.timerExtensionMinutes) }),
  z.object({ type: z.literal('stopTimer'), ...w }),
  // Run by the scheduler, as the facilitator, when a timer runs out: names the timer it was planned against.
  z.object({ type: z.literal('endTimer'), ...w, step: z.enum(STEPS), endsAt: z.coerce.date() }),
]);

export type CommandInput = z.input<typeof CommandSchema>;
export type Command = z.output<typeof CommandSchema>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
