// What every section of the map needs: the snapshot, the translator, and the column geometry. Columns
// are sized from content (how many stages) so the canvas grows with the map instead of squeezing it.
import type { JourneyComparison } from '../../core/journeys.js';
import type { StageView, WorkshopSnapshot } from '../../core/snapshot.js';
import type { Language } from '../../core/vocabulary.js';
import { translator, type Translate } from '../../i18n/index.js';
import { SIZE } from './theme.js';

export interface Columns {
  /** Left edge of the first stage column. */
  left: number;
  width: number;
  count: number;
  /** Left edge of stage column i. */
  x(i: number): number;
  /** Right edge of the last column. */
  right: number;
}

/** Stages `start` (included) to `end` (excluded), by index in the journey. */
export interface StageRange {
  start: number;
  end: number;
}

export interface MapContext {
  /** The whole workshop, whichever stages are drawn. */
  snapshot: WorkshopSnapshot;
  /** The stages drawn: all of them, or one part's (see parts.ts). */
  stages: StageView[];
  /** Index in the journey of the first stage drawn: stage numbers run on across parts. */
  first: number;
  /** Set when the map is one part of a longer journey. */
  part?: StageRange;
  language: Language;
  t: Translate;
  cols: Columns;
  /** Canvas width. */
  width: number;
  now: Date;
  /** A target journey drawn beside the current journey it was started from. */
  journeys?: JourneyComparison;
}

export function columns(count: number): Columns {
  const left = SIZE.pad + SIZE.labelCol + SIZE.gap;
  const available = SIZE.minWidth - SIZE.pad - left;
  const n = Math.max(count, 1);
  const width = Math.round(Math.min(SIZE.colMax, Math.max(SIZE.colMin, available / n - SIZE.gap)));
  return {
    left,
    width,
    count,
    x: (i) => left + i * (width + SIZE.gap),
    right: left + n * (width + SIZE.gap) - SIZE.gap,
  };
}

export function makeContext(snapshot: WorkshopSnapshot, now: Date, part?: StageRange, journeys?: JourneyComparison): MapContext {
  const stages = part ? snapshot.stages.slice(part.start, part.end) : snapshot.stages;
  const cols = columns(stages.length);
  const width = Math.max(SIZE.minWidth, cols.right + SIZE.pad);
  const language = snapshot.workshop.language;
  return { snapshot, stages, first: part?.start ?? 0, ...(part ? { part } : {}), ...(journeys ? { journeys } : {}), language, t: translator(language), cols, width, now };
}

export function formatDate(date: Date, language: Language): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** Signed score with one decimal, "+1.5" / "−0.5" (true minus sign), comma decimal in French. */
export function formatScore(n: number, language: Language): string {
  const s = Math.abs(n).toFixed(1);
  const body = language === 'fr' ? s.replace('.', ',') : s;
  return n > 0.049 ? `+${body}` : n < -0.049 ? `\u2212${body}` : body;
}

/** A section draws itself at `y` and says how tall it was. */
export interface Section {
  svg: string;
  height: number;
}
