// A map that reads at a glance, in French and English: empty cells drawn quietly (marked "not used", or a
// gap without words), no text cut while its cell has room, no lone bullet, each department's mean named on
// the curve, process wording flagged under its stage, the key-moment picture with its legend, and a target
// journey beside the current journey it was started from.
import { describe, expect, it } from 'vitest';
import { isCustomerVoice } from '../../src/core/customer-voice.js';
import { compareJourneys, sameWords } from '../../src/core/journeys.js';
import type { WorkshopSnapshot } from '../../src/core/snapshot.js';
import { translator } from '../../src/i18n/index.js';
import { mapPictures, renderKeyMomentSvg, renderMapSvg } from '../../src/render/index.js';
import { formatScore } from '../../src/render/svg/context.js';
import { flaggedStages } from '../../src/render/svg/curve.js';
import {
  ALL_FIXTURES, buildSnapshot, furniturePickUpComparison, furnitureStoreInStore, HOSTILE, wideJourney,
} from '../fixtures/snapshots.js';
import { all, parseSvg, textOf, withAttr } from './helpers.js';
import type { Element } from '@xmldom/xmldom';

const NOW = new Date('2026-11-30T12:00:00Z');
const LANGUAGES = ['en', 'fr'] as const;

const section = (doc: ReturnType<typeof parseSvg>, name: string): Element => withAttr(doc, 'data-section').find((e) => e.getAttribute('data-section') === name)!;
const cellOf = (doc: ReturnType<typeof parseSvg>, stageId: string, channelId: string): Element =>
  withAttr(doc, 'data-cell').find((e) => e.getAttribute('data-cell') === `${stageId}|${channelId}`)!;
/** A text element's lines joined back with spaces: what the reader sees of it. */
const joined = (e: Element) => all(e, 'tspan').map(textOf).join(' ') || textOf(e);

