// Modal submissions. The signed private_metadata is checked first (a tampered one changes nothing and says
// so), then the form's values become engine commands. Refusals come back on their field, in the same
// acknowledgement, so the person fixes them in place; what follows (messages, deliverables) runs after it.
import type { App, SlackViewAction, ViewOutput } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CommandInput } from '../../core/commands.js';
import type { Outcome } from '../../core/engine.js';
import type { Language } from '../../core/vocabulary.js';
import { isDomainError } from '../../core/errors.js';
import { formNotice } from '../../present/forms/access.js';
import { WORKSHOP_FORMS } from '../../present/forms/build.js';
import { isFormId, isSubjectForm, type FormId, type SubjectFormId } from '../../present/forms/ids.js';
import { followUp, framingCommands, refusalErrors, workshopCommands, type Submission } from '../../present/forms/submit.js';
import type { FormValues, NoticeView } from '../../present/model.js';
import { problemNotice, refusalNotice, warningNotices } from '../../present/notices.js';
import { words } from '../../present/text.js';
import { formModal, noticeModal } from '../blocks/modals.js';
import { viewDelivery } from '../delivery.js';
import type { Metadata } from '../metadata.js';
import { replyPrivately, type Where } from '../replies.js';
import { actorOf, react, workshopLanguage, type Services } from '../services.js';
import { truncate } from '../mrkdwn.js';
import { formValues } from '../values.js';

/** Slack shows field errors under the field; keep them readable. */
const ERROR_LENGTH = 300;

function fieldIds(view: ViewOutput): string[] {
  return (view.blocks as { type?: string; block_id?: string }[]).filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id!);
}

function errorsResponse(errors: Record<string, string>) {
  return { response_action: 'errors' as const, errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, truncate(v, ERROR_LENGTH)])) };
}

function updateWithNotice(language: Language, key: string) {
  const w = words(language);
  return { response_action: 'update' as const, view: noticeModal('Parcours', w.p('forms.close'), problemNotice(language, key, {})) };
}

export function registerViews(app: App, s: Services): void {
  app.view(/.*/, async ({ ack, body, view, client, context }) => {
    const b = body as SlackViewAction;
    const team = context.teamId ?? context.enterpriseId ?? b.team?.id ?? '';
    const callback = view.callback_id;
    if (!isFormId(callback)) {
      s.logger.warn({ callback: callback.slice(0, 80) }, 'unknown view submitted');
      return ack(updateWithNotice(s.language, 'unknownAction'));
    }
    const meta = s.signer.verify(view.private_metadata, { team, user: b.user.id, form: callback });
    if (!meta || (callback !== 'framing') !== (meta.w !== null) || (callback !== 'framing' && isSubjectForm(callback) !== (meta.s !== undefined))) {
      s.logger.warn({ callback }, 'private_metadata failed verification');
      return ack(updateWithNotice(s.language, 'tampered'));
    }
    const workspaceId = await s.workspaces.idOf(team);
    const actor = actorOf(workspaceId, b.user);
    const values = formValues(view.state.values);
    const language = callback === 'framing' ? (values.language === 'fr' ? 'fr' : values.language === 'en' ? 'en' : s.language) : await workshopLanguage(s, workspaceId, meta.w);
    const submission: Submission = callback === 'framing' ? framingCommands(values, actor.displayName ?? '') : workshopCommands(callback, meta.w!, values, language, meta.s);
    if (!submission.ok) return ack(errorsResponse(submission.errors));
    if ('next' in submission) return ack(await nextForm(s, workspaceId, actor.userId, meta, submission.next, language));

    const base = viewDelivery(team, b.user.id, view.id, view.hash, view.state.values);
    const outcomes: Outcome[] = [];
    // A form's commands apply together or not at all (the persona and the goal, say), under one delivery id.
    const run = async (commands: CommandInput[], tag: string): Promise<Outcome | null> => {
      const batch = await s.engine.executeAll(actor, commands, { deliveryId: `${base}:${tag}` });
      if (!batch.ok) {
        const fields = fieldIds(view);
        // A form without fields (removing a stage) has nowhere to show a refusal: the modal turns into it.
        await ack(fields.length
          ? errorsResponse(refusalErrors(batch.error, fields, language))
          : { response_action: 'update' as const, view: noticeModal(view.title.text, words(language).p('forms.close'), refusalNotice(batch.error, language)) });
        return null;
      }
      outcomes.push(...batch.outcomes.map((o) => ({ ...o, replayed: batch.replayed })));
      return outcomes.at(-1) ?? null;
    };
    const first = await run(submission.commands, '');
    if (!first) return;
    const more = followUp(callback, meta.w ?? '', values, outcomes[0]?.ok ? outcomes[0].result : {});
    if (more.length && !(await run(more, 'f'))) return;
    const where: Where = { user: b.user.id, channel: meta.c, thread: meta.th };
    if (callback === 'framing' || callback === 'targetJourney') await linkChannel(s, workspaceId, outcomes[0]!, meta);
    await ack();
    after(s, client, workspaceId, outcomes, where, language, callback, meta);
  });
}

/**
 * The form after a choice (a stage picked, then what to do with it), in place of the current one; or, when
 * it cannot open (the stage was removed meanwhile), the reason why.
 */
async function nextForm(s: Services, workspaceId: string, userId: string, meta: Metadata, next: { form: SubjectFormId; subject: string }, language: Language) {
  const w = words(language);
  const snapshot = await s.queries.snapshot(workspaceId, meta.w!);
  const ctx = { subject: next.subject };
  let notice: NoticeView | null = formNotice(next.form, snapshot, userId, ctx);
  if (!notice) {
    try {
      const view = WORKSHOP_FORMS[next.form](snapshot, ctx);
      return { response_action: 'update' as const, view: formModal(view, s.signer.sign({ ...meta, f: next.form, s: view.subject ?? next.subject })) };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      notice = refusalNotice({ code: error.code, params: error.params }, language);
    }
  }
  return { response_action: 'update' as const, view: noticeModal(w.p(`forms.${next.form}.title`), w.p('forms.close'), notice) };
}

/** A new workshop (framed, or a target journey started from this one) belongs to the channel it was started from; stored before the ack so it is never lost. */
async function linkChannel(s: Services, workspaceId: string, outcome: Outcome, meta: Metadata): Promise<void> {
  if (!outcome.ok || typeof outcome.result.workshopId !== 'string' || !meta.c) return;
  await s.conversations.create(workspaceId, outcome.result.workshopId, meta.c);
}

function after(s: Services, client: WebClient, workspaceId: string, outcomes: Outcome[], where: Where, language: Language, form: FormId, meta: Metadata): void {
  const warnings = outcomes.flatMap((o) => (o.ok && !o.replayed ? o.warnings : []));
  if (warnings.length) s.background.run('warnings', () => Promise.all(warningNotices(warnings, language).map((n) => replyPrivately(client, s.logger, where, n))));
  const first = outcomes[0];
  if ((form === 'framing' || form === 'targetJourney') && first?.ok && !first.replayed && typeof first.result.workshopId === 'string') {
    // The anchor message is the confirmation; if the channel cannot take it, the facilitator hears why.
    s.publisher.syncOrTell(client, workspaceId, first.result.workshopId, where, language);
    return;
  }
  for (const outcome of outcomes) react(s, client, workspaceId, outcome, where, language);
  void meta;
}

export type { FormValues };
