// Target journey: the chosen solutions as cards (S1, S2… matching the check marks in the stage columns),
// each with its department and the irritants, breaks or enchantments it addresses.
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import type { Translate } from '../../i18n/index.js';
import { figure } from '../../i18n/priority.js';
import { esc } from './escape.js';
import type { MapContext, Section } from './context.js';
import { checkIcon, kindIcon } from './icons.js';
import { lineHeight, measureBlock, textBlock, textLine } from './text.js';
import { COLOR, SIZE } from './theme.js';
import type { SolutionIndex } from './solutions-index.js';

const CARD_W = 440;
const MAX_ADDRESSED = 4;
const r1 = (n: number) => Number(n.toFixed(1));

function card(s: WorkshopSnapshot, t: Translate, label: string, solutionId: string, x: number, y: number, w: number, measureOnly: boolean): { svg: string; height: number } {
  const sol = s.solutions.find((v) => v.id === solutionId)!;
  const dept = s.departments.find((d) => d.id === sol.departmentId)?.name ?? t('render:solutions.noDepartment');
  const obs = sol.addresses.map((id) => s.observations.find((o) => o.id === id)).filter((o) => o !== undefined);
  const textW = w - 56;
  const titleH = measureBlock(sol.text, textW, { size: 13.5, weight: 'bold', maxLines: 2 });
  const shown = obs.slice(0, MAX_ADDRESSED);
  const addressed = (o: (typeof obs)[number]) => `${o.text} · ${t('render:grid.stage', { n: s.stages.findIndex((st) => st.id === o.stageId) + 1 })}`;
  const lineOpts = { size: 12, maxLines: 3 };
  const heights = shown.map((o) => Math.max(19, measureBlock(addressed(o), w - 72, lineOpts) + 3));
  const height = 14 + titleH + 22 + heights.reduce((a, b) => a + b, 0) + (obs.length > shown.length ? 19 : 0) + 10;
  if (measureOnly) return { svg: '', height };
  const parts: string[] = [`<rect x="${x}" y="${y}" width="${w}" height="${r1(height)}" rx="8" fill="${COLOR.white}" stroke="${COLOR.line}"/>`];
  parts.push(checkIcon(x + 20, y + 22, 18), `<text x="${x + 20}" y="${y + 50}" font-size="11" font-weight="700" fill="${COLOR.accent}" text-anchor="middle">${esc(label)}</text>`);
  parts.push(textBlock(sol.text, x + 40, y + 12, textW, { size: 13.5, weight: 'bold', maxLines: 2 }).svg);
  let cy = y + 14 + titleH + 2;
  // The priority as chat and the roadmap documents print it.
  const priority = sol.priority === null ? '' : ` · ${t('render:solutions.priority', { priority: figure(s.workshop.language, sol.priority) })}`;
  parts.push(textLine(`${dept}${priority}`, x + 40, cy + 12, textW, { size: 11.5, fill: COLOR.muted }));
  cy += 22;
  shown.forEach((o, k) => {
    parts.push(kindIcon(o.kind, x + 48, cy + 7, 11));
    parts.push(textBlock(addressed(o), x + 60, cy + 0.5, w - 72, lineOpts).svg);
    cy += heights[k]!;
  });
  if (obs.length > shown.length) parts.push(textLine(t('render:more', { count: obs.length - shown.length }), x + 60, cy + 11.5, w - 72, { size: 11.5, weight: 'bold', fill: COLOR.muted }));
  return { svg: `<g data-solution-id="${esc(sol.id)}" data-label="${esc(label)}" data-addresses="${esc(sol.addresses.join(' '))}">${parts.join('')}</g>`, height };
}

export function solutionsSection(ctx: MapContext, top: number, index: SolutionIndex): Section {
  const s = ctx.snapshot;
  const x0 = SIZE.pad;
  const avail = ctx.width - 2 * SIZE.pad;
  const perRow = Math.max(1, Math.floor((avail + 16) / (CARD_W + 16)));
  const w = Math.floor((avail - (perRow - 1) * 16) / perRow);
  const parts: string[] = [textLine(ctx.t('render:solutions.title'), x0, top + 20, avail, { size: SIZE.heading, weight: 'bold' })];
  let y = top + 36;
  if (index.chosen.length === 0) {
    parts.push(textLine(ctx.t('render:solutions.none'), x0, y + 14, avail, { size: 13, fill: COLOR.muted }));
    y += 28;
  }
  for (let i = 0; i < index.chosen.length; i += perRow) {
    const row = index.chosen.slice(i, i + perRow);
    const h = Math.max(...row.map((c) => card(s, ctx.t, c.label, c.solution.id, 0, 0, w, true).height));
    row.forEach((c, j) => parts.push(card(s, ctx.t, c.label, c.solution.id, x0 + j * (w + 16), y, w, false).svg));
    y += h + 16;
  }
  void lineHeight;
  return { svg: `<g data-section="solutions">${parts.join('')}</g>`, height: y - top + 8 };
}