describe.each(LANGUAGES)('empty cells, in %s', (language) => {
  const t = translator(language);
  const s = wideJourney(language);
  const doc = parseSvg(renderMapSvg(s, { now: NOW }));
  const empty = withAttr(doc, 'data-cell').filter((c) => c.getAttribute('data-touchpoints') === '0');

  it('draws a cell marked "not used" and a missing touchpoint differently, neither in words', () => {
    const unused = empty.filter((c) => c.getAttribute('data-unused') === 'true');
    const missing = empty.filter((c) => c.getAttribute('data-missing') === 'true');
    expect(unused.length).toBe(s.unusedCells.length);
    expect(unused.length + missing.length).toBe(empty.length);
    expect(missing.length).toBeGreaterThan(0);
    // Quiet: no label repeated in every empty cell; the legend says what each drawing means.
    for (const c of empty) expect(all(c, 'text')).toHaveLength(0);
    const fill = (c: Element) => all(c, 'rect')[0]!.getAttribute('fill');
    expect(new Set(unused.map(fill)).size).toBe(1);
    expect(new Set(missing.map(fill)).size).toBe(1);
    expect(fill(unused[0]!)).not.toBe(fill(missing[0]!));
    // A gap stands out with a dashed outline; a cell not used has none.
    expect(all(missing[0]!, 'rect')[0]!.getAttribute('stroke-dasharray')).toBeTruthy();
    expect(all(unused[0]!, 'rect')[0]!.hasAttribute('stroke')).toBe(false);
  });

  it('names both drawings in the legend and counts the gaps that are left', () => {
    const legend = textOf(section(doc, 'legend'));
    const missing = empty.filter((c) => c.getAttribute('data-missing') === 'true').length;
    expect(legend).toContain(t('render:legend.missingCount', { count: missing }));
    expect(legend).toContain(t('render:legend.unused'));
    // A map where nothing is marked does not explain a drawing it does not use.
    const plain = textOf(section(parseSvg(renderMapSvg(furnitureStoreInStore(), { now: NOW })), 'legend'));
    expect(plain).not.toContain(translator('fr')('render:legend.unused'));
  });

  it('counts the gaps of the stages drawn in each part of a long journey', () => {
    const parts = mapPictures(s, { now: NOW }).slice(1);
    expect(parts.length).toBeGreaterThan(1);
    const counts = parts.map((p) => withAttr(parseSvg(p.svg), 'data-missing').length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(empty.filter((c) => c.getAttribute('data-missing') === 'true').length);
    parts.forEach((p, i) => expect(textOf(section(parseSvg(p.svg), 'legend'))).toContain(t('render:legend.missingCount', { count: counts[i]! })));
  });
});

describe.each(LANGUAGES)('touchpoints without a description, in %s', (language) => {
  const t = translator(language);
  const s = buildSnapshot({
    id: `bare-${language}`, title: 'Bare', language, departments: ['A'], participants: [['a', 'A']], channels: ['Web', 'Phone'],
    stages: [
      { label: language === 'fr' ? 'Je cherche' : 'I look', phase: 'before', touchpoints: { Web: [''], Phone: ['', 'Hotline', ''] } },
      { label: language === 'fr' ? 'Je paie' : 'I pay', phase: 'purchase', touchpoints: { Web: ['', ''] } },
    ],
  });
  const doc = parseSvg(renderMapSvg(s, { now: NOW }));

  it('says so in words instead of drawing a lone bullet', () => {
    const [look, pay] = s.stages;
    const [web, phone] = s.channels;
    const alone = cellOf(doc, look!.id, web!.id);
    expect(all(alone, 'circle')).toHaveLength(0);
    expect(joined(all(alone, 'text').find((e) => e.getAttribute('data-role') === 'undescribed')!)).toBe(t('render:grid.undescribed', { count: 1 }));
    expect(joined(all(cellOf(doc, pay!.id, web!.id), 'text')[0]!)).toBe(t('render:grid.undescribed', { count: 2 }));
    // Beside a described touchpoint: its bullet, then the others counted.
    const mixed = cellOf(doc, look!.id, phone!.id);
    expect(all(mixed, 'circle')).toHaveLength(1);
    expect(textOf(mixed)).toContain('Hotline');
    expect(joined(all(mixed, 'text').find((e) => e.getAttribute('data-role') === 'undescribed')!)).toBe(t('render:grid.alsoUndescribed', { count: 2 }));
  });
});

describe('no text cut while its cell has room', () => {
  // The extreme and hostile fixtures are over-long on purpose: there, cutting is the point.
  const ordinary = Object.entries(ALL_FIXTURES).filter(([name]) => !/^(extreme|hostile)/.test(name));

  it.each(ordinary)('%s: no ellipsis in the matrix, the observations, the curve or the solutions', (_name, build) => {
    const s = build();
    const current = s.workshop.id.startsWith('wide-target') ? { current: wideJourney(s.workshop.language) } : {};
    const doc = parseSvg(renderMapSvg(s, { now: NOW, ...current }));
    for (const name of ['stages', 'grid', 'observations', 'curve', 'solutions', 'journeys']) {
      const e = section(doc, name);
      if (e) expect(all(e, 'text').map(joined).filter((x) => x.includes('…')), name).toEqual([]);
    }
  });

  it.each(LANGUAGES)('shows a long moment-of-truth irritant whole, in the stage column and on its solution (%s)', (language) => {
    const s = wideJourney(language);
    const mot = s.observations.find((o) => o.momentOfTruth && o.text.length > 100)!;
    const doc = parseSvg(renderMapSvg(s, { now: NOW }));
    const item = withAttr(doc, 'data-observation-id').find((e) => e.getAttribute('data-observation-id') === mot.id)!;
    expect(all(item, 'text').map(joined)).toContain(mot.text);
    expect(all(section(doc, 'solutions'), 'text').map(joined).some((x) => x.startsWith(mot.text))).toBe(true);
  });

  it('still cuts, with an ellipsis, a text longer than the room a column can grow to', () => {
    const doc = parseSvg(renderMapSvg(ALL_FIXTURES.hostileMapEn!(), { now: NOW }));
    const long = withAttr(doc, 'data-observation-id').map((e) => joined(all(e, 'text')[0]!)).find((x) => x.startsWith('Très long'));
    expect(long).toMatch(/…$/);
    expect(long!.length).toBeLessThan(HOSTILE.long.length);
  });
});

describe.each(LANGUAGES)('the emotion curve, in %s', (language) => {
  const t = translator(language);
  const s = wideJourney(language);
  const doc = parseSvg(renderMapSvg(s, { now: NOW }));

  it('names each department’s mean where departments disagree', () => {
    const flagged = flaggedStages(s.emotion);
    expect(flagged.size).toBeGreaterThan(0);
    const labels = withAttr(doc, 'data-department-mean');
    for (const stageId of flagged) {
      const p = s.emotion.find((e) => e.stageId === stageId)!;
      for (const d of p.byDepartment) {
        const name = s.departments.find((x) => x.id === d.departmentId)!.name;
        const label = labels.find((e) => e.getAttribute('data-department-id') === d.departmentId && Number(e.getAttribute('data-department-mean')) === Number(d.mean.toFixed(1)))!;
        expect(joined(all(label, 'text')[0]!)).toBe(`${name} ${formatScore(d.mean, language)}`);
      }
    }
    expect(labels.length).toBe([...flagged].reduce((n, id) => n + s.emotion.find((e) => e.stageId === id)!.byDepartment.length, 0));
  });

  it('fits "Departments disagree" in its column, whole', () => {
    for (const flag of withAttr(doc, 'data-disagreement-flag')) {
      const p = s.emotion.find((e) => e.stageId === flag.getAttribute('data-disagreement-flag'))!;
      const gap = p.disagreement.toFixed(1);
      expect(joined(all(flag, 'text')[0]!)).toBe(t('render:curve.disagree', { gap: language === 'fr' ? gap.replace('.', ',') : gap }));
    }
  });
});

describe.each(LANGUAGES)('a stage still in process wording, in %s', (language) => {
  it('is marked under its label as the stages step marks it in chat', () => {
    const t = translator(language);
    const s = wideJourney(language);
    const doc = parseSvg(renderMapSvg(s, { now: NOW }));
    const headers = withAttr(doc, 'data-position').filter((e) => e.hasAttribute('data-stage-id'));
    for (const stage of s.stages) {
      const header = headers.find((e) => e.getAttribute('data-stage-id') === stage.id)!;
      expect(header.getAttribute('data-voice-warning') === 'true', stage.label).toBe(stage.voiceWarning);
      expect(textOf(header).includes(t('render:grid.notCustomerVoice')), stage.label).toBe(stage.voiceWarning);
    }
    expect(s.stages.filter((x) => x.voiceWarning)).toHaveLength(1);
    // The fixture flags what the engine's own rule flags.
    for (const stage of s.stages) expect(stage.voiceWarning, stage.label).toBe(!isCustomerVoice(stage.label));
  });
});

describe.each(LANGUAGES)('the key-moment picture, in %s', (language) => {
  it('carries its own legend of the marks it uses', () => {
    const t = translator(language);
    const doc = parseSvg(renderKeyMomentSvg(furniturePickUpComparison(), language));
    const legend = textOf(section(doc, 'legend'));
    for (const key of ['title', 'irritant', 'enchantment', 'rupture', 'momentOfTruth', 'gauge']) {
      expect(legend).toContain(key === 'title' ? t('render:legend.title').toUpperCase() : t(`render:legend.${key}`));
    }
    // The moment of truth is marked in the panels as in the legend.
    const mot = withAttr(doc, 'data-moment-of-truth').filter((e) => e.getAttribute('data-moment-of-truth') === 'true');
    expect(mot.length).toBeGreaterThan(0);
    for (const e of mot) expect(all(e, 'circle').length).toBe(2);
  });
});

describe.each(LANGUAGES)('a target journey beside its current journey, in %s', (language) => {
  const t = translator(language);
  const current = wideJourney(language);
  const target = wideJourney(language, 'target');
  const doc = parseSvg(renderMapSvg(target, { now: NOW, current }));
  const comparison = compareJourneys(target, current);

  it('says which irritants the target removes and which are still there, stage by stage', () => {
    for (const [i, stage] of target.stages.entries()) {
      const source = current.stages[i]!;
      const problems = current.observations.filter((o) => o.stageId === source.id && o.kind !== 'enchantment');
      const againHere = new Set(target.observations.filter((o) => o.stageId === stage.id).map((o) => sameWords(o.text)));
      const removed = withAttr(doc, 'data-removed').filter((e) => problems.some((o) => o.id === e.getAttribute('data-observation-id')));
      const remaining = withAttr(doc, 'data-remaining').filter((e) => problems.some((o) => o.id === e.getAttribute('data-observation-id')));
      expect(removed.map((e) => e.getAttribute('data-observation-id')).sort()).toEqual(problems.filter((o) => !againHere.has(sameWords(o.text))).map((o) => o.id).sort());
      expect(remaining.map((e) => e.getAttribute('data-observation-id')).sort()).toEqual(problems.filter((o) => againHere.has(sameWords(o.text))).map((o) => o.id).sort());
    }
    // The phone wait (stage 9) is named again in the target: it is still there.
    const phoneWait = current.observations.find((o) => o.stageId === current.stages[8]!.id)!;
    expect(withAttr(doc, 'data-remaining').map((e) => joined(all(e, 'text')[0]!))).toEqual([phoneWait.text]);
  });

  it('says which solutions of the current roadmap change which stage', () => {
    const onRoadmap = new Set(current.roadmap.flatMap((d) => d.items.map((x) => x.solutionId)));
    for (const [i, stage] of target.stages.entries()) {
      const here = new Set(current.observations.filter((o) => o.stageId === current.stages[i]!.id).map((o) => o.id));
      const expected = current.solutions.filter((x) => onRoadmap.has(x.id) && x.addresses.some((id) => here.has(id))).map((x) => x.id).sort();
      const row = withAttr(doc, 'data-stage-solutions').find((e) => e.getAttribute('data-stage-solutions') === stage.id);
      expect((row ? withAttr(doc, 'data-solution-id').filter((e) => row === e.parentNode) : []).map((e) => e.getAttribute('data-solution-id')).sort()).toEqual(expected);
    }
  });

  it('draws the emotion curve before and after on one plot, and each stage’s before → after', () => {
    const before = withAttr(doc, 'data-before-mean');
    expect(before.map((e) => [e.getAttribute('data-stage-id'), Number(e.getAttribute('data-before-mean'))]))
      .toEqual(target.stages.map((st, i) => [st.id, current.emotion[i]!.mean]));
    for (const [i, st] of target.stages.entries()) {
      const cell = withAttr(doc, 'data-emotion-before')[i]!;
      expect(Number(cell.getAttribute('data-emotion-before'))).toBe(current.emotion[i]!.mean);
      expect(Number(cell.getAttribute('data-emotion-after'))).toBe(target.emotion.find((e) => e.stageId === st.id)!.mean);
      expect(textOf(cell).replace(/\s+/g, '')).toBe(`${formatScore(current.emotion[i]!.mean!, language)}\u2192${formatScore(target.emotion[i]!.mean!, language)}`);
    }
    expect(textOf(section(doc, 'journeys'))).toContain(t('render:journeys.subtitle', { title: current.workshop.title }));
    expect(textOf(section(doc, 'legend'))).toContain(t('render:legend.before'));
    expect(comparison.dropped).toEqual([]);
  });

  it('names a stage new in the target and what the target left out', () => {
    const reworked: WorkshopSnapshot = {
      ...target,
      stages: [...target.stages.slice(0, 4), { ...target.stages[4]!, id: 'brand-new', label: 'Brand new', sourceStageId: null }, ...target.stages.slice(5)],
    };
    const d = parseSvg(renderMapSvg(reworked, { now: NOW, current }));
    expect(withAttr(d, 'data-role').filter((e) => e.getAttribute('data-role') === 'new-stage').map(textOf)).toEqual([t('render:journeys.newStage')]);
    const dropped = withAttr(d, 'data-role').find((e) => e.getAttribute('data-role') === 'dropped')!;
    expect(joined(dropped)).toBe(t('render:journeys.dropped', { count: 1, stages: `5. ${current.stages[4]!.label}` }));
  });

  it('is drawn only on a target journey’s map, and in each part for that part’s stages', () => {
    expect(section(parseSvg(renderMapSvg(target, { now: NOW })), 'journeys')).toBeUndefined();
    expect(section(parseSvg(renderMapSvg(current, { now: NOW, current })), 'journeys')).toBeUndefined();
    const [, ...parts] = mapPictures(target, { now: NOW, current });
    for (const p of parts) {
      const pd = parseSvg(p.svg);
      const shown = withAttr(pd, 'data-emotion-before').length;
      expect(shown).toBe(p.part!.end - p.part!.start);
    }
  });
});
