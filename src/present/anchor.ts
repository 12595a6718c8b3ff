// The workshop's anchor message: what the workshop is, where it stands, who takes part, how far the
// current step has got ("5 of 8 rated the emotions": counts only, never who has not) and how to take part.
// It is updated in place as the workshop moves (a join included), so the channel always shows the
// current state at a glance. The facilitator is named apart and not counted among the participants.
import type { WorkshopSnapshot } from '../core/snapshot.js';
import { packValue } from './actions.js';
import type { AnchorView, Line } from './model.js';
import { deadlineOf, stepName, stepProgress, utcFallback, words } from './text.js';

/** How many contributors are named before "and N more". */
export const NAMED_CONTRIBUTORS = 15;

export function anchorView(s: WorkshopSnapshot): AnchorView {
  const w = words(s.workshop.language);
  const wk = s.workshop;
  const facilitator = s.participants.find((p) => p.role === 'facilitator');
  const contributors = s.participants.filter((p) => p.role !== 'facilitator');
  const names = contributors.slice(0, NAMED_CONTRIBUTORS).map((p) => p.displayName || w.p('anchor.someone'));
  const lines: Line[] = [];
  if (wk.scope) lines.push([wk.scope]);
  if (s.persona || s.goal) {
    lines.push([{ strong: `${w.p('anchor.persona')} ` }, s.persona?.name ?? '—', '   ', { strong: `${w.p('anchor.goal')} ` }, s.goal ?? '—']);
  }
  if (wk.basis === 'staff') lines.push([w.p('anchor.hypothetical')]);
  lines.push([{ strong: `${w.p('anchor.facilitator')} ` }, facilitator?.displayName || w.p('anchor.someone')]);
  lines.push(contributors.length === 0 ? [w.p('anchor.noParticipant')] : [
    { strong: `${w.p('anchor.contributors', { count: contributors.length })} ` },
    names.join(', '),
    contributors.length > names.length ? ` ${w.p('items.more', { count: contributors.length - names.length })}` : '',
  ]);
  if (wk.status === 'open' && s.progress.length) {
    lines.push([{ strong: `${w.p('anchor.progress')} ` }, s.progress.map((p) => w.p(p.key, { count: p.done, expected: p.expected })).join(' · ')]);
  }
  const due = deadlineOf(s, wk.step);
  if (due && wk.status === 'open') lines.push([{ strong: `${w.p('anchor.deadline')} ` }, { date: due, fallback: utcFallback(due) }]);
  if (wk.status === 'closed') lines.push([w.p('anchor.closed')]);
  // The roadmap step asks nothing more of participants: only the facilitator closes it.
  else if (wk.step !== 'roadmap') lines.push([w.p('anchor.takePart')]);
  return {
    workshopId: wk.id, language: wk.language, viewers: facilitator ? [facilitator.userId] : [],
    title: wk.title,
    context: [w.t(`journeys.${wk.journey}`), w.t(`bases.${wk.basis}`), w.t(`modes.${wk.mode}`)].join(' · '),
    progress: [{ strong: stepProgress(w, wk.step) }, wk.status === 'closed' ? ` — ${w.p('anchor.closedShort')}` : ''],
    facts: [
      { label: w.p('facts.departments'), value: String(s.departments.length) },
      { label: w.p('facts.stages'), value: String(s.stages.length) },
      { label: w.p('facts.touchpoints'), value: String(s.touchpoints.length) },
      { label: w.p('facts.observations'), value: String(s.observations.length) },
      { label: w.p('facts.solutions'), value: String(s.solutions.length) },
      { label: w.p('facts.participants'), value: String(contributors.length) },
    ],
    lines,
    actions: [{ action: 'postMap', label: w.p('actions.postMap'), value: packValue(wk.id) }],
  };
}

/** One line for lists (App Home, /parcours list): title, step, status. */
export function workshopLine(s: Pick<WorkshopSnapshot, 'workshop'>, language = s.workshop.language): Line {
  const w = words(language);
  const wk = s.workshop;
  return [{ strong: wk.title }, ' — ', wk.status === 'closed' ? w.p('anchor.closedShort') : stepName(w, wk.step)];
}
