// A priority told as its three factors (heads' messages, roadmap documents): they are the README's formula,
// so multiplying them gives the priority back, and each says what it stands for.
import { describe, expect, it } from 'vitest';
import { priorityFactors, priorityOf, type PriorityInput } from '../../src/core/priority.js';
import { explainPriority, figure } from '../../src/i18n/priority.js';

const CASES: PriorityInput[] = [
  { impact: 4.5, effort: 2, votes: 2, addressesMomentOfTruth: true },
  { impact: 3, effort: 3, votes: 0, addressesMomentOfTruth: false },
  { impact: 5, effort: 1, votes: 7, addressesMomentOfTruth: false },
  { impact: 1, effort: 5, votes: 1, addressesMomentOfTruth: true },
];

describe('priority factors', () => {
  it.each(CASES)('multiply back to the priority: %o', (input) => {
    const f = priorityFactors(input);
    expect(f.priority).toBe(priorityOf(input));
    expect(f.valueForEffort * f.voteFactor * f.momentOfTruthFactor).toBeCloseTo(f.priority, 0);
    expect(f.voteFactor).toBe(1 + input.votes / 2);
    expect(f.momentOfTruthFactor).toBe(input.addressesMomentOfTruth ? 1.5 : 1);
  });

  it('are told in words with one decimal in each language, the vote factor only when the team voted', () => {
    expect(explainPriority('en', CASES[0]!)).toBe('Priority 67.5: value for effort 22.5 (impact 4.5 ÷ effort 2, × 10), × 2 for the team’s 2 votes, × 1.5 because it addresses a moment of truth.');
    expect(explainPriority('fr', CASES[1]!)).toBe('Priorité 10 : rapport impact / effort 10 (impact 3 ÷ effort 3, × 10), aucun vote de l’équipe pour l’instant.');
    expect(explainPriority('fr', { ...CASES[3]!, votes: 1 })).toContain('× 1,5 pour le vote de l’équipe');
    expect(figure('fr', 40.54)).toBe('40,5');
    expect(figure('en', 3.666)).toBe('3.7');
  });
});
