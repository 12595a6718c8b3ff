// Colours and sizes of the map. Kinds are told apart by shape first (icons.ts) and colour second, so
// the palette only has to look good; it is still chosen to stay distinct for common colour blindness.
import type { ObservationKind, Phase } from '../../core/vocabulary.js';

export const COLOR = {
  ink: '#1F2430',
  muted: '#5B6475',
  faint: '#8A93A5',
  line: '#D5DAE3',
  panel: '#F5F7FA',
  white: '#FFFFFF',
  accent: '#2F5BD3',
  warn: '#B86E00',
  warnBg: '#FFF4E0',
  curve: '#2F5BD3',
  band: '#2F5BD3',
  positive: '#1E8A4C',
  negative: '#C23B3B',
  neutral: '#6B7384',
  /** A missing touchpoint: warm enough to find, light enough not to shout. */
  gap: '#C77700',
  gapBg: '#FFF8EC',
  /** A cell marked "not used on this channel". */
  unused: '#F1F3F6',
} as const;

export const KIND_COLOR: Record<ObservationKind, string> = {
  irritant: '#D1453B',
  enchantment: '#1E8A4C',
  rupture: '#5B2A86',
};

export const PHASE_COLOR: Record<Phase, { fill: string; ink: string }> = {
  before: { fill: '#E3EDFB', ink: '#234A8C' },
  purchase: { fill: '#E2F3E7', ink: '#1F6B3A' },
  after: { fill: '#F0E8F8', ink: '#5B2A86' },
};

export const SIZE = {
  pad: 40,
  labelCol: 190,
  colMin: 196,
  colMax: 340,
  gap: 8,
  minWidth: 1280,
  small: 11,
  text: 12.5,
  label: 14,
  heading: 17,
  title: 30,
  line: 1.3,
} as const;
