// The rules the chat views used to work out again on their own, now the engine's: which steps may be
// reopened, and the order solutions are read in (the README's priority rule, ties included).
import { describe, expect, it } from 'vitest';
import { rankSolutions } from '../../src/core/priority.js';
import { reopenableSteps } from '../../src/core/workflow.js';

describe('reopenable steps', () => {
  it('are the earlier steps of an open workshop, and its current one too once it is closed', () => {
    expect(reopenableSteps({ status: 'open', step: 'evaluation' })).toEqual(['framing', 'persona', 'stages', 'touchpoints']);
    expect(reopenableSteps({ status: 'closed', step: 'evaluation' })).toEqual(['framing', 'persona', 'stages', 'touchpoints', 'evaluation']);
    expect(reopenableSteps({ status: 'open', step: 'framing' })).toEqual([]);
  });
});

describe('solution ranking', () => {
  const s = (id: string, priority: number | null, impact: number | null, effort: number | null) => ({ id, priority, impact, effort });

  it('orders by priority, then higher impact, then lower effort, then the earlier proposal — never by votes', () => {
    const ranked = rankSolutions([
      s('first-equal', 20, 4, 2), s('low', 5, 1, 2), s('lower-impact', 20, 2, 1), s('second-equal', 20, 4, 2), s('higher-effort', 20, 4, 3), s('top', 40, 4, 1),
    ]);
    expect(ranked.map((x) => x.id)).toEqual(['top', 'first-equal', 'second-equal', 'higher-effort', 'lower-impact', 'low']);
  });

  it('puts unrated solutions last, in the order they were proposed', () => {
    const ranked = rankSolutions([s('u1', null, null, null), s('rated', 10, 2, 2), s('u2', null, null, null)]);
    expect(ranked.map((x) => x.id)).toEqual(['rated', 'u1', 'u2']);
  });
});
