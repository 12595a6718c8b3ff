// What each step of the method asks, shows and offers, as one view per step (METHOD.md steps 0–6).
// The table is exhaustive over the steps: a new step without its view fails to compile.
import type { ObservationView, SolutionView, WorkshopSnapshot } from '../core/snapshot.js';
import { isVotingStep, OBSERVATION_KINDS, PHASES, type Step } from '../core/vocabulary.js';
import { rankObservations } from '../core/evaluation.js';
import { rankSolutions } from '../core/priority.js';
import { packValue } from './actions.js';
import { editMenu } from './menus.js';
import { timeLeftLines } from './timer.js';
import type { ActionView, ItemView, Line, MenuView, SectionView, StepView } from './model.js';
import { deadlineOf, number, signed, stepProgress, utcFallback, words, type Words } from './text.js';

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

/**
 * Observations by votes, moments of truth first among equals: the engine's ranking (snapshot order is proposal
 * order). While the votes are secret, proposal order: an order by votes would give them away.
 */
export function rankedObservations(s: WorkshopSnapshot): ObservationView[] {
  if (!s.tallies.evaluation) return s.observations;
  const order = new Map(s.observations.map((o, i) => [o.id, i]));
  return rankObservations(s.observations, (id) => order.get(id)!);
}

/** Solutions as the engine ranks them (README, "How priorities are computed"), unrated ones last; as proposed while the votes are secret. */
export function rankedSolutions(s: WorkshopSnapshot): SolutionView[] {
  if (!s.tallies.solutions) return s.solutions;
  return rankSolutions(s.solutions);
}

export function stageLabel(s: WorkshopSnapshot, stageId: string): string {
  return s.stages.find((x) => x.id === stageId)?.label ?? '';
}

export function observationLine(s: WorkshopSnapshot, w: Words, o: ObservationView): Line {
  return [{ strong: w.t(`kinds.${o.kind}`) }, o.momentOfTruth ? ` (${w.t('momentOfTruth')})` : '', ' — ', o.text];
}

/** Where an observation is: its stage, and its touchpoint's channel when it is about one ("I pick up… — Pick-up desk"). */
export function observationPlace(s: WorkshopSnapshot, o: Pick<ObservationView, 'stageId' | 'touchpointId'>): string {
  const touchpoint = o.touchpointId ? s.touchpoints.find((t) => t.id === o.touchpointId) : undefined;
  const channel = touchpoint ? s.channels.find((c) => c.id === touchpoint.channelId)?.name : undefined;
  return channel ? `${stageLabel(s, o.stageId)} — ${channel}` : stageLabel(s, o.stageId);
}

export function observationDetail(s: WorkshopSnapshot, w: Words, o: ObservationView): Line {
  if (!s.tallies.evaluation) return [observationPlace(s, o)];
  return [w.p('items.stageAndVotes', { stage: observationPlace(s, o), count: o.votes })];
}

export function solutionLine(s: WorkshopSnapshot, w: Words, x: SolutionView): Line {
  return [{ strong: x.text }];
}

export function solutionDetail(s: WorkshopSnapshot, w: Words, x: SolutionView): Line {
  const department = s.departments.find((d) => d.id === x.departmentId)?.name ?? w.t('noDepartment');
  if (!s.tallies.solutions) {
    // The priority counts votes: it waits for them to be revealed.
    const secret = x.impact !== null && x.effort !== null
      ? w.p('votes.scores', { impact: number(w.language, x.impact), effort: number(w.language, x.effort) }) : w.p('items.unrated');
    return [w.p('votes.solutionDetail', { department, scores: secret })];
  }
  const scores = x.impact !== null && x.effort !== null
    ? w.p('items.scores', { impact: number(w.language, x.impact), effort: number(w.language, x.effort), priority: number(w.language, x.priority ?? 0) })
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
  actions: [openForm(w, s.workshop.id, 'stage', 'actions.addStage', 'primary'), openForm(w, s.workshop.id, 'stages', 'actions.addStages')],
});

