// What each step of the method asks, shows and offers, as one view per step (METHOD.md steps 0–6).
// The table is exhaustive over the steps: a new step without its view fails to compile.
import type { ObservationView, SolutionView, WorkshopSnapshot } from '../core/snapshot.js';
import { OBSERVATION_KINDS, PHASES, type Step } from '../core/vocabulary.js';
import { rankObservations } from '../core/evaluation.js';
import { rankSolutions } from '../core/priority.js';
import { nextStep, reopenableSteps } from '../core/workflow.js';
import { packValue } from './actions.js';
import { editMenu, settingsMenu } from './menus.js';
import type { ActionView, ControlsView, ItemView, Line, MenuView, SectionView, StepView } from './model.js';
import { deadlineOf, number, signed, stepName, stepProgress, utcFallback, words, type Words } from './text.js';

/** How many items a step message lists before pointing to the ballot (keeps messages short and within limits). */
export const STEP_ITEMS = 10;

interface StepBody {
  sections: SectionView[];
  actions: ActionView[];
}

type StepBuilder = (s: WorkshopSnapshot, w: Words) => StepBody;

export function openForm(w: Words, workshopId: string, form: string, labelKey: string, tone?: 'primary'): ActionView {
  return { action: 'openForm', label: w.p(labelKey), value: packValue(workshopId, form), ...(tone ? { tone } : {}) };
}

/** Observations by votes, moments of truth first among equals: the engine's ranking (snapshot order is proposal order). */
export function rankedObservations(s: WorkshopSnapshot): ObservationView[] {
  const order = new Map(s.observations.map((o, i) => [o.id, i]));
  return rankObservations(s.observations, (id) => order.get(id)!);
}

/** Solutions as the engine ranks them (README, "How priorities are computed"), unrated ones last. */
export function rankedSolutions(s: WorkshopSnapshot): SolutionView[] {
  return rankSolutions(s.solutions);
}

export function stageLabel(s: WorkshopSnapshot, stageId: string): string {
  return s.stages.find((x) => x.id === stageId)?.label ?? '';
}

export function observationLine(s: WorkshopSnapshot, w: Words, o: ObservationView): Line {
  return [{ strong: w.t(`kinds.${o.kind}`) }, o.momentOfTruth ? ` (${w.t('momentOfTruth')})` : '', ' — ', o.text];
}

export function observationDetail(s: WorkshopSnapshot, w: Words, o: ObservationView): Line {
  return [w.p('items.stageAndVotes', { stage: stageLabel(s, o.stageId), count: o.votes })];
}

export function solutionLine(s: WorkshopSnapshot, w: Words, x: SolutionView): Line {
  return [{ strong: x.text }];
}

export function solutionDetail(s: WorkshopSnapshot, w: Words, x: SolutionView): Line {
  const department = s.departments.find((d) => d.id === x.departmentId)?.name ?? w.t('noDepartment');
  const scores = x.impact !== null && x.effort !== null
    ? w.p('items.scores', { impact: number(w.language, x.impact), effort: number(w.language, x.effort), priority: number(w.language, x.priority ?? 0, 0) })
    : w.p('items.unrated');
  return [w.p('items.solutionDetail', { department, scores, count: x.votes })];
}

export function voteAction(w: Words, workshopId: string, kind: 'o' | 's', targetId: string): ActionView {
  return { action: 'vote', label: w.p('actions.vote'), value: packValue(workshopId, kind, targetId), tone: 'primary' };
}

function more(w: Words, total: number, shown: number): string | undefined {
  return total > shown ? w.p('items.more', { count: total - shown }) : undefined;
}

const framing: StepBuilder = (s, w) => ({
  sections: [{
    heading: w.p('sections.departments'),
    lines: s.departments.length === 0
      ? [[w.p('items.noDepartments')]]
      : s.departments.map((d): Line => [{ strong: d.name }, ' — ', ...(d.headUserId ? [w.p('items.headIs'), { user: d.headUserId }] : [w.p('items.noHead')])]),
  }],
  actions: [openForm(w, s.workshop.id, 'join', 'actions.join', 'primary'), openForm(w, s.workshop.id, 'department', 'actions.addDepartment')],
});

