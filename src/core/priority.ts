// A solution's priority — the documented formula (README, "How priorities are computed"):
//
//   priority = 10 × (impact ÷ effort) × (1 + votes ÷ 2) × (1.5 if it addresses a moment of truth)
//
// impact and effort are the means of the participants' 1–5 ratings. Impact ÷ effort is value for
// money; each vote of the team adds half of that again; a moment of truth "must go right at any price"
// (METHOD.md), so what addresses one is weighted up by half. Rounded to one decimal for display.
// Ties are broken by higher impact, then lower effort, then earlier proposal.

export const MOMENT_OF_TRUTH_WEIGHT = 1.5;
export const VOTE_WEIGHT = 0.5;

export interface PriorityInput {
  impact: number;
  effort: number;
  votes: number;
  addressesMomentOfTruth: boolean;
}

export function priorityOf(s: PriorityInput): number {
  const value = 10 * (s.impact / s.effort) * (1 + VOTE_WEIGHT * s.votes) * (s.addressesMomentOfTruth ? MOMENT_OF_TRUTH_WEIGHT : 1);
  return Math.round(value * 10) / 10;
}

/**
 * The three factors of a priority, as people are told them (heads' messages, roadmap documents): value for
 * effort (10 × impact ÷ effort), what the team's votes multiply it by, and the moment-of-truth weight (1 when
 * none is addressed). Each is rounded to one decimal, like the priority itself, so every place shows the same figures.
 */
export interface PriorityFactors {
  valueForEffort: number;
  voteFactor: number;
  momentOfTruthFactor: number;
  priority: number;
}

export function priorityFactors(s: PriorityInput): PriorityFactors {
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    valueForEffort: round(10 * (s.impact / s.effort)),
    voteFactor: round(1 + VOTE_WEIGHT * s.votes),
    momentOfTruthFactor: s.addressesMomentOfTruth ? MOMENT_OF_TRUTH_WEIGHT : 1,
    priority: priorityOf(s),
  };
}

export interface Rankable extends PriorityInput {
  priority: number;
  createdAt: Date;
}

export function comparePriority(a: Rankable, b: Rankable): number {
  return b.priority - a.priority || b.impact - a.impact || a.effort - b.effort || a.createdAt.getTime() - b.createdAt.getTime();
}

/** What a solution needs to be ranked: its figures, null until it is rated. */
export interface RatedOrNot {
  priority: number | null;
  impact: number | null;
  effort: number | null;
}

/**
 * Every solution of a workshop in the order people read them: rated ones by priority, ties as the roadmap
 * breaks them (higher impact, lower effort, earlier proposal), then the unrated ones as they were
 * proposed. `solutions` come in the order they were proposed.
 */
export function rankSolutions<T extends RatedOrNot>(solutions: readonly T[]): T[] {
  const proposed = new Map(solutions.map((s, i) => [s, i]));
  const at = (s: T): Date => new Date(proposed.get(s)!);
  return [...solutions].sort((a, b) => {
    if (a.priority === null || b.priority === null) return Number(a.priority === null) - Number(b.priority === null) || proposed.get(a)! - proposed.get(b)!;
    return comparePriority(
      { priority: a.priority, impact: a.impact ?? 0, effort: a.effort ?? 0, votes: 0, addressesMomentOfTruth: false, createdAt: at(a) },
      { priority: b.priority, impact: b.impact ?? 0, effort: b.effort ?? 0, votes: 0, addressesMomentOfTruth: false, createdAt: at(b) },
    );
  });
}
