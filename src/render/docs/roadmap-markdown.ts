// The roadmap as Markdown: one section per department, items in rank order with what they address.
// User text is escaped so a "|" or "*" in a solution cannot break the table or the formatting.
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import { translator, type Translate } from '../../i18n/index.js';
import { clean } from '../svg/escape.js';
import { formatNumber, roadmapRows } from './roadmap-rows.js';

/** Markdown-inert text: specials backslash-escaped, HTML tags neutralised. */
export function md(text: string): string {
  return clean(text).replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

function departmentSection(s: WorkshopSnapshot, t: Translate, departmentId: string, level: string): string[] {
  const lang = s.workshop.language;
  const dep = s.roadmap.find((d) => d.department.id === departmentId);
  if (!dep) return [];
  const out = [`${level} ${md(dep.department.name)}`, ''];
  const rows = roadmapRows(s, t, departmentId);
  if (rows.length === 0) return [...out, `_${t('render:roadmap.empty')}_`, ''];
  const c = (k: string) => t(`render:roadmap.columns.${k}`);
  out.push(`| ${c('rank')} | ${c('action')} | ${c('priority')} | ${c('impact')} | ${c('effort')} | ${c('votes')} | ${c('stages')} |`);
  out.push('|---:|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    out.push(`| ${r.item.rank} | ${md(r.item.text)} | ${formatNumber(r.item.priority, lang)} | ${formatNumber(r.item.impact, lang)} | ${formatNumber(r.item.effort, lang)} | ${r.item.votes} | ${md(r.stages)} |`);
  }
  out.push('');
  for (const r of rows) {
    out.push(`${r.item.rank}. **${md(r.item.text)}**`, `   - ${md(r.why)}`);
    if (r.alsoWorking.length) out.push(`   - ${t('render:roadmap.alsoWorking')}${t('render:colon')}${r.alsoWorking.map(md).join(' · ')}`);
    if (r.item.addresses.length === 0) continue;
    out.push(`   - ${t('render:roadmap.addresses')}${t('render:colon').trimEnd()}`);
    for (const a of r.item.addresses) {
      out.push(`     - ${t(`render:kind.${a.kind}`)}${a.momentOfTruth ? ` (${t('render:roadmap.momentOfTruth')})` : ''}${t('render:colon')}${md(a.text)} — _${md(a.channelName ? `${a.stageLabel} — ${a.channelName}` : a.stageLabel)}_`);
    }
  }
  out.push('');
  return out;
}

/**
 * A target journey's story, as the facilitator approved it: each line a paragraph (the engine keeps one blank
 * line between a story's paragraphs; a single line break starts a paragraph here too), Markdown-inert. Nothing before it is approved.
 */
function storySection(s: WorkshopSnapshot, t: Translate): string[] {
  const story = s.workshop.narrative?.trim();
  if (!story) return [];
  // A line of the story must not start a list or underline a heading either: its first marker is escaped too.
  const line = (l: string) => md(l.trim()).replace(/^(\d+)([.)])/, '$1\\$2').replace(/^([-=])/, '\\$1');
  const paragraphs = story.split(/\r?\n/).map(line).filter(Boolean);
  return [`## ${t('render:roadmap.story')}`, '', ...paragraphs.flatMap((p) => [p, ''])];
}

export function roadmapMarkdown(s: WorkshopSnapshot): string {
  const t = translator(s.workshop.language);
  const out = [`# ${md(t('render:roadmap.title', { title: s.workshop.title }))}`, '', t('render:roadmap.intro'), '', ...storySection(s, t)];
  if (s.roadmap.every((d) => d.items.length === 0)) out.push(`_${t('render:roadmap.none')}_`, '');
  for (const d of s.roadmap) out.push(...departmentSection(s, t, d.department.id, '##'));
  return out.join('\n');
}

/** What a department head receives: only their department's items. */
export function departmentRoadmapMarkdown(s: WorkshopSnapshot, departmentId: string): string {
  const t = translator(s.workshop.language);
  const dep = s.roadmap.find((d) => d.department.id === departmentId);
  if (!dep) throw new Error(`unknown department ${departmentId}`);
  const title = t('render:roadmap.departmentTitle', { department: dep.department.name, title: s.workshop.title });
  return [`# ${md(title)}`, '', ...departmentSection(s, t, departmentId, '##').slice(2)].join('\n');
}
