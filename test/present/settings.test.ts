// The facilitator's settings for departments and the workshop's language, as view models and as the
// commands their submissions stand for, in French and English: the menu offers them only with something
// to work on, each form says what it does (and what goes with a department removed), a non-facilitator is
// refused before filling anything in, and a change of language changes what is shown next.
import { describe, expect, it } from 'vitest';
import type { WorkshopSnapshot } from '../../src/core/snapshot.js';
import type { Language, Step } from '../../src/core/vocabulary.js';
import { translator } from '../../src/i18n/index.js';
import { localizeRefusal } from '../../src/i18n/refusal.js';
import { packValue } from '../../src/present/actions.js';
import { formNotice } from '../../src/present/forms/access.js';
import { WORKSHOP_FORMS } from '../../src/present/forms/build.js';
import { workshopCommands } from '../../src/present/forms/submit.js';
import { controlsView } from '../../src/present/controls.js';
import { settingsMenu } from '../../src/present/menus.js';
import type { FieldView, FormView, Line } from '../../src/present/model.js';
import { refusalNotice } from '../../src/present/notices.js';
import { stepView } from '../../src/present/steps.js';
import { words } from '../../src/present/text.js';
import { formModal, noticeModal } from '../../src/slack/blocks/modals.js';
import { stepMessage } from '../../src/slack/blocks/messages.js';
import { checkSurface } from '../../src/slack/limits.js';
import { furnitureTargetJourney } from '../fixtures/snapshots.js';

const FACILITATOR = 'U1';
const PARTICIPANT = 'U2';

/** The target furniture journey, open at a step; Digital owns three solutions and one participant joined with it. */
function workshop(language: Language, step: Step = 'solutions'): WorkshopSnapshot {
  const s = furnitureTargetJourney(language);
  return { ...s, workshop: { ...s.workshop, status: 'open', step } };
}

const field = (v: FormView, id: string): FieldView => {
  const found = v.fields.find((f) => f.id === id);
  if (!found) throw new Error(`no field ${id} in ${v.form}: ${v.fields.map((f) => f.id).join(', ')}`);
  return found;
};

const lineText = (l: Line): string => l.map((r) => (typeof r === 'string' ? r : 'strong' in r ? r.strong : 'user' in r ? `@${r.user}` : r.fallback)).join('');
const introText = (v: FormView): string => v.intro.map(lineText).join('\n');
const modalOk = (v: FormView): void => expect(checkSurface('modal', formModal(v, 'm'.repeat(300)) as never), v.form).toEqual([]);

