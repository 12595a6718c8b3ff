// What people see of dot votes and of the owning department, as view models, in French and English: while a
// voting step is secret no view shows a tally or an order by votes, the voter's ballot says whose votes it
// shows, the facilitator's controls offer the reveal; the settings form has the "show votes live" box; the
// solution forms offer the "Department" field only to whoever may choose it, with what they may choose.
import { describe, expect, it } from 'vitest';
import type { ParticipantView, WorkshopSnapshot } from '../../src/core/snapshot.js';
import type { Language } from '../../src/core/vocabulary.js';
import { translator } from '../../src/i18n/index.js';
import { ballotView } from '../../src/present/ballot.js';
import { controlsView } from '../../src/present/controls.js';
import { WORKSHOP_FORMS } from '../../src/present/forms/build.js';
import { workshopCommands } from '../../src/present/forms/submit.js';
import type { FormView, Line } from '../../src/present/model.js';
import { stepView } from '../../src/present/steps.js';
import { words } from '../../src/present/text.js';
import { furnitureTargetJourney } from '../fixtures/snapshots.js';

const FAC = 'U_FAC';
const PART = 'U_PART';
const HEAD = 'U_HEAD';
const OUT = 'U_OUT';

/** The target furniture journey, open at `step`, with known people: the head heads the first department. */
function workshop(language: Language, step: 'evaluation' | 'solutions', shown: boolean): WorkshopSnapshot {
  const s = furnitureTargetJourney(language);
  const departments = s.departments.map((d, i) => ({ ...d, headUserId: i === 0 ? HEAD : null }));
  const participants: ParticipantView[] = [
    { id: 'p-fac', userId: FAC, displayName: 'Fatou', role: 'facilitator', departmentId: null },
    { id: 'p-part', userId: PART, displayName: 'Ana', role: 'participant', departmentId: null },
    { id: 'p-head', userId: HEAD, displayName: 'Sam', role: 'head', departmentId: departments[0]!.id },
  ];
  // While secret, the core gives every item 0 votes (read-models.ts); the fixture's tallies stand for revealed ones.
  const zero = <T extends { votes: number }>(xs: T[]): T[] => (shown ? xs : xs.map((x) => ({ ...x, votes: 0 })));
  return {
    ...s, departments, participants,
    workshop: { ...s.workshop, status: 'open', step },
    tallies: { evaluation: shown, solutions: shown },
    observations: zero(s.observations),
    solutions: zero(s.solutions).map((x, i) => (i === 0 ? { ...x, departmentId: null } : x)),
  };
}

const text = (lines: Line[]): string => lines.map((l) => l.map((r) => (typeof r === 'string' ? r : 'strong' in r ? r.strong : '')).join('')).join('\n');
const offered = (v: FormView): string[] | null => v.fields.find((f) => f.id === 'departmentId')?.choices?.map((c) => c.label) ?? null;

describe.each(['en', 'fr'] as const)('secret votes and the owning department in the views, in %s', (lang) => {
  const t = translator(lang);
  const w = words(lang);

  it('shows no tally and lists items as proposed while the evaluation votes are secret; the facilitator may reveal them', () => {
    const s = workshop(lang, 'evaluation', false);
    const view = stepView(s);
    const items = view.sections[0]!.items!;
    expect(items.map((i) => text([i.line]))).toEqual(s.observations.slice(0, items.length).map((o) => text([[{ strong: t(`core:kinds.${o.kind}`) }, o.momentOfTruth ? ` (${t('core:momentOfTruth')})` : '', ' — ', o.text]])));
    expect(items.every((i) => !/\d+ votes?/.test(text([i.detail!])))).toBe(true);
    expect(text(view.asks)).toContain(t('present:votes.secret'));
    const reveal = controlsView(s, w).actions.find((a) => a.action === 'reveal');
    expect(reveal?.value.endsWith('~evaluation')).toBe(true);
    expect(reveal?.label).toBe(t('present:votes.reveal'));
  });

  it('shows tallies, the order by votes and no reveal button once they are revealed', () => {
    const s = workshop(lang, 'evaluation', true);
    const view = stepView(s);
    const items = view.sections[0]!.items!;
    const top = [...s.observations].sort((a, b) => b.votes - a.votes)[0]!;
    expect(text([items[0]!.line])).toContain(top.text);
    expect(text([items[0]!.detail!])).toContain(t('present:items.stageAndVotes', { stage: s.stages.find((x) => x.id === top.stageId)!.label, count: top.votes }));
    expect(text(view.asks)).not.toContain(t('present:votes.secret'));
    expect(controlsView(s, w).actions.some((a) => a.action === 'reveal')).toBe(false);
  });

  it('leaves the priority out while the solutions’ votes are secret (it counts them), and tells the voter whose votes the ballot shows', () => {
    const s = workshop(lang, 'solutions', false);
    const view = stepView(s);
    const solutions = view.sections[1]!;
    expect(solutions.heading).toBe(t('present:votes.solutionsAsProposed'));
    expect(solutions.items!.map((i) => text([i.line]))).toEqual(s.solutions.slice(0, solutions.items!.length).map((x) => x.text));
    expect(solutions.items!.every((i) => !/\d+ votes?|priorit/i.test(text([i.detail!])))).toBe(true);
    const ballot = ballotView(s, { votes: { [s.solutions[1]!.id]: 1 }, remaining: 4 }, 0);
    expect(text([ballot.remaining])).toContain(t('present:votes.ballotSecret'));
    expect(text([ballot.remaining])).toContain(t('present:ballot.remaining', { count: 4, budget: s.workshop.voteBudget }));
    expect(ballot.items.map((i) => text([i.line])).filter((l) => l.includes(t('present:ballot.mine', { count: 1 })))).toHaveLength(1);
  });

  it('has the "show votes live" box in the workshop settings, and saves it', () => {
    const s = workshop(lang, 'evaluation', false);
    const form = WORKSHOP_FORMS.framingEdit(s, { viewer: FAC });
    expect(form.fields.find((f) => f.id === 'votesLive')).toMatchObject({ kind: 'checkbox', label: t('present:votes.liveLabel'), initial: false });
    const submitted = workshopCommands('framingEdit', s.workshop.id, { title: 'T', scope: '', mode: 'live', basis: 'data', voteBudget: '3', voteCap: '1', votesLive: true }, lang);
    expect(submitted).toMatchObject({ ok: true, commands: [{ type: 'editFraming', votesLive: true }] });
  });

  it('offers the "Department" field to the facilitator and heads only, with what each may choose', () => {
    const s = workshop(lang, 'solutions', true);
    const all = s.departments.map((d) => d.name);
    const propose = (viewer?: string) => offered(WORKSHOP_FORMS.solution(s, viewer ? { viewer } : {}));
    expect(propose(FAC)).toEqual(all);
    expect(propose(HEAD)).toEqual([all[0]]);
    expect(propose(PART)).toBeNull();
    expect(propose(OUT)).toBeNull();
    expect(propose()).toBeNull();
    // Rating: the head's department owns a solution, which they may hand to any department.
    const rate = (viewer: string) => offered(WORKSHOP_FORMS.rateSolution(s, { viewer }));
    expect(rate(FAC)).toEqual(all);
    expect(rate(HEAD)).toEqual(all);
    expect(rate(PART)).toBeNull();
    expect(WORKSHOP_FORMS.solution(s, { viewer: HEAD }).fields.find((f) => f.id === 'departmentId')?.hint).toBe(t('present:owner.headHint', { department: all[0] }));
  });
});
