// A participant's private ballot: every item of the current voting step, a page at a time, with the
// votes they have left. Shown only to them, so it may say how many votes they still hold.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import { packValue } from './actions.js';
import type { MyVotes } from '../core/queries.js';
import type { BallotView, ItemView, Line } from './model.js';
import { observationDetail, observationLine, rankedObservations, rankedSolutions, solutionDetail, solutionLine } from './steps.js';
import { words } from './text.js';
import { isVotingStep } from '../core/vocabulary.js';

export const BALLOT_PAGE = 20;

/** `mine` is the voter's own votes (Queries.myVotes): each item says whether it has theirs. */
export function ballotView(s: WorkshopSnapshot, mine: MyVotes, page: number): BallotView {
  const remaining = mine.remaining;
  const w = words(s.workshop.language);
  const id = s.workshop.id;
  const kind = s.workshop.step === 'solutions' ? 's' : 'o';
  const all: ItemView[] = s.workshop.step === 'solutions'
    ? rankedSolutions(s).map((x) => ({ line: marked(solutionLine(s, w, x), x.id), detail: solutionDetail(s, w, x), actions: buttons(x.id) }))
    : s.workshop.step === 'evaluation'
      ? rankedObservations(s).map((o) => ({ line: marked(observationLine(s, w, o), o.id), detail: observationDetail(s, w, o), actions: buttons(o.id) }))
      : [];
  function marked(line: Line, targetId: string): Line {
    const count = mine.votes[targetId] ?? 0;
    return count > 0 ? [...line, '  ', { strong: w.p('ballot.mine', { count }) }] : line;
  }
  /** Vote while the item is under its cap and votes are left; remove only a vote that is there. */
  function buttons(targetId: string): ItemView['actions'] {
    const count = mine.votes[targetId] ?? 0;
    return [
      ...(count < s.workshop.voteCap && remaining > 0 ? [{ action: 'vote' as const, label: w.p('actions.vote'), value: packValue(id, kind, targetId), tone: 'primary' as const }] : []),
      ...(count > 0 ? [{ action: 'unvote' as const, label: w.p('actions.unvote'), value: packValue(id, kind, targetId) }] : []),
    ];
  }
  const pages = Math.max(1, Math.ceil(all.length / BALLOT_PAGE));
  const current = Math.min(Math.max(0, page), pages - 1);
  return {
    workshopId: id,
    title: w.p('ballot.title'),
    remaining: [
      all.length === 0 ? w.p('ballot.nothing') : w.p('ballot.remaining', { count: remaining, budget: s.workshop.voteBudget }),
      ...(all.length && isVotingStep(s.workshop.step) && !s.tallies[s.workshop.step] ? [' ', w.p('votes.ballotSecret')] : []),
    ],
    items: all.slice(current * BALLOT_PAGE, (current + 1) * BALLOT_PAGE),
    page: current,
    pages,
    previous: current > 0 ? { action: 'ballot', label: w.p('ballot.previous'), value: packValue(id, current - 1) } : null,
    next: current < pages - 1 ? { action: 'ballot', label: w.p('ballot.next', { page: current + 2, pages }), value: packValue(id, current + 1) } : null,
    close: w.p('forms.close'),
  };
}
