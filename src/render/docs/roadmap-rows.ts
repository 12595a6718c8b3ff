// The roadmap flattened to rows (one per item), shared by the CSV and the Markdown tables.
import type { RoadmapEntry, WorkshopSnapshot } from '../../core/snapshot.js';
import type { Translate } from '../../i18n/index.js';

export interface RoadmapRow {
  department: string;
  departmentId: string;
  item: RoadmapEntry;
  stages: string;
  addresses: string;
}

export function formatNumber(n: number, language: 'fr' | 'en'): string {
  return new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }).format(n);
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
          .map((a) => `${t(`render:kind.${a.kind}`)}${t('render:colon')}${a.text}${a.momentOfTruth ? ` (${t('render:roadmap.momentOfTruth')})` : ''}`)
          .join(' | '),
      };
    }));
}
