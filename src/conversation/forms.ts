// Form submissions: the form's values become engine commands, applied together under one delivery id.
// Refusals come back on their field, so the person fixes them in place; what follows (messages, the map)
// was recorded as jobs with the commands.
import type { CommandInput } from '../core/commands.js';
import type { Outcome } from '../core/engine.js';
import { isDomainError } from '../core/errors.js';
import type { Language } from '../core/vocabulary.js';
import { formNotice } from '../present/forms/access.js';
import { WORKSHOP_FORMS } from '../present/forms/build.js';
import { isSubjectForm, type FormId, type SubjectFormId } from '../present/forms/ids.js';
import { followUp, framingCommands, refusalErrors, workshopCommands, type Submission } from '../present/forms/submit.js';
import type { FormValues, NoticeView } from '../present/model.js';
import { problemNotice, refusalNotice, warningNotices } from '../present/notices.js';
import { words } from '../present/text.js';
import type { FormState } from './intents.js';
import { answer, type Answer } from './replies.js';
import { forgetJob } from './deletion.js';
import { jobOrigin, workshopLanguage, type Request } from './request.js';

export interface Submitted {
  state: FormState & { form: FormId };
  values: FormValues;
  /** The form's field ids, where refusals can be shown. */
  fieldIds: string[];
  title: string;
}

/** A form that cannot be used (unknown, or not verified): it turns into the reason. */
export function unusableForm(r: Request, problem: 'unknownAction' | 'tampered'): Answer {
  const w = words(r.d.language);
  return answer({ kind: 'formNotice', title: 'Parcours', close: w.p('forms.close'), notice: problemNotice(r.d.language, problem, {}) });
}

export async function onSubmit(r: Request, f: Submitted): Promise<Answer> {
  const { state, values } = f;
  const form = state.form;
  if ((form !== 'framing') !== (state.workshopId !== null) || (form !== 'framing' && isSubjectForm(form) !== (state.subject !== undefined))) {
    return unusableForm(r, 'tampered');
  }
  const language: Language = form === 'framing'
    ? (values.language === 'fr' ? 'fr' : values.language === 'en' ? 'en' : r.d.language)
    : await workshopLanguage(r, state.workshopId);
  const submission: Submission = form === 'framing'
    ? framingCommands(values, r.actor.displayName ?? '')
    : workshopCommands(form, state.workshopId!, values, language, state.subject);
  if (!submission.ok) return answer({ kind: 'fieldErrors', errors: submission.errors });
  if ('next' in submission) return answer(await nextForm(r, state, submission.next, language));

  const outcomes: Outcome[] = [];
  // Deleting a workshop also removes what the bot posted for it: read now, while its rows still exist.
  const forget = form === 'workshopDelete' ? await forgetJob(r.d, r.workspaceId, state.workshopId!, r.origin.platform, r.origin.workspace) : null;
  const deletedTitle = form === 'workshopDelete' ? (await r.d.queries.snapshot(r.workspaceId, state.workshopId!).catch(() => null))?.workshop.title ?? null : null;
  // A form's commands apply together or not at all (the persona and the goal, say), under one delivery id.
  const run = async (commands: CommandInput[], tag: string): Promise<Answer | null> => {
    const batch = await r.d.engine.executeAll(r.actor, commands, {
      deliveryId: `${r.origin.deliveryId}:${tag}`, origin: jobOrigin(r), ...(forget && tag === '' ? { jobs: [forget] } : {}),
    });
    if (batch.ok) {
      outcomes.push(...batch.outcomes.map((o) => ({ ...o, replayed: batch.replayed })));
      return null;
    }
    // A form without fields (removing a stage) has nowhere to show a refusal: the form turns into it.
    return answer(f.fieldIds.length
      ? { kind: 'fieldErrors', errors: refusalErrors(batch.error, f.fieldIds, language) }
      : { kind: 'formNotice', title: f.title, close: words(language).p('forms.close'), notice: refusalNotice(batch.error, language) });
  };
  const refused = await run(submission.commands, '');
  if (refused) return refused;
  const more = followUp(form, state.workshopId ?? '', values, outcomes[0]?.ok ? outcomes[0].result : {});
  if (more.length) {
    const again = await run(more, 'f');
    if (again) return again;
  }
  // A new workshop (framed, or a target journey started from this one) belongs to the conversation it was
  // started from: stored before the answer, and again by its first refresh job, so it is never lost.
  const first = outcomes[0];
  if ((form === 'framing' || form === 'targetJourney') && first?.ok && typeof first.result.workshopId === 'string' && state.conversationId) {
    await r.d.conversations.create(r.workspaceId, first.result.workshopId, r.origin.platform, state.conversationId);
  }
  const warnings = outcomes.flatMap((o) => (o.ok && !o.replayed ? o.warnings : []));
  const notices = warningNotices(warnings, language);
  // A re-delivery finds the workshop gone already: the first delivery told them.
  if (form === 'workshopDelete' && first?.ok && !first.replayed && deletedTitle !== null) {
    const w = words(language);
    notices.push({ tone: 'ok', lines: [[w.p('forms.workshopDelete.done', { title: w.p('format.quote', { text: deletedTitle }) })]] });
  }
  return answer({ kind: 'closeForm' }, notices);
}

/**
 * The form after a choice (a stage picked, then what to do with it), in place of the current one; or, when
 * it cannot open (the stage was removed meanwhile), the reason why.
 */
async function nextForm(r: Request, state: FormState, next: { form: SubjectFormId; subject: string }, language: Language) {
  const w = words(language);
  const snapshot = await r.d.queries.snapshot(r.workspaceId, state.workshopId!);
  const ctx = { subject: next.subject };
  let notice: NoticeView | null = formNotice(next.form, snapshot, r.origin.userId, ctx);
  if (!notice) {
    try {
      const view = WORKSHOP_FORMS[next.form](snapshot, ctx);
      return { kind: 'nextForm' as const, form: view, state: { ...state, form: next.form, subject: view.subject ?? next.subject } };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      notice = refusalNotice({ code: error.code, params: error.params }, language);
    }
  }
  return { kind: 'formNotice' as const, title: w.p(`forms.${next.form}.title`), close: w.p('forms.close'), notice };
}
