// The method's closed vocabularies (METHOD.md). Each is a const tuple so that a zod enum, a TypeScript
// union and exhaustive `Record<…>` tables all come from the same list.

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const MODES = ['async', 'live'] as const;
export type Mode = (typeof MODES)[number];

export const JOURNEYS = ['current', 'target'] as const;
export type JourneyKind = (typeof JOURNEYS)[number];

/** Built from real customer data, or from staff knowledge (hypothetical — the map must say so). */
export const BASES = ['data', 'staff'] as const;
export type Basis = (typeof BASES)[number];

/** The workshop steps of METHOD.md, in order. "Iterate" is reopening, not a step of its own. */
export const STEPS = ['framing', 'persona', 'stages', 'touchpoints', 'evaluation', 'solutions', 'roadmap'] as const;
export type Step = (typeof STEPS)[number];

export const STATUSES = ['open', 'closed'] as const;
export type WorkshopStatus = (typeof STATUSES)[number];

export const PHASES = ['before', 'purchase', 'after'] as const;
export type Phase = (typeof PHASES)[number];

export const OBSERVATION_KINDS = ['irritant', 'enchantment', 'rupture'] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export const ROLES = ['facilitator', 'participant', 'head'] as const;
export type Role = (typeof ROLES)[number];

/** Steps in which dot voting happens, each with its own budget. */
export const VOTING_STEPS = ['evaluation', 'solutions'] as const satisfies readonly Step[];
export type VotingStep = (typeof VOTING_STEPS)[number];

export function isVotingStep(step: Step): step is VotingStep {
  return (VOTING_STEPS as readonly Step[]).includes(step);
}

export const EMOTION_MIN = -2;
export const EMOTION_MAX = 2;
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

export function stepIndex(step: Step): number {
  return STEPS.indexOf(step);
}