describe.each(['en', 'fr'] as const)('department settings, in %s', (lang) => {
  const w = words(lang);
  const t = translator(lang);
  const s = workshop(lang);
  const digital = s.departments.find((d) => d.name === 'Digital')!;

  it('are offered in the facilitator’s settings menu once there is a department, in the workshop’s language', () => {
    const menu = settingsMenu(s, w)!;
    const choice = menu.choices.find((c) => c.value === packValue(s.workshop.id, 'departmentEdit'));
    expect(choice?.label).toBe(t('present:menus.settings.departmentEdit'));
    expect(choice?.label).toMatch(lang === 'fr' ? /service.*responsable.*supprimer/ : /department.*head.*remove/);
    // And in the menu of every step's controls, framing included.
    const framing = controlsView(workshop(lang, 'framing'), w).settings!;
    expect(framing.choices.map((c) => c.value)).toContain(packValue(s.workshop.id, 'departmentEdit'));

    const none = { ...s, departments: [] };
    expect((settingsMenu(none, w)?.choices ?? []).map((c) => c.value)).not.toContain(packValue(s.workshop.id, 'departmentEdit'));
    expect(formNotice('departmentEdit', none, FACILITATOR)?.lines.map(lineText).join()).toBe(t('present:forms.nothing.department'));
  });

  it('refuse anyone but the facilitator before they fill anything in', () => {
    for (const form of ['departmentEdit', 'departmentChange', 'departmentRemove', 'framingEdit'] as const) {
      const notice = formNotice(form, s, PARTICIPANT, { subject: digital.id });
      expect(notice?.tone, form).toBe('refused');
      expect(notice!.lines.map(lineText).join(), form).toBe(localizeRefusal({ code: 'errors.notFacilitator' }, lang));
      expect(formNotice(form, s, FACILITATOR, { subject: digital.id }), form).toBeNull();
    }
    // Closed workshops take no department change.
    const closed = { ...s, workshop: { ...s.workshop, status: 'closed' as const } };
    expect(formNotice('departmentRemove', closed, FACILITATOR, { subject: digital.id })?.lines.map(lineText).join())
      .toBe(localizeRefusal({ code: 'errors.workshopClosed', params: { title: s.workshop.title } }, lang));
  });

  it('pick a department and what to do with it, then open the form about that department', () => {
    const pick = WORKSHOP_FORMS.departmentEdit(s);
    modalOk(pick);
    expect(pick.title).toBe(t('present:forms.departmentEdit.title'));
    expect(field(pick, 'departmentId').choices!.map((c) => c.label)).toEqual(s.departments.map((d) => d.name));
    expect(field(pick, 'op').choices!.map((c) => c.value)).toEqual(['change', 'remove']);

    expect(workshopCommands('departmentEdit', s.workshop.id, { departmentId: digital.id, op: 'change' }, lang))
      .toEqual({ ok: true, next: { form: 'departmentChange', subject: digital.id } });
    expect(workshopCommands('departmentEdit', s.workshop.id, { departmentId: digital.id, op: 'remove' }, lang))
      .toEqual({ ok: true, next: { form: 'departmentRemove', subject: digital.id } });
    expect(workshopCommands('departmentEdit', s.workshop.id, { departmentId: null, op: 'remove' }, lang))
      .toEqual({ ok: false, errors: { departmentId: t('present:forms.departmentEdit.departmentRequired') } });
    expect(workshopCommands('departmentEdit', s.workshop.id, { departmentId: digital.id, op: 'merge' }, lang))
      .toEqual({ ok: false, errors: { op: t('present:forms.departmentEdit.opRequired') } });
  });

  it('rename a department and change its head in a form prefilled with them, or leave it without a head', () => {
    const form = WORKSHOP_FORMS.departmentChange(s, { subject: digital.id });
    modalOk(form);
    expect(form.subject).toBe(digital.id);
    expect(introText(form)).toContain(w.p('format.quote', { text: 'Digital' }));
    expect(field(form, 'name')).toMatchObject({ kind: 'text', initial: 'Digital', optional: false });
    expect(field(form, 'headUserId')).toMatchObject({ kind: 'user', initial: digital.headUserId, optional: true });
    expect(field(form, 'noHead')).toMatchObject({ kind: 'checkbox', label: t('present:forms.departmentChange.noHead') });
    // The Slack form preselects the current head in its user picker.
    expect(JSON.stringify(formModal(form, 'm'))).toContain(`"initial_user":"${digital.headUserId}"`);

    const renamed = lang === 'fr' ? 'Digital et data' : 'Digital and data';
    expect(workshopCommands('departmentChange', s.workshop.id, { name: renamed, headUserId: 'U0NEWHEAD', noHead: false }, lang, digital.id)).toEqual({
      ok: true, commands: [{ type: 'editDepartment', workshopId: s.workshop.id, departmentId: digital.id, name: renamed, headUserId: 'U0NEWHEAD' }],
    });
    expect(workshopCommands('departmentChange', s.workshop.id, { name: 'Digital', headUserId: null, noHead: true }, lang, digital.id)).toEqual({
      ok: true, commands: [{ type: 'editDepartment', workshopId: s.workshop.id, departmentId: digital.id, name: 'Digital', headUserId: null }],
    });
    expect(workshopCommands('departmentChange', s.workshop.id, { name: 'Digital', headUserId: 'U0NEWHEAD', noHead: true }, lang, digital.id))
      .toEqual({ ok: false, errors: { noHead: t('present:forms.departmentChange.headAndNoHead') } });

    // Without a head there is nothing to clear: no box.
    const headless = { ...s, departments: s.departments.map((d) => (d.id === digital.id ? { ...d, headUserId: null } : d)) };
    const form2 = WORKSHOP_FORMS.departmentChange(headless, { subject: digital.id });
    expect(form2.fields.map((f) => f.id)).toEqual(['name', 'headUserId']);
    expect(field(form2, 'headUserId').initial).toBeUndefined();
  });

  it('confirm a removal by saying what goes with the department — its solutions keep it, its members lose it', () => {
    const form = WORKSHOP_FORMS.departmentRemove(s, { subject: digital.id });
    modalOk(form);
    expect(form.fields).toEqual([]);
    expect(form.submit).toBe(t('present:forms.departmentRemove.submit'));
    const intro = introText(form);
    expect(intro).toContain(t('present:forms.departmentRemove.intro', { department: w.p('format.quote', { text: 'Digital' }) }));
    expect(intro).toContain(t('present:forms.departmentRemove.solutions', { count: 3 }));
    expect(intro).toContain(t('present:forms.departmentRemove.members', { count: 1 }));
    expect(intro).toContain(`@${digital.headUserId}`);
    expect(workshopCommands('departmentRemove', s.workshop.id, {}, lang, digital.id)).toEqual({
      ok: true, commands: [{ type: 'removeDepartment', workshopId: s.workshop.id, departmentId: digital.id }],
    });

    const unused = { id: 'dep-unused', name: lang === 'fr' ? 'Achats' : 'Purchasing', headUserId: null };
    const quiet = WORKSHOP_FORMS.departmentRemove({ ...s, departments: [...s.departments, unused] }, { subject: unused.id });
    expect(introText(quiet)).toContain(t('present:forms.departmentRemove.empty'));
    expect(introText(quiet)).not.toContain(t('present:forms.departmentRemove.solutions', { count: 3 }));
  });

  it('says plainly, in the workshop’s language, why a department that owns solutions stays', () => {
    const notice = refusalNotice({ code: 'errors.departmentInUse', params: { name: 'Digital' } }, lang);
    expect(notice.lines.map(lineText).join()).toBe(lang === 'fr'
      ? 'Le service « Digital » porte des solutions : attribuez-les d’abord à un autre service.'
      : 'The department “Digital” owns solutions: assign them elsewhere first.');
    expect(checkSurface('modal', noticeModal(t('present:forms.departmentRemove.title'), w.p('forms.close'), notice) as never)).toEqual([]);
  });

  it('refuse a department that is gone by the time its form opens', () => {
    expect(() => WORKSHOP_FORMS.departmentChange(s, { subject: 'gone' })).toThrow(/departmentNotFound/);
    expect(() => WORKSHOP_FORMS.departmentRemove(s, { subject: 'gone' })).toThrow(/departmentNotFound/);
  });
});

