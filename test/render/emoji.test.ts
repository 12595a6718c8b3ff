import { afterAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { closeRenderPool, renderMapSvg, renderPng, renderPngSync } from '../../src/render/index.js';
import { EMOJI_STACK, FONT_STACK } from '../../src/render/fonts.js';
import { emojiChunks } from '../../src/render/svg/emoji.js';
import { textLine } from '../../src/render/svg/text.js';
import { fontRuns } from '../../src/render/text/emoji.js';
import { textWidth, type Weight } from '../../src/render/text/measure.js';
import { EMOJI_ADVANCE } from '../../src/render/text/font-widths.js';
import type { Language } from '../../src/core/vocabulary.js';
import { buildSnapshot } from '../fixtures/snapshots.js';
import { all, parseSvg } from './helpers.js';

afterAll(() => closeRenderPool());
const NOW = new Date('2025-03-26T12:00:00Z');

/** A one-stage map whose stage label and first irritant are the given texts. */
function oneStage(label: string, irritant: string, language: Language = 'fr') {
  return buildSnapshot({
    id: 'emoji', title: language === 'fr' ? 'Atelier' : 'Workshop', language, departments: ['Logistique'], participants: [['A', 'Logistique']],
    channels: ['SMS'],
    stages: [{ label, phase: 'after', touchpoints: { SMS: ['Suivi'] }, observations: [{ kind: 'irritant', text: irritant, votes: 2 }], ratings: [-2] }],
  });
}

/** Dark pixels in the whole picture. */
function ink(png: Buffer): number {
  const { data } = PNG.sync.read(png);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 3 * 160) n++;
  return n;
}

/** Where two renders of the same layout differ: how many pixels, and how wide the area that holds them. */
function difference(a: Buffer, b: Buffer): { pixels: number; width: number } {
  const [pa, pb] = [PNG.sync.read(a), PNG.sync.read(b)];
  expect([pa.width, pa.height]).toEqual([pb.width, pb.height]);
  let [pixels, left, right] = [0, pa.width, 0];
  for (let i = 0; i < pa.data.length; i += 4) {
    if (Math.abs(pa.data[i]! - pb.data[i]!) <= 40) continue;
    pixels++;
    const x = (i / 4) % pa.width;
    [left, right] = [Math.min(left, x), Math.max(right, x)];
  }
  return { pixels, width: pixels ? right - left + 1 : 0 };
}

const mapPng = (label: string, irritant: string, language: Language = 'fr') =>
  renderPng(renderMapSvg(oneStage(label, irritant, language), { now: NOW }));
/** One emoji's advance in the PNG (the one-stage map is 1280 wide, drawn 2400 wide), at a font size. */
const emojiPx = (size: number) => (EMOJI_ADVANCE / 1000) * size * (2400 / 1280);

describe('emoji in the PNG', () => {
  it('draws the emoji participants type, each in its place', async () => {
    const [truck, angry, without] = await Promise.all([
      mapPng('Je reçois ma commande', 'Livraison 🚚 en retard'),
      mapPng('Je reçois ma commande', 'Livraison 😡 en retard'), // same width, so the same layout
      mapPng('Je reçois ma commande', 'Livraison en retard'),
    ]);
    // Two emoji swapped change only the emoji's own box (irritants are 12 px): both are drawn, not as
    // the same empty box, and the words around them are drawn the same.
    const swap = difference(truck, angry);
    expect(swap.pixels).toBeGreaterThan(100);
    expect(swap.width).toBeLessThanOrEqual(emojiPx(12) + 2);
    expect(ink(truck) - ink(without)).toBeGreaterThan(100);
  });

  it('draws emoji beside text that resvg would otherwise drop: bold, arrows, sequences, in French and English', async () => {
    for (const [language, label] of [['fr', 'Je paie -> en caisse'], ['en', 'I pay -> at the till']] as const) {
      const [plain, truck, angry] = await Promise.all([
        mapPng(label, 'x', language), mapPng(`${label} 🚚`, 'x', language), mapPng(`${label} 😡`, 'x', language),
      ]);
      expect(ink(truck) - ink(plain), language).toBeGreaterThan(100); // the bold line is still there, plus the truck
      const swap = difference(truck, angry);
      expect(swap.pixels, language).toBeGreaterThan(100);
      expect(swap.width, language).toBeLessThanOrEqual(emojiPx(13.5) + 2); // stage labels are 13.5 px
    }
    // Family (joined), flags, keycap, heart on fire, skin tone: each drawn as one glyph, so swapping
    // them changes only that glyph's box and the word after it stays put.
    const sequences = ['👨‍👩‍👧', '🇫🇷', '1️⃣', '❤️‍🔥', '👍🏽', '🏳️‍🌈'];
    const pngs = await Promise.all(sequences.map((e) => mapPng('Je reçois ma commande', `Client ${e} fin`)));
    for (let i = 1; i < pngs.length; i++) {
      const swap = difference(pngs[0]!, pngs[i]!);
      expect(swap.pixels, sequences[i]).toBeGreaterThan(50);
      expect(swap.width, sequences[i]).toBeLessThanOrEqual(emojiPx(12) + 2);
    }
  });

  it('keeps the typed text in the SVG, each emoji run in a chunk of its own with the emoji font', () => {
    const irritant = 'Livraison 🚚 en retard 😡👍🏽 — « ok »';
    const doc = parseSvg(renderMapSvg(oneStage('Je reçois ma commande', irritant), { now: NOW }));
    const item = all(doc, 'text').find((t) => t.textContent?.includes('Livraison'))!;
    expect(item.textContent).toBe(irritant);
    const runs = all(item, 'tspan').filter((t) => !t.hasAttribute('x'));
    expect(runs.map((t) => [t.textContent, t.getAttribute('font-family') === EMOJI_STACK])).toEqual([
      ['🚚', true], [' en retard ', false], ['😡👍🏽', true], [' — « ok »', false],
    ]);
    const line = all(item, 'tspan').find((t) => t.hasAttribute('x'))!;
    for (const run of runs) expect(run.getAttribute('y')).toBe(line.getAttribute('y')); // a new chunk on the same line
  });

  it('leaves symbols the text fonts draw as text, and emoji-style requests to the emoji font', () => {
    const runs = fontRuns('© ™ ☀ ✔ -> ☀️ 🚚 1️⃣ 🇫🇷');
    expect(runs.map((r) => r.text).join('')).toBe('© ™ ☀ ✔ -> ☀️ 🚚 1️⃣ 🇫🇷');
    expect(runs.filter((r) => r.emoji).map((r) => r.text)).toEqual(['☀️', '🚚', '1️⃣', '🇫🇷']);
    expect(fontRuns('Je paie en caisse')).toEqual([{ text: 'Je paie en caisse', emoji: false }]);
  });
});

