// The forms that fix what was said, as view models and as the commands their submissions stand for, in French
// and English: the "Edit or remove…" menu offers them, each person's picker lists only what they may fix, a
// form about someone else's item is refused in words, and nobody is told of votes that may still be secret.
import { describe, expect, it } from 'vitest';
import type { WorkshopSnapshot } from '../../src/core/snapshot.js';
import type { Language } from '../../src/core/vocabulary.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { formNotice } from '../../src/present/forms/access.js';
import { WORKSHOP_FORMS } from '../../src/present/forms/build.js';
import { workshopCommands } from '../../src/present/forms/submit.js';
import { editMenu } from '../../src/present/menus.js';
import type { FieldView, FormView, Line } from '../../src/present/model.js';
import { words } from '../../src/present/text.js';
import { furnitureTargetJourney } from '../fixtures/snapshots.js';

function workshop(language: Language): WorkshopSnapshot {
  const s = furnitureTargetJourney(language);
  return { ...s, workshop: { ...s.workshop, status: 'open', step: 'solutions' } };
}

const field = (v: FormView, id: string): FieldView => {
  const found = v.fields.find((f) => f.id === id);
  if (!found) throw new Error(`no field ${id} in ${v.form}: ${v.fields.map((f) => f.id).join(', ')}`);
  return found;
};
const values = (f: FieldView): string[] => [...(f.choices ?? []), ...(f.groups ?? []).flatMap((g) => g.choices)].map((c) => c.value);
const lineText = (l: Line): string => l.map((r) => (typeof r === 'string' ? r : 'strong' in r ? r.strong : 'user' in r ? `@${r.user}` : r.fallback)).join('');

