// What the team receives at the end: a summary beside the rendered map, and for each department head
// a private message with their department's prioritised items.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { HeadMessageView, Line, SummaryView } from './model.js';
import { emotionLines, observationLine, rankedObservations, roadmapSections, stageLabel } from './steps.js';
import { explainPriority } from '../i18n/priority.js';
import { words, type Words } from './text.js';
import { storyLines } from './assist-merge.js';

/**
 * Where a summary's map and documents are, when the platform shows them from links (a Teams card) rather than
 * uploads (file-links.ts): the links of the posted version, the roadmap with the documents only; or
 * 'unconfigured' when such a platform has no links because PARCOURS_PUBLIC_URL is not set.
 */
export type SummaryFiles =
  | { preview: string; map: string; parts: string[]; roadmap?: { md: string; csv: string } }
  | 'unconfigured';

export function summaryView(s: WorkshopSnapshot, files?: SummaryFiles): SummaryView {
  const w = words(s.workshop.language);
  const top = rankedObservations(s).filter((o) => o.kind !== 'enchantment').slice(0, 5);
  const lows = s.emotion.filter((e) => e.mean !== null && e.mean < 0).sort((a, b) => (a.mean ?? 0) - (b.mean ?? 0)).slice(0, 3);
  const lines: Line[] = [
    [w.p('summary.intro', {
      stages: w.p('counts.stages', { count: s.stages.length }), touchpoints: w.p('counts.touchpoints', { count: s.touchpoints.length }),
      observations: w.p('counts.observations', { count: s.observations.length }), solutions: w.p('counts.solutions', { count: s.solutions.length }),
    })],
  ];
  if (s.workshop.basis === 'staff') lines.push([w.p('anchor.hypothetical')]);
  if (lows.length) lines.push([{ strong: `${w.p('summary.reenchant')} ` }, lows.map((e) => stageLabel(s, e.stageId)).join(' · ')]);
  if (files === 'unconfigured') lines.push([w.p('summary.noPublicUrl')]);
  const title = w.p('summary.title', { title: s.workshop.title });
  const linked = files && files !== 'unconfigured' ? {
    image: { url: files.preview, alt: title },
    links: [
      { label: w.p('summary.links.map'), url: files.map },
      ...files.parts.map((url, i) => ({ label: w.p('summary.links.part', { n: i + 1 }), url })),
      ...(files.roadmap ? [{ label: w.p('summary.links.roadmapMd'), url: files.roadmap.md }, { label: w.p('summary.links.roadmapCsv'), url: files.roadmap.csv }] : []),
    ],
  } : {};
  return {
    title, language: w.language,
    lines,
    sections: [
      // A target journey's story, approved by the facilitator, goes out with the final post: told first.
      ...(s.workshop.journey === 'target' && s.workshop.status === 'closed' && s.workshop.narrative ? [{ heading: w.p('summary.story'), lines: storyLines(s.workshop.narrative) }] : []),
      { heading: w.p('sections.topIrritants'), lines: top.length ? top.map((o) => observationLine(s, w, o)) : [[w.p('items.none')]] },
      { heading: w.p('sections.emotions'), lines: emotionLines(s, w) },
      ...roadmapSections(s, w),
    ],
    ...linked,
  };
}

/** Addresses of the workshop's thread and of its final map, as the platform gives them (null: none). */
export interface HeadLinks {
  thread: string | null;
  map: string | null;
  /** Each department's own roadmap documents, where the platform shows files from links (Teams). */
  departments?: { departmentId: string; md: string; csv: string }[];
}

/**
 * One message per department that has a head and at least one action: nobody is sent an empty list.
 * Departments left out are told to the facilitator (headsSummary). Each action says why it has its priority,
 * with the documents' figures, and which other departments work on what it addresses.
 */
export function headMessages(s: WorkshopSnapshot, links: HeadLinks = { thread: null, map: null }): HeadMessageView[] {
  const w = words(s.workshop.language);
  return s.roadmap.flatMap((d) => {
    if (!d.department.headUserId || d.items.length === 0) return [];
    return [{
      userId: d.department.headUserId, language: w.language,
      departmentId: d.department.id,
      title: w.p('heads.title', { department: d.department.name }),
      lines: [[w.p('heads.intro', { title: s.workshop.title, department: d.department.name, count: d.items.length })]],
      links: [
        ...(links.thread ? [{ label: w.p('heads.links.thread'), url: links.thread }] : []),
        ...(links.map ? [{ label: w.p('heads.links.map'), url: links.map }] : []),
        ...(links.departments ?? []).filter((l) => l.departmentId === d.department.id)
          .flatMap((l) => [{ label: w.p('heads.links.md'), url: l.md }, { label: w.p('heads.links.csv'), url: l.csv }]),
      ],
      sections: d.items.map((i) => ({
        lines: [
          [`${i.rank}. `, { strong: i.text }],
          [explainPriority(w.language, { ...i, addressesMomentOfTruth: i.addresses.some((a) => a.momentOfTruth) })],
          ...(i.addresses.length ? [[`${w.p('heads.addresses')} `, i.addresses.map((a) => `${w.t(`kinds.${a.kind}`)} ${w.p('format.quote', { text: a.text })} (${a.stageLabel}${a.channelName ? ` — ${a.channelName}` : ''})`).join(' · ')] as Line] : []),
          ...alsoWorking(s, w, d.department.id, i.addresses.map((a) => a.observationId)),
        ],
      })),
    }];
  });
}

/** Other departments' solutions to the same observations, so heads can work together rather than twice. */
function alsoWorking(s: WorkshopSnapshot, w: Words, departmentId: string, observationIds: string[]): Line[] {
  const same = new Set(observationIds);
  const others = s.roadmap
    .filter((d) => d.department.id !== departmentId)
    .flatMap((d) => d.items
      .filter((i) => i.addresses.some((a) => same.has(a.observationId)))
      .map((i) => `${d.department.name} ${w.p('format.quote', { text: i.text })}`));
  return others.length ? [[`${w.p('heads.alsoWorking')} `, others.join(' · ')]] : [];
}

/** Who gets what when the workshop closes, told to the facilitator: heads and their number of actions, and departments that get nothing and why. */
export function headsSummary(s: WorkshopSnapshot): Line[] {
  const w = words(s.workshop.language);
  const withItems = s.roadmap.filter((d) => d.items.length > 0);
  const sent = withItems.filter((d) => d.department.headUserId);
  const noHead = withItems.filter((d) => !d.department.headUserId).map((d) => d.department.name);
  const nothing = s.roadmap.filter((d) => d.items.length === 0).map((d) => d.department.name);
  const lines: Line[] = [];
  if (sent.length) {
    lines.push([w.p('heads.sent')]);
    for (const d of sent) lines.push(['• ', { strong: d.department.name }, ' → ', { user: d.department.headUserId! }, ` — ${w.p('heads.actions', { count: d.items.length })}`]);
  }
  if (nothing.length) lines.push([w.p('heads.nothing', { departments: nothing.join(', ') })]);
  if (noHead.length) lines.push([w.p('heads.noHead', { departments: noHead.join(', ') })]);
  return lines;
}
