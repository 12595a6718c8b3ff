import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { departmentRoadmapMarkdown, roadmapCsv, roadmapDocument, RoadmapDocumentSchema, roadmapJson, roadmapMarkdown } from '../../src/render/index.js';
import { buildSnapshot, furnitureTargetJourney } from '../fixtures/snapshots.js';

const tricky = () => buildSnapshot({
  id: 'tricky', title: 'Réclamations, "urgent" & co', language: 'fr', journey: 'target',
  departments: ['Après-vente', 'Centre d’appels'], participants: [['Zoé', 'Après-vente'], ['Loïc', 'Centre d’appels']],
  channels: ['Téléphone'],
  stages: [{ label: 'Je signale un problème, « vite »', phase: 'after', observations: [{ key: 'a', kind: 'irritant', text: 'On me dit "rappelez", puis | rien; jamais', votes: 4, momentOfTruth: true }], ratings: [-2, -1] }],
  solutions: [{ key: 's', text: 'Rappel garanti sous 2 h, avec "ticket", suivi; et *gras*\nnouvelle ligne', department: 'Centre d’appels', impact: [5, 4], effort: [2, 3], votes: 3, addresses: ['a'] }],
});

describe('roadmap CSV', () => {
  it.each(['fr', 'en'] as const)('round-trips through csv-parse in %s', (lang) => {
    const s = furnitureTargetJourney(lang);
    const csv = roadmapCsv(s);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    expect(csv.replace(/\r\n/g, '')).not.toContain('\n');
    const rows: string[][] = parse(csv, { bom: true, delimiter: lang === 'fr' ? ';' : ',', relax_column_count: false });
    expect(rows[0]![0]).toBe(lang === 'fr' ? 'Service' : 'Department');
    const items = s.roadmap.flatMap((d) => d.items.map((i) => [d.department.name, String(i.rank), i.text]));
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual(items);
  });

  it('keeps accents, commas, quotes and semicolons intact', () => {
    const rows: string[][] = parse(roadmapCsv(tricky()), { bom: true, delimiter: ';' });
    expect(rows[0]).toContain('Priorité');
    expect(rows[1]![0]).toBe('Centre d’appels');
    expect(rows[1]![2]).toBe('Rappel garanti sous 2 h, avec "ticket", suivi; et *gras* nouvelle ligne');
    expect(rows[1]![8]).toContain('On me dit "rappelez", puis | rien; jamais');
  });
});

describe('roadmap JSON', () => {
  it('validates against the exported schema and keeps ranks and addressed irritants', () => {
    for (const lang of ['fr', 'en'] as const) {
      const s = furnitureTargetJourney(lang);
      const doc = RoadmapDocumentSchema.parse(JSON.parse(roadmapJson(s)));
      expect(doc.departments.map((d) => d.name)).toEqual(s.roadmap.map((d) => d.department.name));
      for (const d of doc.departments) expect(d.items.map((i) => i.rank)).toEqual(d.items.map((_, k) => k + 1));
      const mot = doc.departments.flatMap((d) => d.items).flatMap((i) => i.addresses).filter((a) => a.momentOfTruth);
      expect(mot.length).toBeGreaterThan(0);
    }
  });

  it('includes departments without items, empty', () => {
    const s = furnitureTargetJourney('fr');
    s.roadmap.push({ department: { id: 'x', name: 'Juridique', headUserId: null }, items: [] });
    expect(roadmapDocument(s).departments.at(-1)).toMatchObject({ name: 'Juridique', items: [] });
  });
});

describe('roadmap Markdown', () => {
  it('lists departments and items in rank order, in the workshop language', () => {
    const fr = roadmapMarkdown(furnitureTargetJourney('fr'));
    expect(fr).toContain('# Feuille de route\u00a0: ');
    expect(fr.indexOf('Expliquer le délai')).toBeLessThan(fr.indexOf('Afficher le stock'));
    expect(fr).toContain('moment de vérité');
    const en = roadmapMarkdown(furnitureTargetJourney('en'));
    expect(en).toContain('# Roadmap: ');
    expect(en).toContain('| Rank | Action |');
  });

  it('escapes text that would break a table', () => {
    const md = roadmapMarkdown(tricky());
    const row = md.split('\n').find((l) => l.startsWith('| 1 |'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(9);
    expect(md).toContain('\\*gras\\*');
  });

  it('has a per-department version for the department head', () => {
    const s = furnitureTargetJourney('fr');
    const digital = s.roadmap.find((d) => d.department.name === 'Digital')!;
    const md = departmentRoadmapMarkdown(s, digital.department.id);
    expect(md).toContain('Feuille de route de Digital');
    expect(md).toContain('Afficher le stock');
    // Other departments' actions are not Digital's items; one on the same irritant is named as work alongside.
    expect(md.split('\n').filter((l) => l.startsWith('|') || /^\d+\. /.test(l)).join('\n')).not.toContain('Préparer la commande');
    expect(md).toContain('Y travaillent aussi\u00a0: Logistique « Préparer la commande');
  });
});

describe('the story of a target journey in the roadmap documents', () => {
  const story = 'Claire commande en ligne et sait quand passer.\n\nÀ l’entrepôt, tout est prêt : elle repart en 5 minutes.\n- pas une liste | ni un *gras*';
  const approved = (lang: 'fr' | 'en') => {
    const s = furnitureTargetJourney(lang);
    s.workshop.narrative = story;
    s.workshop.narrativeAt = new Date('2026-03-26T17:00:00Z');
    return s;
  };

  it('is left out until the facilitator approved one', () => {
    const s = furnitureTargetJourney('fr');
    expect(s.workshop.narrative).toBeNull();
    expect(roadmapMarkdown(s)).not.toContain('Le récit du parcours cible');
    expect(roadmapDocument(s)).not.toHaveProperty('narrative');
  });

  it('is a section of the Markdown, its paragraphs kept and its text inert', () => {
    const fr = roadmapMarkdown(approved('fr'));
    expect(fr).toContain('## Le récit du parcours cible\n\nClaire commande en ligne et sait quand passer.\n\nÀ l’entrepôt, tout est prêt : elle repart en 5 minutes.\n\n\\- pas une liste \\| ni un \\*gras\\*\n');
    // Told before the departments' actions.
    expect(fr.indexOf('Le récit du parcours cible')).toBeLessThan(fr.indexOf('Expliquer le délai'));
    expect(roadmapMarkdown(approved('en'))).toContain('## The story of the target journey\n\nClaire commande en ligne');
  });

  it('is the JSON document’s `narrative`, as written, and the CSV does not change', () => {
    const doc = RoadmapDocumentSchema.parse(JSON.parse(roadmapJson(approved('en'))));
    expect(doc.narrative).toBe(story);
    expect(roadmapCsv(approved('fr'))).toBe(roadmapCsv(furnitureTargetJourney('fr')));
  });
});
