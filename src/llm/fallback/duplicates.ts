// Near-duplicate notes without a model: stemmed-word similarity (Dice's coefficient on the sets of stems), which
// tells "Long delivery delays" from "Friendly delivery driver" far better than edit distance does — those two
// are a few letters apart, while "Delivery delays are too long" shares all their words but in another order.
import type { DuplicateGroup, DuplicatesInput, DuplicatesOutput } from '../../conversation/assistant.js';
import type { Language } from '../../core/vocabulary.js';
import { stemSet } from './text.js';

/**
 * Two notes are near-duplicates from this similarity up. Dice on the few stems of a note takes few values, and
 * the tests' table of pairs (test/llm/fallback/duplicates.test.ts, both languages) falls on either side of 0.6:
 * - 0.5 is half the words shared — "Delivery delays" / "Delivery driver", « Le site est lent » / « L'application
 *   est lente »: different notes, always;
 * - 0.57 is two stems of three and four — mostly different ("Long queue at the till" / "Waiting in a long queue
 *   at the checkout"), sometimes not (the table's known misses);
 * - 0.67 is two of three each, or a short note inside a longer one (« Le paiement plante » / « Le paiement a
 *   planté deux fois »): mostly the same; 0.8 and up, always.
 * A wrong proposal costs the facilitator one glance (nothing merges without their click), so the line is
 * drawn at the lower edge of "mostly the same".
 */
export const DUPLICATE_THRESHOLD = 0.6;

/** Dice's coefficient: twice the shared stems over the sum of both sets' sizes; 0 when either note has no content word. */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

/**
 * Groups of near-duplicates, by complete linkage: two groups join only when every note of one is similar to
 * every note of the other. Single linkage would let a chain ("Delivery delays" ~ "Delivery delays at the till" ~
 * "Delays at the till") merge notes that have nothing in common; here each note of a group resembles all the
 * others. The most similar groups join first, ties in the order the notes were given, so the result never
 * depends on anything but the input.
 */
export function similarGroups(texts: readonly string[], language: Language, threshold = DUPLICATE_THRESHOLD): number[][] {
  const sets = texts.map((t) => stemSet(t, language));
  const groups: number[][] = texts.map((_, i) => [i]);
  // link[i][j]: the lowest similarity between a note of group i and one of group j (complete linkage).
  const link: number[][] = sets.map((a) => sets.map((b) => dice(a, b)));
  const alive = texts.map(() => true);
  for (;;) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < groups.length; i += 1) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < groups.length; j += 1) {
        if (alive[j] && link[i]![j]! > best) [best, bi, bj] = [link[i]![j]!, i, j];
      }
    }
    if (bi < 0 || best < threshold) break;
    groups[bi]!.push(...groups[bj]!);
    alive[bj] = false;
    for (let k = 0; k < groups.length; k += 1) {
      const l = Math.min(link[bi]![k]!, link[bj]![k]!);
      link[bi]![k] = l;
      link[k]![bi] = l;
    }
  }
  // A group absorbs only groups after it, so group i starts with note i: the groups come out in the notes' order.
  return groups.filter((g, i) => alive[i] && g.length > 1).map((g) => [...g].sort((x, y) => x - y));
}

/**
 * Each group as one proposed merge. The note kept is the first given — the earliest written, as the caller
 * lists a stage's notes in the order they were added — rather than the longest: it has been up for votes the
 * longest, so it usually holds most of them and the fewest move; a later note never takes over a merge
 * already proposed; and the longest wording is often the one that adds something the others do not say. The
 * label stays null: a rule cannot write a better wording than the participants' own.
 */
export function duplicatesFallback(input: DuplicatesInput, language: Language): DuplicatesOutput {
  return similarGroups(input.items.map((i) => i.text), language).map((group): DuplicateGroup => ({
    keepId: input.items[group[0]!]!.id,
    mergeIds: group.slice(1).map((i) => input.items[i]!.id),
    label: null,
  }));
}