describe.each(['en', 'fr'] as const)('fixing forms in %s', (lang) => {
  const s = workshop(lang);
  const w = words(lang);
  const [first, second] = s.observations;
  const solution = s.solutions.find((x) => x.addresses.length > 0)!;

  it('are offered in the "Edit or remove…" menu once there is something to fix', () => {
    const labels = editMenu(s, w)!.choices.map((c) => c.label);
    expect(labels).toContain(w.p('menus.edit.observationEdit'));
    expect(labels).toContain(w.p('menus.edit.solutionEdit'));
    const closed = { ...s, workshop: { ...s.workshop, status: 'closed' as const } };
    expect(editMenu(closed, w)?.choices.map((c) => c.label) ?? []).not.toContain(w.p('menus.edit.observationEdit'));
  });

  it('list only what the person may fix, and say so when that is nothing', () => {
    const mine = { observations: [second!.id], solutions: [solution.id] };
    expect(values(field(WORKSHOP_FORMS.observationEdit(s, { fixable: mine }), 'observationId'))).toEqual([second!.id]);
    expect(values(field(WORKSHOP_FORMS.solutionEdit(s, { fixable: mine }), 'solutionId'))).toEqual([solution.id]);
    const none = { observations: [], solutions: [] };
    const notice = formNotice('observationEdit', s, 'U-NOBODY', { fixable: none });
    expect(notice?.lines.map(lineText).join()).toBe(w.p('forms.nothing.yourObservation'));
    expect(formNotice('solutionEdit', s, 'U-NOBODY', { fixable: none })?.lines.map(lineText).join()).toBe(w.p('forms.nothing.yourSolution'));
  });

  it('refuse a form about someone else’s item in words', () => {
    const fixable = { observations: [second!.id], solutions: [] };
    expect(() => WORKSHOP_FORMS.observationChange(s, { subject: first!.id, fixable })).toThrow(expect.objectContaining({ code: 'errors.notYourObservation' }));
    expect(() => WORKSHOP_FORMS.solutionRemove(s, { subject: solution.id, fixable })).toThrow(expect.objectContaining({ code: 'errors.notYourSolution' }));
    expect(localizeRefusal({ code: 'errors.notYourObservation', params: {} }, lang)).not.toMatch(/errors\./);
  });

  it('open prefilled, the move starting from where the observation is', () => {
    const fixable = { observations: s.observations.map((o) => o.id), solutions: s.solutions.map((x) => x.id) };
    const change = WORKSHOP_FORMS.observationChange(s, { subject: first!.id, fixable });
    expect(change.subject).toBe(first!.id);
    expect(field(change, 'text').initial).toBe(first!.text);
    expect(field(change, 'kind').initial).toBe(first!.kind);
    expect(field(change, 'momentOfTruth').initial).toBe(first!.momentOfTruth);
    const move = WORKSHOP_FORMS.observationMove(s, { subject: first!.id, fixable });
    expect(field(move, 'stageId').initial).toBe(first!.stageId);
    const solutionChange = WORKSHOP_FORMS.solutionChange(s, { subject: solution.id, fixable });
    expect(field(solutionChange, 'text').initial).toBe(solution.text);
    expect(field(solutionChange, 'addresses').initial).toEqual(solution.addresses);
  });

  it('say what goes with a removed item, without telling how many votes it holds', () => {
    const fixable = { observations: s.observations.map((o) => o.id), solutions: s.solutions.map((x) => x.id) };
    const addressed = s.observations.find((o) => s.solutions.some((x) => x.addresses.includes(o.id)))!;
    const count = s.solutions.filter((x) => x.addresses.includes(addressed.id)).length;
    const intro = WORKSHOP_FORMS.observationRemove(s, { subject: addressed.id, fixable }).intro.map(lineText);
    expect(intro).toContain(w.p('forms.observationRemove.votes'));
    expect(intro).toContain(w.p('forms.observationRemove.solutions', { count }));
    const removeSolution = WORKSHOP_FORMS.solutionRemove(s, { subject: solution.id, fixable }).intro.map(lineText);
    expect(removeSolution).toContain(w.p('forms.solutionRemove.votes'));
    expect(removeSolution.join(' ')).not.toMatch(new RegExp(`\\b${solution.votes} vote`));
  });

  it('stand for the engine’s commands, the item taken from the form’s state', () => {
    const id = s.workshop.id;
    expect(workshopCommands('observationEdit', id, { observationId: first!.id, op: 'move' }, lang))
      .toEqual({ ok: true, next: { form: 'observationMove', subject: first!.id } });
    expect(workshopCommands('observationEdit', id, { observationId: first!.id }, lang)).toMatchObject({ ok: false, errors: { op: w.p('forms.observationEdit.opRequired') } });
    expect(workshopCommands('observationChange', id, { kind: 'rupture', text: 'Lost', momentOfTruth: true }, lang, first!.id))
      .toEqual({ ok: true, commands: [{ type: 'editObservation', workshopId: id, observationId: first!.id, kind: 'rupture', text: 'Lost', momentOfTruth: true }] });
    expect(workshopCommands('observationMove', id, { stageId: 'S1', touchpointId: 'T1' }, lang, first!.id))
      .toEqual({ ok: true, commands: [{ type: 'moveObservation', workshopId: id, observationId: first!.id, stageId: 'S1', touchpointId: 'T1' }] });
    expect(workshopCommands('observationMove', id, {}, lang, first!.id)).toMatchObject({ ok: false, errors: { stageId: w.p('forms.observationMove.whereRequired') } });
    expect(workshopCommands('observationRemove', id, {}, lang, first!.id)).toEqual({ ok: true, commands: [{ type: 'removeObservation', workshopId: id, observationId: first!.id }] });
    expect(workshopCommands('solutionChange', id, { text: 'Better', addresses: [] }, lang, solution.id))
      .toEqual({ ok: true, commands: [{ type: 'editSolution', workshopId: id, solutionId: solution.id, text: 'Better' }] });
    expect(workshopCommands('solutionRemove', id, {}, lang, solution.id)).toEqual({ ok: true, commands: [{ type: 'removeSolution', workshopId: id, solutionId: solution.id }] });
  });
});
