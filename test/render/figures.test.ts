// The same figures everywhere (issue 10, point 8): each roadmap action's priority, impact and effort read
// the same in the step message, the head's message, the Markdown and CSV documents, the JSON export and the
// map's solution cards — one decimal, in the workshop's language — and the cards are in the roadmap's order.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { rankSolutions } from '../../src/core/priority.js';
import { figure } from '../../src/i18n/priority.js';
import { stepView } from '../../src/present/steps.js';
import { headMessages } from '../../src/present/summary.js';
import { renderMapSvg, roadmapCsv, roadmapDocument, roadmapMarkdown } from '../../src/render/index.js';
import { solutionIndex } from '../../src/render/svg/solutions-index.js';
import { text } from '../conversation/helpers/recording-platform.js';
import { furnitureTargetJourney } from '../fixtures/snapshots.js';

describe.each(['en', 'fr'] as const)('figures of the furniture-store roadmap, in %s', (language) => {
  const s = furnitureTargetJourney(language);
  const items = s.roadmap.flatMap((d) => d.items.map((i) => ({ department: d.department, item: i })));
  const n = (v: number) => figure(language, v);

  it('has actions with figures that need rounding, so the test means something', () => {
    expect(items.some(({ item }) => item.impact !== Math.round(item.impact * 10) / 10)).toBe(true);
  });

  it('prints each priority, impact and effort the same in chat, documents and the map', () => {
    const step = text(stepView({ ...s, workshop: { ...s.workshop, step: 'roadmap' } }));
    const heads = text(headMessages({ ...s, roadmap: s.roadmap.map((d) => ({ ...d, department: { ...d.department, headUserId: 'U1' } })) }));
    const md = roadmapMarkdown(s);
    const csv: string[][] = parse(roadmapCsv(s), { bom: true, delimiter: language === 'fr' ? ';' : ',' });
    const json = roadmapDocument(s);
    const svg = renderMapSvg(s);
    for (const { item } of items) {
      const [priority, impact, effort] = [n(item.priority), n(item.impact), n(item.effort)];
      expect(step).toContain(`${language === 'fr' ? 'priorité' : 'priority'} ${priority} · impact ${impact}/5 · effort ${effort}/5`);
      expect(heads).toContain(`${language === 'fr' ? 'Priorité' : 'Priority'} ${priority}`);
      expect(heads).toContain(`impact ${impact} ÷ effort ${effort}`);
      expect(md).toContain(`| ${priority} | ${impact} | ${effort} | ${item.votes} |`);
      expect(csv.find((row) => row[2] === item.text)?.slice(3, 6)).toEqual([priority, impact, effort]);
      expect(json.departments.flatMap((d) => d.items).find((i) => i.solutionId === item.solutionId)?.priority).toBe(item.priority);
      expect(svg).toContain(`${language === 'fr' ? 'priorité' : 'priority'} ${priority}`);
    }
  });

  it('labels the map’s solutions S1, S2… in the order every list of solutions uses', () => {
    const chosen = solutionIndex(s).chosen.map((c) => c.solution.id);
    expect(chosen).toEqual(rankSolutions(s.solutions).map((x) => x.id).filter((id) => chosen.includes(id)));
  });
});
