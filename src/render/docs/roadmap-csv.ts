// The roadmap as CSV for spreadsheets. Excel only detects UTF-8 with a BOM (else accents break), and
// both Excel and LibreOffice expect CRLF and quoted fields; csv-stringify does the quoting. French uses
// ";" as separator, like French Excel, which otherwise puts the whole row in one cell.
import { stringify } from 'csv-stringify/sync';
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import { translator } from '../../i18n/index.js';
import { clean } from '../svg/escape.js';
import { formatNumber, roadmapRows } from './roadmap-rows.js';

export const BOM = '\uFEFF';

export function csvDelimiter(language: 'fr' | 'en'): string {
  return language === 'fr' ? ';' : ',';
}

export function roadmapCsv(s: WorkshopSnapshot, departmentId?: string): string {
  const lang = s.workshop.language;
  const t = translator(lang);
  const c = (k: string) => t(`render:roadmap.columns.${k}`);
  const header = ['department', 'rank', 'action', 'priority', 'impact', 'effort', 'votes', 'stages', 'addresses', 'why'].map(c);
  const rows = roadmapRows(s, t, departmentId).map((r) => [
    r.department, r.item.rank, r.item.text, formatNumber(r.item.priority, lang), formatNumber(r.item.impact, lang),
    formatNumber(r.item.effort, lang), r.item.votes, r.stages, r.addresses, r.why,
  ].map((v) => (typeof v === 'string' ? clean(v) : v)));
  return BOM + stringify([header, ...rows], { delimiter: csvDelimiter(lang), record_delimiter: 'windows', quoted_string: true });
}
