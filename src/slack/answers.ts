// What the conversation layer answers → what Slack shows: ephemeral messages, modals opened or updated,
// errors under a modal's fields. Failures of these calls are told to the person, never thrown.
import type { WebClient } from '@slack/web-api';
import type { Reply } from '../conversation/replies.js';
import type { NoticeView } from '../present/model.js';
import { problemNotice } from '../present/notices.js';
import type { Language } from '../core/vocabulary.js';
import { anchorMessage, noticeMessage } from './blocks/messages.js';
import { homeTab } from './blocks/home.js';
import { ballotModal, formModal, noticeModal } from './blocks/modals.js';
import { truncate } from './mrkdwn.js';
import { signState, type SlackDeps } from './origin.js';
import { replyPrivately, type Where } from './replies.js';
import { describeFailure, slackFailure } from './slack-errors.js';

/** Slack shows field errors under the field; keep them readable. */
const ERROR_LENGTH = 300;

export interface Asker {
  team: string;
  where: Where;
  /** To open a modal. */
  triggerId: string | undefined;
  /** The modal the request came from, to update in place. */
  viewId: string | null;
}

export function ephemeral(message: { text: string; blocks: unknown[] }) {
  return { response_type: 'ephemeral' as const, text: message.text, blocks: message.blocks as never };
}

/** A reply as the acknowledgement of a slash command (ephemeral), or null when it needs a call after the ack. */
export function commandAck(reply: Reply): ReturnType<typeof ephemeral> | null {
  switch (reply.kind) {
    case 'notice': return ephemeral(noticeMessage(reply.notice));
    case 'status': {
      const message = anchorMessage(reply.anchor);
      return ephemeral({ text: message.text, blocks: [...message.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: reply.yours }] }] });
    }
    case 'home': {
      const tab = homeTab(reply.view, reply.conversations);
      return ephemeral({ text: reply.view.title, blocks: tab.blocks.slice(0, 50) });
    }
    default: return null;
  }
}

/** A reply as the acknowledgement of a modal submission. */
export function submissionAck(s: SlackDeps, asker: Asker, reply: Reply) {
  switch (reply.kind) {
    case 'fieldErrors':
      return { response_action: 'errors' as const, errors: Object.fromEntries(Object.entries(reply.errors).map(([k, v]) => [k, truncate(v, ERROR_LENGTH)])) };
    case 'nextForm':
      return { response_action: 'update' as const, view: formModal(reply.form, signState(s.signer, asker.team, asker.where.user, reply.state)) };
    case 'formNotice':
      return { response_action: 'update' as const, view: noticeModal(reply.title, reply.close, reply.notice) };
    default:
      return undefined;
  }
}

/** Carries out a reply after the acknowledgement: opens or updates a modal, or answers privately. */
export async function show(s: SlackDeps, client: WebClient, asker: Asker, reply: Reply, language: Language): Promise<void> {
  try {
    switch (reply.kind) {
      case 'none':
      case 'closeForm':
      case 'fieldErrors':
        return;
      case 'nextForm':
        // After a submission the acknowledgement carried it (submissionAck); after a choice in the form, it is redrawn here.
        if (asker.viewId) await client.views.update({ view_id: asker.viewId, view: formModal(reply.form, signState(s.signer, asker.team, asker.where.user, reply.state)) });
        return;
      case 'notice':
        return await tell(s, client, asker, reply.notice);
      case 'status':
      case 'home': {
        const message = commandAck(reply)!;
        return await tell(s, client, asker, { tone: 'info', lines: [] }, message);
      }
      case 'openForm':
        await client.views.open({ trigger_id: asker.triggerId ?? '', view: formModal(reply.form, signState(s.signer, asker.team, asker.where.user, reply.state)) });
        return;
      case 'ballot': {
        const view = ballotModal(reply.view, signState(s.signer, asker.team, asker.where.user, reply.state), reply.notice);
        if (asker.viewId) await client.views.update({ view_id: asker.viewId, view });
        else await client.views.open({ trigger_id: asker.triggerId ?? '', view });
        return;
      }
      case 'formNotice':
        if (asker.viewId) await client.views.update({ view_id: asker.viewId, view: noticeModal(reply.title, reply.close, reply.notice) });
        else await tell(s, client, asker, reply.notice);
        return;
      default: {
        const never: never = reply;
        throw new Error(`unhandled reply ${JSON.stringify(never)}`);
      }
    }
  } catch (error) {
    s.logger.warn({ err: error, reply: reply.kind }, 'could not show the answer');
    await tell(s, client, asker, { tone: 'refused', lines: [[describeFailure(slackFailure(error), language, s.command)]] });
  }
}

function tell(s: SlackDeps, client: WebClient, asker: Asker, notice: NoticeView, message?: { text: string; blocks: unknown[] }): Promise<void> {
  return replyPrivately(client, s.logger, asker.where, notice, message);
}

/** Something failed before the conversation layer could answer: said privately, in the default language. */
export function unexpected(language: Language): NoticeView {
  return problemNotice(language, 'unexpected');
}
