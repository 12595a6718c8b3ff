// The header: what this map is (current or target journey, for which persona and goal, when, with whom)
// and, when it was built from staff knowledge rather than customer data, a banner that says so: such a
// map is a hypothesis and must not be read as evidence.
import { esc } from './escape.js';
import { formatDate, type MapContext, type Section } from './context.js';
import { warningIcon } from './icons.js';
import { textBlock, textLine } from './text.js';
import { COLOR, SIZE } from './theme.js';
import { textWidth } from '../text/measure.js';

const PERSONA_W = 520;

function pill(label: string, x: number, y: number, fill: string, ink: string): { svg: string; width: number } {
  const size = 11.5;
  const w = textWidth(label, size, 'bold') + 20;
  return {
    width: w,
    svg: `<rect x="${x}" y="${y}" width="${w.toFixed(1)}" height="22" rx="11" fill="${fill}"/>` +
      `<text x="${(x + 10).toFixed(1)}" y="${y + 15}" font-size="${size}" font-weight="700" fill="${ink}">${esc(label)}</text>`,
  };
}

export function header(ctx: MapContext, top: number): Section {
  const { snapshot: s, t } = ctx;
  const x = SIZE.pad;
  const personaX = ctx.width - SIZE.pad - PERSONA_W;
  const leftW = personaX - x - 32;
  const parts: string[] = [];
  let y = top;

  const journey = s.workshop.journey;
  const badge = pill(t(`render:journey.${journey}`).toUpperCase(), x, y,
    journey === 'target' ? '#E2F3E7' : '#E3EDFB', journey === 'target' ? '#1F6B3A' : '#234A8C');
  parts.push(`<g data-journey="${journey}">${badge.svg}</g>`);
  let bx = x + badge.width + 12;
  if (ctx.part) {
    // One picture of several: which stages, out of how many ("Étapes 8–14 / 20").
    const range = pill(`${t('render:grid.stages')} ${ctx.first + 1}\u2013${ctx.first + ctx.stages.length} / ${s.stages.length}`, bx, y, COLOR.ink, COLOR.white);
    parts.push(`<g data-role="part">${range.svg}</g>`);
    bx += range.width + 12;
  }
  parts.push(textLine(`${formatDate(ctx.now, ctx.language)} · ${t('render:header.version', { version: s.workshop.version })}`,
    bx, y + 15.5, leftW - (bx - x), { size: 12, fill: COLOR.muted }));
  y += 34;

  const title = textBlock(s.workshop.title, x, y, leftW, { size: SIZE.title, weight: 'bold', maxLines: 2 });
  parts.push(title.svg);
  y += title.height + 8;

  if (s.goal) {
    const goal = textBlock(`${t('render:header.goal')}${t('render:colon')}${s.goal}`, x, y, leftW,
      { size: 15, maxLines: 2 });
    parts.push(goal.svg);
    y += goal.height + 6;
  }
  if (s.departments.length > 0) {
    const sep = t('render:colon');
    const deps = textBlock(`${t('render:header.departments')}${sep}${s.departments.map((d) => d.name).join(' · ')}`, x, y, leftW,
      { size: 13, fill: COLOR.muted, maxLines: 2 });
    parts.push(deps.svg);
    y += deps.height + 6;
  }

  if (s.workshop.basis === 'staff') {
    y += 6;
    const text = textBlock(t('render:basis.staff'), x + 36, y + 9, leftW - 48, { size: 13, weight: 'bold', fill: COLOR.warn, maxLines: 2 });
    const h = text.height + 18;
    parts.push(`<g data-basis="staff"><rect x="${x}" y="${y}" width="${leftW}" height="${h.toFixed(1)}" rx="8" fill="${COLOR.warnBg}" stroke="${COLOR.warn}" stroke-width="1.5"/>` +
      `${warningIcon(x + 18, y + h / 2, 16)}${text.svg}</g>`);
    y += h;
  }
  const leftBottom = y;

  // Persona card on the right.
  const p = s.persona;
  const px = personaX + 18;
  const pw = PERSONA_W - 36;
  const card: string[] = [];
  let py = top + 14;
  card.push(`<text x="${px}" y="${py + 10}" font-size="11" font-weight="700" fill="${COLOR.faint}" letter-spacing="1">${esc(t('render:header.persona').toUpperCase())}</text>`);
  py += 20;
  if (p) {
    const name = textBlock(p.segment ? `${p.name} · ${p.segment}` : p.name, px, py, pw, { size: 16, weight: 'bold', maxLines: 2 });
    card.push(name.svg);
    py += name.height + 6;
    if (p.needs) {
      const needs = textBlock(`${t('render:header.needs')}${t('render:colon')}${p.needs}`, px, py, pw, { size: 12.5, maxLines: 3 });
      card.push(needs.svg);
      py += needs.height + 6;
    }
    if (p.quote) {
      const q = ctx.language === 'fr' ? `«\u00a0${p.quote}\u00a0»` : `“${p.quote}”`;
      const quote = textBlock(q, px + 12, py, pw - 12, { size: 13, fill: COLOR.muted, maxLines: 3 });
      card.push(`<rect x="${px}" y="${py}" width="3" height="${quote.height.toFixed(1)}" fill="${COLOR.line}"/>`, quote.svg);
      py += quote.height + 6;
    }
  } else {
    card.push(textLine(t('render:header.noPersona'), px, py + 13, pw, { size: 13, fill: COLOR.muted }));
    py += 20;
  }
  const cardH = py - top + 8;
  parts.push(`<g data-section="persona"><rect x="${personaX}" y="${top}" width="${PERSONA_W}" height="${cardH.toFixed(1)}" rx="10" fill="${COLOR.panel}"/>${card.join('')}</g>`);

  const height = Math.max(leftBottom - top, cardH) + 28;
  return { svg: `<g data-section="header">${parts.join('')}</g>`, height };
}
