// The roadmap flattened to rows (one per item), shared by the CSV and the Markdown tables.
import type { RoadmapEntry, WorkshopSnapshot } from '../../core/snapshot.js';
import type { Translate } from '../../i18n/index.js';
import { explainPriority, figure } from '../../i18n/priority.js';

export interface RoadmapRow {
  department: string;
  departmentId: string;
  item: RoadmapEntry;
  stages: string;
  addresses: string;
  /** The priority in words with its figures, as the head's message says it. */
  why: string;
  /** Other departments' actions on the same observations (Logistics “Prepare the order…”), as the head's message names them. */
  alsoWorking: string[];
}

/** The figures of the documents are those of chat: one decimal at most (src/i18n/priority.ts). */
export const formatNumber = (n: number, language: 'fr' | 'en'): string => figure(language, n);

function alsoWorking(s: WorkshopSnapshot, t: Translate, departmentId: string, item: RoadmapEntry): string[] {
  const same = new Set(item.addresses.map((a) => a.observationId));
  return s.roadmap
    .filter((d) => d.department.id !== departmentId)
    .flatMap((d) => d.items.filter((i) => i.addresses.some((a) => same.has(a.observationId))).map((i) => `${d.department.name} ${t('render:roadmap.quote', { text: i.text })}`));
}

export function roadmapRows(s: WorkshopSnapshot, t: Translate, departmentId?: string): RoadmapRow[] {
  // Stages are numbered for people, from 1, in their order on the map (positions are 0-based).
  const position = new Map(s.stages.map((st, i) => [st.id, i + 1]));
  return s.roadmap
    .filter((d) => !departmentId || d.department.id === departmentId)
    .flatMap((d) => [...d.items].sort((a, b) => a.rank - b.rank).map((item) => {
      const stageIds = [...new Set(item.addresses.map((a) => a.stageId))].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
      return {
        department: d.department.name,
        departmentId: d.department.id,
        item,
        stages: stageIds.map((id) => `${position.get(id) ?? '?'}. ${s.stages.find((st) => st.id === id)?.label ?? ''}`).join(' | '),
        addresses: item.addresses
          // Where it was said, as chat and the Markdown name it: its stage, and its touchpoint's channel if any.
          .map((a) => `${t(`render:kind.${a.kind}`)}${t('render:colon')}${a.text}${a.momentOfTruth ? ` (${t('render:roadmap.momentOfTruth')})` : ''} — ${a.channelName ? `${a.stageLabel} — ${a.channelName}` : a.stageLabel}`)
          .join(' | '),
        why: explainPriority(s.workshop.language, { ...item, addressesMomentOfTruth: item.addresses.some((a) => a.momentOfTruth) }),
        alsoWorking: alsoWorking(s, t, d.department.id, item),
      };
    }));
}
