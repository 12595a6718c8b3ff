// One word per concept, one language per view (issue 10, point 9; docs/glossary.md). Every view of the
// furniture-store workshop — each step's message, the anchor, every form, ballots, notices and refusals,
// help, home, the summary and heads' messages, the map and the roadmap documents — is rendered in each
// language and must hold none of the other language's words from the glossary (what people wrote aside).
// And every message key exists in both languages with the same variables and plural forms.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors.js';
import type { WorkshopSnapshot } from '../../src/core/snapshot.js';
import { STEPS, type Language, type Step } from '../../src/core/vocabulary.js';
import { resources } from '../../src/i18n/locales/index.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { anchorView } from '../../src/present/anchor.js';
import { ballotView } from '../../src/present/ballot.js';
import { framingForm, WORKSHOP_FORMS } from '../../src/present/forms/build.js';
import { homeView } from '../../src/present/home.js';
import { helpNotice, problemNotice, refusalNotice, votedNotice } from '../../src/present/notices.js';
import { stepView } from '../../src/present/steps.js';
import { headMessages, headsSummary, summaryView } from '../../src/present/summary.js';
import { roadmapCsv, roadmapMarkdown, renderMapSvg } from '../../src/render/index.js';
import { furnitureStoreInStore, furnitureStoreOnline, furnitureTargetJourney } from '../fixtures/snapshots.js';
import { distinctive, foreignWords } from '../helpers/glossary.js';

const LANGUAGES = ['en', 'fr'] as const;

/** Fields that hold what people wrote (and the channel names they picked): never checked. */
const USER_FIELDS = new Set(['title', 'scope', 'goal', 'label', 'name', 'text', 'description', 'segment', 'context', 'needs', 'channelHabits', 'expertise', 'quote', 'displayName', 'stageLabel']);