const persona: StepBuilder = (s, w) => {
  const p = s.persona;
  const lines: Line[] = p
    ? [
        [{ strong: p.name }, p.segment ? ` — ${p.segment}` : ''],
        ...(['context', 'needs', 'channelHabits', 'expertise'] as const).filter((k) => p[k]).map((k): Line => [{ strong: w.p('format.label', { label: w.t(`fields.persona_${k}`) }) }, p[k]]),
        ...(p.quote ? [[w.p('format.quote', { text: p.quote })] as Line] : []),
      ]
    : [[w.p('items.noPersona')]];
  return {
    sections: [
      { heading: w.p('sections.persona'), lines },
      { heading: w.p('sections.goal'), lines: [[s.goal ?? w.p('items.noGoal')]] },
    ],
    actions: [openForm(w, s.workshop.id, 'persona', p ? 'actions.editPersona' : 'actions.describePersona', 'primary')],
  };
};

const stages: StepBuilder = (s, w) => ({
  sections: [
    ...PHASES.map((phase): SectionView => {
      const here = s.stages.filter((x) => x.phase === phase);
      return {
        heading: w.t(`phases.${phase}`),
        lines: here.length === 0 ? [[w.p('items.none')]] : here.map((x): Line => [`${x.position + 1}. `, x.label, x.voiceWarning ? ` ⚠ ${w.p('items.notCustomerVoice')}` : '', x.keyMomentId ? ` 🔗 ${w.p('items.keyMoment')}` : '']),
      };
    }),
  ],
  actions: [openForm(w, s.workshop.id, 'stage', 'actions.addStage', 'primary')],
});

const touchpoints: StepBuilder = (s, w) => {
  const channelName = new Map(s.channels.map((c) => [c.id, c.name]));
  const lines = s.stages.map((stage): Line => {
    const names = [...new Set(s.touchpoints.filter((t) => t.stageId === stage.id).map((t) => channelName.get(t.channelId) ?? ''))];
    return [{ strong: `${stage.position + 1}. ${stage.label}` }, ' — ', names.length ? names.join(', ') : `⚠ ${w.p('items.noTouchpoint')}`];
  });
  const handoffs = s.stages.length - 1;
  return {
    sections: [{
      heading: w.p('sections.matrix', { channels: s.channels.length, touchpoints: s.touchpoints.length }),
      lines: lines.length ? lines : [[w.p('items.none')]],
      ...(handoffs > 0 ? { more: w.p('items.handoffHint') } : {}),
    }],
    actions: [openForm(w, s.workshop.id, 'touchpoint', 'actions.addTouchpoint', 'primary')],
  };
};

export function emotionLines(s: WorkshopSnapshot, w: Words): Line[] {
  return s.emotion.map((e): Line => {
    const label = stageLabel(s, e.stageId);
    if (e.mean === null) return [label, ' — ', w.p('items.notRated')];
    const face = e.mean <= -1 ? '😟' : e.mean < 0 ? '🙁' : e.mean < 1 ? '😐' : '🙂';
    return [`${face} `, label, ' — ', w.p('items.emotion', { mean: signed(w.language, e.mean), count: e.count })];
  });
}

const evaluation: StepBuilder = (s, w) => {
  const ranked = rankedObservations(s);
  const shown = ranked.slice(0, STEP_ITEMS);
  const counts = OBSERVATION_KINDS.map((k) => `${w.p('format.label', { label: w.t(`kinds.${k}`) })}${s.observations.filter((o) => o.kind === k).length}`).join(' · ');
  return {
    sections: [
      {
        heading: w.p('sections.observations', { counts }),
        items: shown.map((o): ItemView => ({ line: observationLine(s, w, o), detail: observationDetail(s, w, o), actions: [voteAction(w, s.workshop.id, 'o', o.id)] })),
        ...(shown.length === 0 ? { lines: [[w.p('items.noObservation')]] } : {}),
        more: more(w, ranked.length, shown.length),
      },
      { heading: w.p('sections.emotions'), lines: emotionLines(s, w) },
    ],
    actions: [
      openForm(w, s.workshop.id, 'observation', 'actions.addObservation', 'primary'),
      openForm(w, s.workshop.id, 'emotions', 'actions.rateEmotions'),
      { action: 'ballot', label: w.p('actions.ballot'), value: packValue(s.workshop.id, 0) },
    ],
  };
};

