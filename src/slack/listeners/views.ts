// Modal submissions → submit intents. The signed private_metadata is checked first (a tampered one changes
// nothing and says so); the answer goes back in the acknowledgement, so refusals show on their field.
import type { App, SlackViewAction, ViewOutput } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Intent } from '../../conversation/intents.js';
import type { Reply } from '../../conversation/replies.js';
import { isFormId } from '../../present/forms/ids.js';
import { fieldIdOf } from '../blocks/modals.js';
import { words } from '../../present/text.js';
import { submissionAck, unexpected } from '../answers.js';
import { viewDelivery } from '../delivery.js';
import { originOf, stateOf, type SlackDeps } from '../origin.js';
import { replyPrivately, type Where } from '../replies.js';
import { formValues } from '../values.js';

function blockIds(view: ViewOutput): string[] {
  return (view.blocks as { type?: string; block_id?: string }[]).filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id!);
}

function fieldIds(view: ViewOutput): string[] {
  return blockIds(view).map(fieldIdOf);
}

/** Errors are said per field; Slack shows them under a block, whose id may carry a key (modals.ts, blockIdOf). */
function onBlocks(reply: Reply, view: ViewOutput): Reply {
  if (reply.kind !== 'fieldErrors') return reply;
  const block = new Map(blockIds(view).map((id) => [fieldIdOf(id), id]));
  return { ...reply, errors: Object.fromEntries(Object.entries(reply.errors).map(([field, message]) => [block.get(field) ?? field, message])) };
}

export function registerViews(app: App, s: SlackDeps): void {
  app.view(/.*/, async ({ ack, body, view, client, context }) => {
    const b = body as SlackViewAction;
    const team = context.teamId ?? context.enterpriseId ?? b.team?.id ?? '';
    const callback = view.callback_id;
    const meta = isFormId(callback) ? s.signer.verify(view.private_metadata, { team, user: b.user.id, form: callback }) : null;
    let intent: Intent;
    if (!isFormId(callback)) {
      s.logger.warn({ callback: callback.slice(0, 80) }, 'unknown view submitted');
      intent = { kind: 'unusable', problem: 'unknownAction' };
    } else if (!meta) {
      s.logger.warn({ callback }, 'private_metadata failed verification');
      intent = { kind: 'unusable', problem: 'tampered' };
    } else {
      intent = { kind: 'submit', state: stateOf(meta), values: await formValues(view.state.values), fieldIds: fieldIds(view), title: view.title.text };
    }
    const where: Where = { user: b.user.id, channel: meta?.c ?? null, thread: meta?.th ?? null };
    const origin = originOf(team, b.user, where, viewDelivery(team, b.user.id, view.id, view.hash, view.state.values));
    let answered;
    try {
      answered = await s.layer.handle(origin, intent);
    } catch (error) {
      s.logger.warn({ err: error, callback: callback.slice(0, 80) }, 'submission failed');
      const language = s.layer.deps.language;
      answered = { reply: { kind: 'formNotice' as const, title: 'Parcours', close: words(language).p('forms.close'), notice: unexpected(language) }, later: [] };
    }
    const { reply, later } = answered;
    await ack(submissionAck(s, { team, where, triggerId: undefined, viewId: view.id }, onBlocks(reply, view)));
    for (const notice of later) await replyPrivately(client as WebClient, s.logger, where, notice);
  });
}
