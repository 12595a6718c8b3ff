// The shapes that tell observation kinds and markers apart without relying on colour: irritant = a
// downward triangle, enchantment = a star, break = a square with a slash, moment of truth = a ringed
// dot, disagreement = a warning triangle with "!", addressed = a check mark in a circle.
import type { ObservationKind } from '../../core/vocabulary.js';
import { COLOR, KIND_COLOR } from './theme.js';

const f = (n: number) => Number(n.toFixed(1));

export function kindIcon(kind: ObservationKind, cx: number, cy: number, size = 12): string {
  const r = size / 2;
  const fill = KIND_COLOR[kind];
  switch (kind) {
    case 'irritant':
      return `<path d="M${f(cx - r)} ${f(cy - r * 0.8)}H${f(cx + r)}L${f(cx)} ${f(cy + r * 0.9)}Z" fill="${fill}"/>`;
    case 'enchantment': {
      const pts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 === 0 ? r * 1.1 : r * 0.45;
        pts.push(`${f(cx + rr * Math.cos(a))},${f(cy + rr * Math.sin(a))}`);
      }
      return `<polygon points="${pts.join(' ')}" fill="${fill}"/>`;
    }
    case 'rupture':
      return `<rect x="${f(cx - r)}" y="${f(cy - r)}" width="${f(size)}" height="${f(size)}" rx="1.5" fill="${fill}"/>` +
        `<path d="M${f(cx - r + 2)} ${f(cy + r - 2)}L${f(cx + r - 2)} ${f(cy - r + 2)}" stroke="#fff" stroke-width="2"/>`;
  }
}

export function momentOfTruthIcon(cx: number, cy: number, size = 12): string {
  const r = size / 2;
  return `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r)}" fill="none" stroke="${COLOR.warn}" stroke-width="2"/>` +
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r * 0.4)}" fill="${COLOR.warn}"/>`;
}

export function warningIcon(cx: number, cy: number, size = 14): string {
  const r = size / 2;
  return `<path d="M${f(cx)} ${f(cy - r)}L${f(cx + r)} ${f(cy + r * 0.8)}H${f(cx - r)}Z" fill="${COLOR.warn}"/>` +
    `<rect x="${f(cx - 0.9)}" y="${f(cy - r * 0.35)}" width="1.8" height="${f(r * 0.65)}" fill="#fff"/>` +
    `<rect x="${f(cx - 0.9)}" y="${f(cy + r * 0.42)}" width="1.8" height="1.8" fill="#fff"/>`;
}

export function checkIcon(cx: number, cy: number, size = 12, color: string = COLOR.accent): string {
  const r = size / 2;
  return `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r)}" fill="${color}"/>` +
    `<path d="M${f(cx - r * 0.45)} ${f(cy)}L${f(cx - r * 0.1)} ${f(cy + r * 0.4)}L${f(cx + r * 0.5)} ${f(cy - r * 0.4)}" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>`;
}

/** A key: the stage is a key moment lived in other journeys too. */
export function keyMomentIcon(cx: number, cy: number, size = 12): string {
  const r = size / 2;
  return `<path d="M${f(cx)} ${f(cy - r)}L${f(cx + r)} ${f(cy)}L${f(cx)} ${f(cy + r)}L${f(cx - r)} ${f(cy)}Z" fill="none" stroke="${COLOR.accent}" stroke-width="2"/>` +
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r * 0.3)}" fill="${COLOR.accent}"/>`;
}