const solutions: StepBuilder = (s, w) => {
  const ranked = rankedSolutions(s);
  const shown = ranked.slice(0, STEP_ITEMS);
  const top = rankedObservations(s).filter((o) => o.kind !== 'enchantment').slice(0, 3);
  return {
    sections: [
      { heading: w.p('sections.topIrritants'), lines: top.length ? top.map((o) => observationLine(s, w, o)) : [[w.p('items.none')]] },
      {
        heading: w.p('sections.solutions'),
        items: shown.map((x): ItemView => ({ line: solutionLine(s, w, x), detail: solutionDetail(s, w, x), actions: [voteAction(w, s.workshop.id, 's', x.id)] })),
        ...(shown.length === 0 ? { lines: [[w.p('items.noSolution')]] } : {}),
        more: more(w, ranked.length, shown.length),
      },
    ],
    actions: [
      openForm(w, s.workshop.id, 'solution', 'actions.proposeSolution', 'primary'),
      ...(s.solutions.length ? [openForm(w, s.workshop.id, 'rateSolution', 'actions.rateSolution')] : []),
      { action: 'ballot', label: w.p('actions.ballot'), value: packValue(s.workshop.id, 0) },
    ],
  };
};

export function roadmapSections(s: WorkshopSnapshot, w: Words, perDepartment = STEP_ITEMS): SectionView[] {
  return s.roadmap.map((d): SectionView => ({
    heading: d.department.name,
    lines: d.items.length === 0
      ? [[w.p('items.noRoadmapItem')]]
      : d.items.slice(0, perDepartment).map((i): Line => [`${i.rank}. `, { strong: i.text }, ' — ', w.p('items.priority', { priority: number(w.language, i.priority, 0), impact: number(w.language, i.impact), effort: number(w.language, i.effort) })]),
    more: more(w, d.items.length, Math.min(d.items.length, perDepartment)),
  }));
}

const roadmap: StepBuilder = (s, w) => ({
  sections: roadmapSections(s, w),
  actions: [{ action: 'postMap', label: w.p('actions.postMap'), value: packValue(s.workshop.id), tone: 'primary' }],
});

const STEP_BUILDERS: Record<Step, StepBuilder> = { framing, persona, stages, touchpoints, evaluation, solutions, roadmap };

export function controlsView(s: WorkshopSnapshot, w: Words): ControlsView {
  const next = nextStep(s.workshop.step);
  const actions: ActionView[] = [];
  if (s.workshop.status === 'open' && next) {
    actions.push({
      action: 'advance', label: w.p('controls.next', { step: stepName(w, next) }), value: packValue(s.workshop.id, s.workshop.version), tone: 'primary',
      confirm: { title: w.p('controls.confirmTitle'), text: w.p('controls.confirmNext', { step: stepName(w, next) }), confirm: w.p('controls.yes'), deny: w.p('controls.no') },
    });
  }
  if (s.workshop.status === 'open') {
    actions.push({
      action: 'close', label: w.p('controls.close'), value: packValue(s.workshop.id), tone: next ? 'danger' : 'primary',
      confirm: { title: w.p('controls.confirmTitle'), text: w.p('controls.confirmClose'), confirm: w.p('controls.yes'), deny: w.p('controls.no') },
    });
  }
  const earlier = reopenableSteps(s.workshop);
  return {
    label: w.p('controls.label'),
    actions,
    reopen: earlier.length
      ? { action: 'reopen', placeholder: w.p('controls.reopen'), choices: earlier.map((step) => ({ value: packValue(s.workshop.id, step), label: stepName(w, step) })) }
      : null,
    settings: settingsMenu(s, w),
  };
}

/** The message of the workshop's current step (or of an earlier one, `active: false`, once passed). */
export function stepView(s: WorkshopSnapshot, step: Step = s.workshop.step): StepView {
  const w = words(s.workshop.language);
  const active = step === s.workshop.step && s.workshop.status === 'open';
  const body = STEP_BUILDERS[step](s, w);
  const asks: Line[] = [[w.p(`asks.${step}`)]];
  const due = deadlineOf(s, step);
  if (due) asks.push([w.p('step.deadline'), { date: due, fallback: utcFallback(due) }]);
  if (step === 'stages' || step === 'touchpoints' || step === 'evaluation') asks.push([w.p(`tips.${step}`)]);
  if (!active) asks.push([w.p(s.workshop.status === 'closed' ? 'step.closed' : 'step.over')]);
  return {
    workshopId: s.workshop.id, step, active,
    title: stepProgress(w, step),
    asks,
    sections: body.sections,
    actions: active ? body.actions : [],
    menus: active ? [editMenu(s, w)].filter((m): m is MenuView => m !== null) : [],
    controls: step === s.workshop.step ? controlsView(s, w) : null,
  };
}
