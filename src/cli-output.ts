// What the command line prints: the roadmap per department (the same Markdown the renderer writes),
// the key moment compared across journeys, and the JSON shape of an exported workshop.
import type { KeyMomentComparison, WorkshopSnapshot } from './core/snapshot.js';
import type { Language } from './core/vocabulary.js';
import { translator } from './i18n/index.js';
import { figure } from './i18n/priority.js';
import { roadmapMarkdown } from './render/index.js';

export function formatRoadmap(snapshot: WorkshopSnapshot): string {
  return roadmapMarkdown(snapshot).trimEnd();
}

// One decimal, like every figure the chat, the map and the documents show.
const signed = (n: number | null, language: Language): string =>
  n === null ? '—' : `${n > 0 ? '+' : ''}${figure(language, n)}`;

export function formatKeyMoment(comparison: KeyMomentComparison, language: Language): string {
  const t = translator(language);
  const lines = [`## ${t('cli:keyMoment.title', { label: comparison.label })}`, ''];
  for (const j of comparison.journeys) {
    lines.push(`### ${j.title} — ${j.stage.label}`);
    lines.push(t('cli:keyMoment.emotion', { mean: signed(j.emotion.mean, language), count: j.emotion.count }));
    const irritants = j.observations.filter((o) => o.kind !== 'enchantment');
    for (const o of irritants) {
      lines.push(`- ${t(`core:kinds.${o.kind}`)}${o.momentOfTruth ? ` (${t('core:momentOfTruth')})` : ''}${t('render:colon')}${o.text} — ${t('cli:keyMoment.votes', { count: o.votes })}`);
    }
    lines.push('');
  }
  const [a, b] = comparison.journeys;
  if (a && b && a.emotion.mean !== null && b.emotion.mean !== null) {
    const [low, high] = a.emotion.mean <= b.emotion.mean ? [a, b] : [b, a];
    lines.push(t('cli:keyMoment.gap', { low: low.title, high: high.title, gap: signed(high.emotion.mean! - low.emotion.mean!, language) }));
  }
  return lines.join('\n').trimEnd();
}

export const WORKSHOP_EXPORT_FORMAT = 'parcours.workshop/1';

/** The export: the workshop's read model as the engine gives it (anonymity already applied) and its key moments. */
export function workshopExport(snapshot: WorkshopSnapshot, keyMoments: KeyMomentComparison[], now = new Date()) {
  return { format: WORKSHOP_EXPORT_FORMAT, exportedAt: now.toISOString(), ...snapshot, keyMoments };
}
