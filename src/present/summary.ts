// What the team receives at the end: a summary beside the rendered map, and for each department head
// a private message with their department's prioritised items.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import type { HeadMessageView, Line, SummaryView } from './model.js';
import { emotionLines, observationLine, rankedObservations, roadmapSections, stageLabel } from './steps.js';
import { number, words } from './text.js';

export function summaryView(s: WorkshopSnapshot): SummaryView {
  const w = words(s.workshop.language);
  const top = rankedObservations(s).filter((o) => o.kind !== 'enchantment').slice(0, 5);
  const lows = s.emotion.filter((e) => e.mean !== null && e.mean < 0).sort((a, b) => (a.mean ?? 0) - (b.mean ?? 0)).slice(0, 3);
  const lines: Line[] = [
    [w.p('summary.intro', { stages: s.stages.length, touchpoints: s.touchpoints.length, observations: s.observations.length, solutions: s.solutions.length })],
  ];
  if (s.workshop.basis === 'staff') lines.push([w.p('anchor.hypothetical')]);
  if (lows.length) lines.push([{ strong: `${w.p('summary.reenchant')} ` }, lows.map((e) => stageLabel(s, e.stageId)).join(' · ')]);
  return {
    title: w.p('summary.title', { title: s.workshop.title }),
    lines,
    sections: [
      { heading: w.p('sections.topIrritants'), lines: top.length ? top.map((o) => observationLine(s, w, o)) : [[w.p('items.none')]] },
      { heading: w.p('sections.emotions'), lines: emotionLines(s, w) },
      ...roadmapSections(s, w),
    ],
  };
}

/** One message per department that has a head; departments without a head are reported to the facilitator. */
export function headMessages(s: WorkshopSnapshot): HeadMessageView[] {
  const w = words(s.workshop.language);
  return s.roadmap.flatMap((d) => {
    if (!d.department.headUserId) return [];
    return [{
      userId: d.department.headUserId,
      departmentId: d.department.id,
      title: w.p('heads.title', { department: d.department.name }),
      lines: [[w.p('heads.intro', { title: s.workshop.title, department: d.department.name, count: d.items.length })]],
      sections: d.items.length === 0 ? [{ lines: [[w.p('items.noRoadmapItem')]] }] : d.items.map((i) => ({
        lines: [
          [`${i.rank}. `, { strong: i.text }],
          [w.p('items.priority', { priority: number(w.language, i.priority, 0), impact: number(w.language, i.impact), effort: number(w.language, i.effort) })],
          ...(i.addresses.length ? [[`${w.p('heads.addresses')} `, i.addresses.map((a) => `${w.t(`kinds.${a.kind}`)} ${w.p('format.quote', { text: a.text })} (${a.stageLabel})`).join(' · ')] as Line] : []),
        ],
      })),
    }];
  });
}
