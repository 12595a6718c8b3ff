// Which chosen solution addresses which observation, with short labels (S1, S2…) that the map uses to
// tie an irritant in its stage column to the solution listed below the curve. Chosen = on the roadmap;
// before the roadmap exists, any solution that addresses something.
import { rankSolutions } from '../../core/priority.js';
import type { SolutionView, WorkshopSnapshot } from '../../core/snapshot.js';

export interface SolutionIndex {
  chosen: { label: string; solution: SolutionView }[];
  byObservation: Map<string, string[]>;
}

export function solutionIndex(s: WorkshopSnapshot): SolutionIndex {
  const onRoadmap = new Set(s.roadmap.flatMap((d) => d.items.map((i) => i.solutionId)));
  // The order every list of solutions uses (step message, ballot, roadmap): S1 is the top priority there too.
  const chosen = rankSolutions(s.solutions.filter((x) => x.addresses.length > 0 && (onRoadmap.size === 0 || onRoadmap.has(x.id))))
    .map((solution, i) => ({ label: `S${i + 1}`, solution }));
  const byObservation = new Map<string, string[]>();
  for (const { label, solution } of chosen) {
    for (const id of solution.addresses) byObservation.set(id, [...(byObservation.get(id) ?? []), label]);
  }
  return { chosen, byObservation };
}