describe('width of text with emoji', () => {
  const W = 900;
  const SIZE = 24;
  /** Left and right edges of the ink of one line drawn through the renderer's own text path. */
  function drawn(line: string, weight: Weight, anchor: 'start' | 'end' = 'start'): { left: number; right: number } {
    const text = textLine(line, 10, 40, W - 20, { size: SIZE, weight, anchor });
    const svg = emojiChunks(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="60" viewBox="0 0 ${W} 60" font-family="${FONT_STACK}">` +
      `<rect width="100%" height="100%" fill="#fff"/>${text}</svg>`);
    const png = PNG.sync.read(renderPngSync(svg, { size: { width: W } }));
    let [left, right] = [W, 0];
    for (let y = 0; y < png.height; y++) {
      for (let px = 0; px < png.width; px++) {
        if (png.data[(y * png.width + px) * 4]! < 200) [left, right] = [Math.min(left, px), Math.max(right, px)];
      }
    }
    return { left, right };
  }

  const LINES = [
    'Livraison 🚚 en retard 😡', 'Famille 👨‍👩‍👧 absente, drapeau 🇫🇷🇬🇧', 'Touche 1️⃣ #️⃣ et pouce 👍🏽👍🏿', 'Arc-en-ciel 🏳️‍🌈 ❤️‍🔥 🏴󠁧󠁢󠁳󠁣󠁴󠁿',
    'Cœur ❤️ ❤ ☀️ ☀ © ™ ✔ ✅', 'Je paie -> 😡 => 🚚', 'I pick up my furniture 🛋️ at the desk 🏬', 'Odd sequences 🚚🏽 🚚‍😡 1⃣ ❤‍🔥',
    'Bilan : 🚚😡🎉🙏💡🔥🚚😡🎉🙏',
  ];

  it('measures every line at least as wide as resvg draws it, and not much wider', () => {
    for (const weight of ['regular', 'bold'] as const) {
      for (const line of LINES) {
        const { left, right } = drawn(line, weight);
        const measured = textWidth(line, SIZE, weight);
        expect(right - 10, `${weight} ${line}`).toBeLessThanOrEqual(measured);
        expect(right - 10, `${weight} ${line}`).toBeGreaterThan(measured * 0.85);
        expect(left).toBeLessThan(14);
      }
    }
  });

  it('right-aligns a line with emoji on its end, like one without', () => {
    // Without care each chunk would be aligned on its own and the line drawn hundreds of pixels off.
    for (const line of ['Livraison 🚚 en retard 😡', 'Livraison en retard', '🚚 Livraison']) {
      const { left, right } = drawn(line, 'bold', 'end');
      expect(right, line).toBeGreaterThan(W - 10 - SIZE / 2); // an emoji's outline stops short of its advance
      expect(right, line).toBeLessThanOrEqual(W - 10 + 1);
      expect(left, line).toBeGreaterThan(W - 10 - textWidth(line, SIZE, 'bold'));
    }
  });
});