describe.each([['en', 'fr'], ['fr', 'en']] as const)('the workshop’s language, from %s to %s', (from, to) => {
  const s = workshop(from, 'stages');

  it('is offered in the framing form, each language named in itself, the current one chosen', () => {
    const form = WORKSHOP_FORMS.framingEdit(s);
    modalOk(form);
    const language = field(form, 'language');
    expect(language).toMatchObject({ kind: 'select', initial: from, hint: translator(from)('present:forms.framingEdit.languageHint') });
    expect(language.choices).toEqual([{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }]);
  });

  it('is changed by the framing form’s submission, and what is shown next speaks the new one', () => {
    const values = { title: s.workshop.title, scope: '', language: to, mode: 'async', basis: 'data', voteBudget: '5', voteCap: '2' };
    expect(workshopCommands('framingEdit', s.workshop.id, values, from)).toEqual({
      ok: true,
      commands: [{ type: 'editFraming', workshopId: s.workshop.id, title: s.workshop.title, scope: '', language: to, mode: 'async', basis: 'data', voteBudget: 5, voteCap: 2 }],
    });
    // A form opened before the language was offered leaves it as it is.
    const { language: _l, ...older } = values;
    const submitted = workshopCommands('framingEdit', s.workshop.id, older, from);
    expect(submitted.ok && 'commands' in submitted && 'language' in submitted.commands[0]!).toBe(false);

    const before = stepMessage(stepView(s));
    const after = stepMessage(stepView({ ...s, workshop: { ...s.workshop, language: to } }));
    expect(JSON.stringify(before)).toContain(translator(from)('present:asks.stages').slice(0, 40));
    expect(JSON.stringify(after)).toContain(translator(to)('present:asks.stages').slice(0, 40));
    expect(JSON.stringify(after)).not.toContain(translator(from)('present:asks.stages').slice(0, 40));
    expect(checkSurface('message', after as never)).toEqual([]);
  });
});