function userWords(s: WorkshopSnapshot): Set<string> {
  const words = new Set<string>();
  const walk = (v: unknown, key = ''): void => {
    if (typeof v === 'string') {
      if (USER_FIELDS.has(key)) for (const w of v.toLowerCase().match(/[\p{L}’'-]+/gu) ?? []) words.add(w);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object' && !(v instanceof Date)) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(s);
  return words;
}

/** Machine fields of view models (button values, ids, links): not read by anyone. */
const MACHINE_FIELDS = new Set(['step', 'value', 'action', 'id', 'workshopId', 'departmentId', 'userId', 'url', 'user', 'tone', 'form', 'subject', 'kind', 'surface', 'date', 'fallback', 'initial']);

function textsOf(view: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (MACHINE_FIELDS.has(key)) return;
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object' && !(v instanceof Date)) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(view);
  return out;
}

function svgText(svg: string): string {
  return svg.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, '’');
}

function at(s: WorkshopSnapshot, step: Step, status: 'open' | 'closed' = 'open'): WorkshopSnapshot {
  return { ...s, workshop: { ...s.workshop, step, status } };
}

const REFUSAL_PARAMS = { step: 'stages', current: 'evaluation', title: 'T', name: 'N', label: 'L', max: 3, budget: 3, cap: 1, field: 'persona.name', reason: 'validation.tooLong', missing: 'entry.needPersona', channel: 'C', stage: 'S', department: 'D' };

/** Every view of one workshop, as named texts. */
function allTexts(s: WorkshopSnapshot): { name: string; text: string }[] {
  const lang = s.workshop.language;
  const views: { name: string; view: unknown }[] = [];
  for (const step of STEPS) {
    views.push({ name: `step ${step}`, view: stepView(at(s, step)) }, { name: `anchor ${step}`, view: anchorView(at(s, step)) });
    views.push({ name: `ballot ${step}`, view: ballotView(at(s, step), { votes: {}, remaining: 1 }, 0) });
  }
  views.push({ name: 'closed step', view: stepView(at(s, 'roadmap', 'closed')) }, { name: 'closed anchor', view: anchorView(at(s, 'roadmap', 'closed')) });
  for (const [form, build] of Object.entries(WORKSHOP_FORMS)) {
    const subject = form.startsWith('department') ? s.departments[0]?.id
      : form.startsWith('observation') ? s.observations[0]?.id : form.startsWith('solution') ? s.solutions[0]?.id : s.stages[0]?.id;
    const fixable = { observations: s.observations.map((o) => o.id), solutions: s.solutions.map((x) => x.id) };
    try {
      views.push({ name: `form ${form}`, view: build(s, { ...(subject ? { subject } : {}), journeys: [], fixable }) });
    } catch {
      // A form this workshop cannot offer (no subject of its kind) is refused by the engine, not shown.
    }
  }
  views.push({ name: 'framing form', view: framingForm(lang) });
  for (const code of ERROR_CODES) views.push({ name: code, view: refusalNotice({ code, params: REFUSAL_PARAMS }, lang) });
  views.push({ name: 'voted', view: [votedNotice(lang, 1), votedNotice(lang, 2, true)] });
  for (const key of ['tampered', 'unknownAction', 'noWorkshop', 'unexpected']) views.push({ name: key, view: problemNotice(lang, key, { command: '/parcours' }) });
  views.push({ name: 'help', view: helpNotice(lang, '/parcours') });
  const entries = [{ workshop: s.workshop as never, role: 'participant' as const, owes: [{ key: 'owed.votes', count: 2 }, { key: 'owed.emotions', count: 1 }], deadline: null }];
  views.push({ name: 'home', view: homeView(entries, lang === 'fr' ? 'en' : 'fr', '/parcours') });
  views.push({ name: 'summary', view: summaryView(s) });
  const headed = { ...s, departments: s.departments.map((d, i) => ({ ...d, headUserId: i === 0 ? null : `U${i}` })) };
  headed.roadmap = s.roadmap.map((r, i) => ({ ...r, department: { ...r.department, headUserId: i === 0 ? null : `U${i}` } }));
  views.push({ name: 'heads', view: headMessages(headed, { thread: 'https://x/t', map: 'https://x/m' }) }, { name: 'heads summary', view: headsSummary(headed) });
  return [
    ...views.map((v) => ({ name: v.name, text: textsOf(v.view).join('\n') })),
    { name: 'map', text: svgText(renderMapSvg(s)) },
    { name: 'roadmap.md', text: roadmapMarkdown(s) },
    { name: 'roadmap.csv', text: roadmapCsv(s) },
  ];
}

const FIXTURES: Record<Language, WorkshopSnapshot[]> = {
  fr: [furnitureStoreInStore(), furnitureStoreOnline(), furnitureTargetJourney('fr')],
  en: [furnitureTargetJourney('en')],
};

describe('the glossary', () => {
  it('gives each language words of its own to look for', () => {
    const d = distinctive();
    for (const w of ['step', 'stage', 'touchpoint', 'department', 'roadmap', 'break', 'workshop']) expect(d.en).toContain(w);
    for (const w of ['séquence', 'étape', 'service', 'atelier', 'rupture', 'responsable', 'feuille']) expect(d.fr).toContain(w);
  });
});

describe.each(LANGUAGES)('every view of the furniture-store workshop in %s', (language) => {
  it.each(FIXTURES[language].map((s) => [s.workshop.title, s] as const))('%s holds no word of the other language', (_title, s) => {
    expect(s.workshop.language).toBe(language);
    const mine = userWords(s);
    const mixed = allTexts(s).flatMap(({ name, text }) => foreignWords(text, language, mine).map((w) => `${name}: “${w}”`));
    expect(mixed.join('\n')).toBe('');
  });

  it('writes no “(s)” plural by hand and no raw key', () => {
    const texts = FIXTURES[language].flatMap((s) => allTexts(s));
    for (const { name, text } of texts) {
      expect(text, name).not.toMatch(/\w\(s\)/);
      expect(text, name).not.toMatch(/{{/);
      expect(text, name).not.toMatch(/\b(present|render|core|cli|slack):[a-z]/);
    }
  });
});

describe('the message catalogue', () => {
  type Tree = { [key: string]: string | string[] | Tree };
  const leaves = (tree: Tree, prefix = ''): [string, string][] => Object.entries(tree).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') return [[key, v] as [string, string]];
    if (Array.isArray(v)) return v.map((x, i) => [`${key}.${i}`, x] as [string, string]);
    return leaves(v, key);
  });
  const variables = (text: string) => [...new Set([...text.matchAll(/{{\s*([\w.]+)\s*}}/g)].map((m) => m[1]!))].sort();
  const PLURAL = /_(zero|one|two|few|many|other)$/;

  it.each(Object.keys(resources.en))('%s: same keys, same variables and same plural forms in both languages', (ns) => {
    const en = new Map(leaves(resources.en[ns as keyof typeof resources.en] as Tree));
    const fr = new Map(leaves(resources.fr[ns as keyof typeof resources.fr] as Tree));
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of en) {
      // A plural form may leave the count out ("one action", « une action »): i18next passes it anyway.
      const strip = (vs: string[]) => (PLURAL.test(key) ? vs.filter((v) => v !== 'count') : vs);
      expect(strip(variables(fr.get(key) ?? '')), `${ns}:${key}`).toEqual(strip(variables(text)));
    }
    // Every plural has its _one and _other forms, in both languages.
    for (const map of [en, fr]) {
      const bases = new Set([...map.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const base of bases) {
        expect(map.has(`${base}_one`) && map.has(`${base}_other`), `${ns}:${base}`).toBe(true);
      }
    }
  });
});
