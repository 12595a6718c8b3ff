import { describe, expect, it } from 'vitest';
import { renderKeyMomentSvg, renderMapSvg } from '../../src/render/index.js';
import { textWidth } from '../../src/render/text/measure.js';
import { wrap } from '../../src/render/text/wrap.js';
import { EMOTION_MAX, EMOTION_MIN } from '../../src/core/vocabulary.js';
import {
  ALL_FIXTURES, buildSnapshot, denseMap, extremeMap, fashionRetail, furniturePickUpComparison, furnitureStoreInStore, furnitureStoreOnline,
  furnitureTargetJourney, HOSTILE, hostileMap,
} from '../fixtures/snapshots.js';
import { all, parseSvg, withAttr } from './helpers.js';

const NOW = new Date('2025-03-26T12:00:00Z');

describe.each(Object.entries(ALL_FIXTURES))('map of %s', (_name, build) => {
  const snapshot = build();
  const svg = renderMapSvg(snapshot, { now: NOW });
  const doc = parseSvg(svg);

  it('is well-formed XML with a size computed from content', () => {
    const root = doc.documentElement!;
    expect(root.tagName).toBe('svg');
    expect(Number(root.getAttribute('width'))).toBeGreaterThanOrEqual(1280);
    expect(Number(root.getAttribute('height'))).toBeGreaterThan(600);
    expect(root.getAttribute('data-language')).toBe(snapshot.workshop.language);
  });

  it('has one column per stage, in position order', () => {
    const cols = withAttr(doc, 'data-stage-id').filter((e) => e.hasAttribute('data-position'));
    expect(cols.map((e) => e.getAttribute('data-stage-id'))).toEqual(snapshot.stages.map((s) => s.id));
    const xs = cols.map((e) => Number(e.getAttribute('data-x')));
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('has one cell per channel × stage, empty ones marked either not used or missing', () => {
    const cells = withAttr(doc, 'data-cell');
    expect(cells).toHaveLength(snapshot.stages.length * snapshot.channels.length);
    for (const c of cells) {
      const [stageId, channelId] = c.getAttribute('data-cell')!.split('|');
      const n = snapshot.touchpoints.filter((t) => t.stageId === stageId && t.channelId === channelId).length;
      const unused = snapshot.unusedCells.some((u) => u.stageId === stageId && u.channelId === channelId);
      expect(Number(c.getAttribute('data-touchpoints'))).toBe(n);
      expect(c.getAttribute('data-unused') === 'true').toBe(n === 0 && unused);
      expect(c.getAttribute('data-missing') === 'true').toBe(n === 0 && !unused);
    }
  });

  it('shows vote counts that match the observations', () => {
    for (const e of withAttr(doc, 'data-observation-id')) {
      const o = snapshot.observations.find((x) => x.id === e.getAttribute('data-observation-id'))!;
      expect(Number(e.getAttribute('data-votes'))).toBe(o.votes);
      expect(e.getAttribute('data-kind')).toBe(o.kind);
      const pill = all(e, 'text').find((x) => x.getAttribute('data-role') === 'votes')?.textContent;
      expect(pill).toBe(String(o.votes));
    }
    for (const g of withAttr(doc, 'data-stage-observations')) {
      const obs = snapshot.observations.filter((o) => o.stageId === g.getAttribute('data-stage-observations'));
      const shown = all(g).filter((e) => e.hasAttribute('data-observation-id')).length;
      expect(Number(g.getAttribute('data-count'))).toBe(obs.length);
      expect(shown + Number(g.getAttribute('data-hidden'))).toBe(obs.length);
    }
  });

  it('draws curve points at the emotion means', () => {
    const curve = withAttr(doc, 'data-y-top')[0]!;
    const top = Number(curve.getAttribute('data-y-top'));
    const bottom = Number(curve.getAttribute('data-y-bottom'));
    const points = all(curve, 'circle').filter((c) => c.hasAttribute('data-mean'));
    const rated = snapshot.emotion.filter((p) => p.mean !== null);
    expect(points).toHaveLength(rated.length);
    for (const c of points) {
      const p = snapshot.emotion.find((e) => e.stageId === c.getAttribute('data-stage-id'))!;
      const back = EMOTION_MAX - ((Number(c.getAttribute('cy')) - top) / (bottom - top)) * (EMOTION_MAX - EMOTION_MIN);
      expect(back).toBeCloseTo(p.mean!, 1);
      expect(Number(c.getAttribute('data-count'))).toBe(p.count);
      // The point sits in its stage's column.
      const col = withAttr(doc, 'data-x').find((e) => e.getAttribute('data-stage-id') === p.stageId)!;
      const cx = Number(c.getAttribute('cx'));
      expect(cx).toBeGreaterThan(Number(col.getAttribute('data-x')));
      expect(cx).toBeLessThan(Number(col.getAttribute('data-x')) + Number(col.getAttribute('data-width')));
    }
  });

  it('never lets a wrapped line exceed its box under the width model', () => {
    for (const text of withAttr(doc, 'data-fit')) {
      const fit = Number(text.getAttribute('data-fit'));
      const size = Number(text.getAttribute('font-size'));
      const weight = text.getAttribute('font-weight') === '700' ? 'bold' : 'regular';
      const lines = all(text, 'tspan').filter((t) => t.hasAttribute('x')); // not the emoji runs within a line
      for (const line of lines.length ? lines : [text]) {
        expect(textWidth(line.textContent ?? '', size, weight), line.textContent ?? '').toBeLessThanOrEqual(fit + 0.01);
      }
    }
  });

  it('sets the curve title above the top axis label, never across it', () => expectCurveTitleClear(doc));

  it('never puts a script or event handler in the picture', () => {
    expect(all(doc, 'script')).toHaveLength(0);
    expect(all(doc, 'foreignObject')).toHaveLength(0);
    for (const e of all(doc)) for (const a of Array.from(e.attributes)) expect(a.name.startsWith('on')).toBe(false);
  });
});

/** Baseline to baseline, the top axis label's capitals (~0.75 em of 11.5 px) clear the title's descenders (~0.25 em of 13 px). */
function expectCurveTitleClear(doc: ReturnType<typeof parseSvg>): void {
  const curve = all(doc, 'g').find((g) => g.getAttribute('data-section') === 'curve')!;
  const texts = all(curve, 'text');
  const title = all(texts[0]!, 'tspan').at(-1)!; // the title's last line
  const top = texts.find((t) => t.getAttribute('text-anchor') === 'end' && /\+2[.,]0$/.test(t.textContent ?? ''))!;
  expect(Number(top.getAttribute('y')) - Number(title.getAttribute('y'))).toBeGreaterThan(11.5 * 0.75 + 13 * 0.25);
}

describe('map content', () => {
  it('sets the curve title above the top axis label on a map without disagreement flags, in French and English', () => {
    for (const language of ['fr', 'en'] as const) {
      const s = buildSnapshot({ id: `calm-${language}`, title: 'x', language, departments: ['A'], participants: [['a', 'A']], channels: ['SMS'],
        stages: [{ label: 'Je paie', phase: 'purchase', touchpoints: { SMS: ['Reçu'] }, ratings: [1] }] });
      const doc = parseSvg(renderMapSvg(s, { now: NOW }));
      expect(withAttr(doc, 'data-disagreement-flag')).toHaveLength(0);
      expectCurveTitleClear(doc);
    }
  });

  it('flags a staff-built map as hypothetical, in the workshop language', () => {
    const fr = parseSvg(renderMapSvg(furnitureStoreOnline(), { now: NOW }));
    expect(withAttr(fr, 'data-basis').some((e) => e.tagName === 'g' && e.textContent!.includes('hypothétique'))).toBe(true);
    const data = parseSvg(renderMapSvg(furnitureStoreInStore(), { now: NOW }));
    expect(all(data, 'g').some((e) => e.getAttribute('data-basis') === 'staff')).toBe(false);
  });

  it('speaks French and English', () => {
    const fr = renderMapSvg(furnitureStoreInStore(), { now: NOW });
    expect(fr).toContain('Parcours actuel'.toUpperCase());
    expect(fr).toContain('AVANT ACHAT');
    expect(fr).toContain('POST-ACHAT');
    expect(fr).toContain('Point de contact manquant');
    expect(fr).toContain('Courbe émotionnelle');
    expect(fr).toContain('Moment de vérité');
    const en = renderMapSvg(fashionRetail(), { now: NOW });
    expect(en).toContain('BEFORE PURCHASE');
    expect(en).toContain('Missing touchpoint');
    expect(en).toContain('Emotion curve');
    expect(en).not.toMatch(/render:/);
    expect(fr).not.toMatch(/render:/);
  });

  it('ties addressed irritants to the chosen solutions on a target journey', () => {
    const s = furnitureTargetJourney('en');
    const doc = parseSvg(renderMapSvg(s, { now: NOW }));
    const cards = withAttr(doc, 'data-solution-id');
    const roadmapIds = s.roadmap.flatMap((d) => d.items.map((i) => i.solutionId));
    expect(cards.map((c) => c.getAttribute('data-solution-id')).sort()).toEqual([...roadmapIds].sort());
    for (const card of cards) {
      const label = card.getAttribute('data-label')!;
      const sol = s.solutions.find((x) => x.id === card.getAttribute('data-solution-id'))!;
      for (const obsId of sol.addresses) {
        const obs = withAttr(doc, 'data-observation-id').find((e) => e.getAttribute('data-observation-id') === obsId);
        if (obs) expect(obs.getAttribute('data-addressed-by')!.split(' ')).toContain(label);
      }
    }
  });

  it('flags the stages where departments disagree most', () => {
    const s = denseMap('en');
    const doc = parseSvg(renderMapSvg(s, { now: NOW }));
    const flagged = withAttr(doc, 'data-disagreement-flag').map((e) => e.getAttribute('data-disagreement-flag'));
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.length).toBeLessThanOrEqual(3);
    const max = Math.max(...s.emotion.map((p) => p.disagreement));
    expect(flagged).toContain(s.emotion.find((p) => p.disagreement === max)!.stageId);
  });

  it('escapes hostile text so it round-trips as text', () => {
    for (const lang of ['fr', 'en'] as const) {
      const svg = renderMapSvg(hostileMap(lang), { now: NOW });
      expect(svg).not.toMatch(/<script/i);
      expect(svg).not.toContain(']]>');
      const doc = parseSvg(svg);
      const texts = all(doc, 'text').map((t) => t.textContent);
      expect(texts).toContain(HOSTILE.script);
      expect(texts.some((t) => t?.includes('Tom & Jerry "quoted" \'single\''))).toBe(true);
      expect(texts.some((t) => t?.includes(']]> <![CDATA[ x ]]>'))).toBe(true);
      expect(texts.some((t) => t === 'bell null esc end')).toBe(true);
      expect(texts.some((t) => t?.includes('😍'))).toBe(true);
      expect(doc.getElementsByTagName('title')[0]!.textContent).toBe(`${HOSTILE.script} & "title"`);
    }
  });

  it('grows the canvas with stages and channels', () => {
    const small = parseSvg(renderMapSvg(furnitureStoreInStore(), { now: NOW })).documentElement!;
    const big = parseSvg(renderMapSvg(extremeMap(), { now: NOW })).documentElement!;
    expect(Number(big.getAttribute('width'))).toBeGreaterThan(Number(small.getAttribute('width')) * 2);
    expect(Number(big.getAttribute('height'))).toBeGreaterThan(Number(small.getAttribute('height')));
  });

  it('renders a key moment shared by two journeys, side by side', () => {
    const c = furniturePickUpComparison();
    const doc = parseSvg(renderKeyMomentSvg(c, 'fr'));
    const panels = withAttr(doc, 'data-journey-workshop');
    expect(panels).toHaveLength(2);
    const means = panels.map((p) => Number(all(p, 'circle').find((e) => e.hasAttribute('data-mean'))!.getAttribute('data-mean')));
    expect(means).toEqual(c.journeys.map((j) => j.emotion.mean));
    expect(means[1]!).toBeLessThan(means[0]!); // the online pick-up is worse
    const inMap = parseSvg(renderMapSvg(furnitureStoreOnline(), { now: NOW, comparisons: [c] }));
    expect(withAttr(inMap, 'data-key-moment-id')).toHaveLength(1);
  });
});

describe('text wrapping', () => {
  it('wraps, breaks long words and ends with an ellipsis', () => {
    const long = HOSTILE.long;
    const w = wrap(long, { width: 150, size: 12, maxLines: 3 });
    expect(w.lines).toHaveLength(3);
    expect(w.truncated).toBe(true);
    expect(w.lines[2]!.endsWith('…')).toBe(true);
    for (const l of w.lines) expect(textWidth(l, 12)).toBeLessThanOrEqual(150);
    const word = wrap('Anticonstitutionnellementquiestunmottrèslong', { width: 80, size: 12, maxLines: 5 });
    expect(word.lines.join('')).toBe('Anticonstitutionnellementquiestunmottrèslong');
  });

  it('measures accented French like its base letters', () => {
    expect(textWidth('é', 12)).toBeCloseTo(textWidth('e', 12), 0);
    expect(textWidth('Étape', 12)).toBeGreaterThan(0);
  });
});