const touchpoints: StepBuilder = (s, w) => {
  const channelName = new Map(s.channels.map((c) => [c.id, c.name]));
  const lines = s.stages.map((stage): Line => {
    const names = [...new Set(s.touchpoints.filter((t) => t.stageId === stage.id).map((t) => channelName.get(t.channelId) ?? ''))];
    // Channels marked as having no part here: said, so nobody takes them for forgotten.
    const unused = s.unusedCells.filter((u) => u.stageId === stage.id).map((u) => channelName.get(u.channelId) ?? '');
    return [{ strong: `${stage.position + 1}. ${stage.label}` }, ' — ', names.length ? names.join(', ') : `⚠ ${w.p('items.noTouchpoint')}`,
      unused.length ? ` · ${w.p('items.notUsed', { count: unused.length, channels: unused.join(', ') })}` : ''];
  });
  const handoffs = s.stages.length - 1;
  return {
    sections: [{
      heading: w.p('sections.matrix', { channels: w.p('counts.channels', { count: s.channels.length }), touchpoints: w.p('counts.touchpoints', { count: s.touchpoints.length }) }),
      lines: lines.length ? lines : [[w.p('items.none')]],
      ...(handoffs > 0 ? { more: w.p('items.handoffHint') } : {}),
    }],
    actions: [openForm(w, s.workshop.id, 'touchpoint', 'actions.addTouchpoint', 'primary'), openForm(w, s.workshop.id, 'touchpoints', 'actions.addTouchpoints')],
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
      openForm(w, s.workshop.id, 'observations', 'actions.addObservations'),
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
        heading: w.p(s.tallies.solutions ? 'sections.solutions' : 'votes.solutionsAsProposed'),
        items: shown.map((x): ItemView => ({ line: solutionLine(s, w, x), detail: solutionDetail(s, w, x), actions: [voteAction(w, s.workshop.id, 's', x.id)] })),
        ...(shown.length === 0 ? { lines: [[w.p('items.noSolution')]] } : {}),
        more: more(w, ranked.length, shown.length),
      },
    ],
    actions: [
      openForm(w, s.workshop.id, 'solution', 'actions.proposeSolution', 'primary'),
      openForm(w, s.workshop.id, 'solutions', 'actions.proposeSolutions'),
      ...(s.solutions.length ? [openForm(w, s.workshop.id, 'rateSolutions', 'actions.rateSolutions'), openForm(w, s.workshop.id, 'rateSolution', 'actions.rateSolution')] : []),
      { action: 'ballot', label: w.p('actions.ballot'), value: packValue(s.workshop.id, 0) },
    ],
  };
};

export function roadmapSections(s: WorkshopSnapshot, w: Words, perDepartment = STEP_ITEMS): SectionView[] {
  return s.roadmap.map((d): SectionView => ({
    heading: d.department.name,
    lines: d.items.length === 0
      ? [[w.p('items.noRoadmapItem')]]
      : d.items.slice(0, perDepartment).map((i): Line => [`${i.rank}. `, { strong: i.text }, ' — ', w.p('items.priority', { priority: number(w.language, i.priority), impact: number(w.language, i.impact), effort: number(w.language, i.effort) })]),
    more: more(w, d.items.length, Math.min(d.items.length, perDepartment)),
  }));
}

const roadmap: StepBuilder = (s, w) => ({
  sections: roadmapSections(s, w),
  actions: [{ action: 'postMap', label: w.p('actions.postMap'), value: packValue(s.workshop.id), tone: 'primary' }],
});

const STEP_BUILDERS: Record<Step, StepBuilder> = { framing, persona, stages, touchpoints, evaluation, solutions, roadmap };

/** The message of the workshop's current step (or of an earlier one, `active: false`, once passed). */
/** `now` is the application's clock, for the time left on a live timer. */
export function stepView(s: WorkshopSnapshot, step: Step = s.workshop.step, now: Date = new Date()): StepView {
  const w = words(s.workshop.language);
  const active = step === s.workshop.step && s.workshop.status === 'open';
  const body = STEP_BUILDERS[step](s, w);
  const asks: Line[] = [[w.p(`asks.${step}`)]];
  const due = deadlineOf(s, step);
  if (due) asks.push([w.p('step.deadline'), { date: due, fallback: utcFallback(due) }]);
  if (active) asks.push(...timeLeftLines(s, w, now));
  if (step === 'stages' || step === 'touchpoints' || step === 'evaluation') asks.push([w.p(`tips.${step}`)]);
  if (isVotingStep(step) && !s.tallies[step]) asks.push([w.p('votes.secret')]);
  if (!active) asks.push([w.p(s.workshop.status === 'closed' ? 'step.closed' : 'step.over')]);
  return {
    workshopId: s.workshop.id, language: s.workshop.language, step, active,
    viewers: active && isVotingStep(step) ? s.participants.map((p) => p.userId) : [],
    title: stepProgress(w, step),
    asks,
    sections: body.sections,
    actions: active ? body.actions : [],
    menus: active ? [editMenu(s, w)].filter((m): m is MenuView => m !== null) : [],
  };
}
