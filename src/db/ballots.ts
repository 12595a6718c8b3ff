// Several people's ballots of one workshop from one read (read-batches.ts): what every ballot shows is read once
// and shared, and each person gets their own participant row and, while the step's tallies are hidden, only
// their own votes — exactly what Store.loadBallot reads for them alone (test/db/store-contract-ballot.test.ts).
import type { BallotData } from '../core/store.js';

/**
 * `read`: the workshop's ballot data with the participant rows of all of `userIds` and, unless the current step's
 * tallies are shown, only their votes. The lists are shared between the ballots returned, as read (nothing
 * that draws a ballot changes them).
 */
export function ballotsOf(read: BallotData, userIds: readonly string[]): BallotData[] {
  const step = read.workshop.step;
  const tallied = read.workshop.votesLive || read.voteReveals.some((r) => r.step === step);
  return userIds.map((userId) => {
    const participants = read.participants.filter((p) => p.userId === userId);
    const mine = new Set(participants.map((p) => p.id));
    return { ...read, participants, votes: tallied ? read.votes : read.votes.filter((v) => mine.has(v.participantId)) };
  });
}
