// Long journeys in several pictures. The map gives every stage a column, so twenty stages make a picture
// some 4,400 px wide; posted in Slack or Teams it is shown fitted to the message, then to the image
// viewer, where its words are two or three pixels high, and scaling the PNG down only makes zooming in
// useless. So a journey longer than MAX_STAGES_PER_PART stages is also drawn in parts of at most that many
// stages: each part is a whole map of its own (header, matrix, curve, the solutions and key moments of
// those stages, legend) about 1,700 px wide, which reads in a chat's image viewer without zooming.
// The full map stays the overview and the SVG.
import type { StageView } from '../../core/snapshot.js';
import type { StageRange } from './context.js';

export type { StageRange } from './context.js';

export const MAX_STAGES_PER_PART = 8;

/**
 * The stages of each part: as even as possible, each cut moved by one stage when that puts it where the
 * macro-phase changes (before purchase | purchase | after purchase), so that parts follow the method's
 * phases when they can. One range covering every stage when the journey fits one picture.
 */
export function mapParts(stages: StageView[], max: number = MAX_STAGES_PER_PART): StageRange[] {
  const n = stages.length;
  const count = Math.max(1, Math.ceil(n / max));
  const cuts = [0];
  for (let k = 1; k < count; k++) {
    const ideal = Math.round((k * n) / count);
    const previous = cuts[k - 1]!;
    const fits = (c: number) => c > previous && c - previous <= max && n - c <= (count - k) * max;
    const phaseChange = [ideal, ideal - 1, ideal + 1].find((c) => fits(c) && stages[c - 1]!.phase !== stages[c]!.phase);
    cuts.push(phaseChange ?? ideal);
  }
  cuts.push(n);
  return cuts.slice(1).map((end, i) => ({ start: cuts[i]!, end }));
}
