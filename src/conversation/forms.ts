// Form submissions: the form's values become engine commands, applied together under one delivery id.
// Refusals come back on their field, so the person fixes them in place; what follows (messages, the map)
// was recorded as jobs with the commands.
import type { CommandInput } from '../core/commands.js';
import type { Outcome } from '../core/engine.js';
import { isDomainError } from '../core/errors.js';
import type { Language } from '../core/vocabulary.js';
import { formNotice } from '../present/forms/access.js';
import { isFixingForm } from '../present/forms/fixing.js';
import { WORKSHOP_FORMS } from '../present/forms/build.js';
import { isSubjectForm, type FormId, type SubjectFormId } from '../present/forms/ids.js';
import { isAgainForm, keptValues, savedLine } from '../present/forms/again.js';
import { isPreviewForm } from '../present/forms/fast.js';
import { followUp, framingCommands, refusalErrors, workshopCommands, type Submission } from '../present/forms/submit.js';
import type { FormValues, NoticeView } from '../present/model.js';
import { joinedNotice, problemNotice, refusalNotice, warningNotices } from '../present/notices.js';
import { words } from '../present/text.js';
import { timerNotice } from '../present/controls.js';
import type { FormState } from './intents.js';
import { answer, speaking, type Answer, type Reply } from './replies.js';
import { forgetJob } from './deletion.js';
import { jobOrigin, recipientOf, workshopLanguage, type Request } from './request.js';
import { wordingJobs } from './assist-jobs.js';
import { storyApprovedNotice } from '../present/assist-merge.js';

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
  if ('next' in submission) return answer(await nextForm(r, state, submission.next, language, values));

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
  // A stage in process wording gets its hint now, and a wording in the customer's voice later, by a job.
  if (state.workshopId && (form === 'stage' || form === 'stagesPreview' || form === 'stageRename')) {
    const jobs = wordingJobs({ workspaceId: r.workspaceId, platform: r.origin.platform, workspace: r.origin.workspace }, state.workshopId, recipientOf(r), submission.commands, outcomes);
    if (jobs.length) await r.d.jobs.enqueue(jobs);
  }
  const notices = warningNotices(warnings, language);
  if (form !== 'framing' && first?.ok) {
    const saved = await savedAnswer(r, { ...state, form }, values, first.result, outcomes.length, language);
    if (saved.again) return answer(saved.again, notices);
    if (saved.notice) notices.unshift(saved.notice);
  }
  // A timer of one's own length answers as the timer menu does: what was done, and the controls as they now are.
  if (form === 'timerLength' && first?.ok && state.workshopId) {
    const after = await r.d.queries.snapshot(r.workspaceId, state.workshopId);
    notices.push(timerNotice(after, 'start', Number(values.minutes), r.d.clock.now()));
  }
  if (form === 'timing' && first?.ok) notices.push({ tone: 'ok', lines: [[words(language).p('forms.timing.done')]] });
  if (form === 'story' && first?.ok) notices.push(storyApprovedNotice(language, first.replayed));
  // Whoever joins (or joins late, mid-step) hears what the current step awaits from them.
  if (form === 'join' && first?.ok && !first.replayed && state.workshopId) {
    const mine = (await r.d.queries.owed(r.workspaceId, state.workshopId)).find((o) => o.participantId === first.result.participantId);
    notices.push(joinedNotice(language, mine?.owes ?? []));
  }
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
async function nextForm(r: Request, state: FormState, next: { form: SubjectFormId; subject: string }, language: Language, values: FormValues) {
  const w = words(language);
  const snapshot = await r.d.queries.snapshot(r.workspaceId, state.workshopId!);
  // A preview shows what was typed; the forms about a stage or a department ignore it.
  const ctx = {
    subject: next.subject, kept: values, viewer: r.origin.userId,
    // A form about an observation or a solution opens only for whoever may fix it (the engine checks again on submit).
    ...(isFixingForm(next.form) ? { fixable: await r.d.queries.fixable(r.workspaceId, state.workshopId!, r.origin.userId) } : {}),
  };
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

/**
 * What a contribution's author is told once it is saved: the same form again, empty but for what the next item
 * most likely shares, when they asked to add another; else a private confirmation where it says where the item
 * went (an observation's stage and touchpoint) or how many were added at once.
 */
async function savedAnswer(
  r: Request, state: FormState & { form: Exclude<FormId, 'framing'> }, values: FormValues, result: Record<string, unknown>, count: number, language: Language,
): Promise<{ again?: Reply; notice?: NoticeView }> {
  const form = state.form;
  const w = words(language);
  if (isPreviewForm(form) || form === 'touchpoints') return { notice: { tone: 'ok', lines: [[w.p(`forms.${form}.done`, { count })]] } };
  if (!isAgainForm(form) || (values.again !== true && form !== 'observation')) return {};
  const snapshot = await r.d.queries.snapshot(r.workspaceId, state.workshopId!);
  const line = savedLine(form, snapshot, w, values, result);
  if (values.again !== true) return { notice: { tone: 'ok', lines: [line] } };
  const view = WORKSHOP_FORMS[form](snapshot, { kept: keptValues(form, values), viewer: r.origin.userId });
  // The new item's id tells this round from the last, so the platform starts the form afresh.
  const round = Object.values(result).find((v): v is string => typeof v === 'string') ?? String(Date.now());
  return { again: { kind: 'nextForm', form: { ...view, round, intro: [[`✅ `, ...line], ...view.intro] }, state } };
}

/**
 * A choice that other fields depend on was made (a stage, whose touchpoints are then offered): the form again,
 * as it was filled in, with those fields redrawn. Nothing is saved.
 */
export async function onRefresh(r: Request, state: FormState, values: FormValues): Promise<Answer> {
  const form = state.form;
  if (form === 'ballot' || form === 'framing' || !state.workshopId || isSubjectForm(form) !== (state.subject !== undefined)) return unusableForm(r, 'tampered');
  const language = await workshopLanguage(r, state.workshopId);
  // Nothing is saved, so the language read first is the one the answer speaks.
  return speaking(await redrawn(r, state, state.workshopId, form, values, language), language);
}

async function redrawn(r: Request, state: FormState, workshopId: string, form: Exclude<FormId, 'framing'>, values: FormValues, language: Language): Promise<Answer> {
  const snapshot = await r.d.queries.snapshot(r.workspaceId, workshopId);
  const ctx = {
    ...(state.subject ? { subject: state.subject } : {}), kept: values, viewer: r.origin.userId,
    ...(isFixingForm(form) ? { fixable: await r.d.queries.fixable(r.workspaceId, workshopId, r.origin.userId) } : {}),
  };
  const notice = formNotice(form, snapshot, r.origin.userId, ctx);
  const w = words(language);
  if (notice) return answer({ kind: 'formNotice', title: w.p(`forms.${form}.title`), close: w.p('forms.close'), notice });
  try {
    const view = WORKSHOP_FORMS[form](snapshot, ctx);
    return answer({ kind: 'nextForm', form: view, state: { ...state, form, ...(view.subject ? { subject: view.subject } : {}) } });
  } catch (error) {
    // What the form is about was removed meanwhile: the form turns into the reason.
    if (!isDomainError(error)) throw error;
    return answer({ kind: 'formNotice', title: w.p(`forms.${form}.title`), close: w.p('forms.close'), notice: refusalNotice({ code: error.code, params: error.params }, language) });
  }
}
