// Buttons and menus → action intents. Every click is acknowledged first; a click inside a modal (the
// ballot) brings that modal's signed state, checked before anything in it is used. A choice in an open form
// that other fields depend on (a stage, then its touchpoints) is a refresh intent: the form is redrawn. A click in the App Home
// tab (the facilitator's controls) is answered like one in a message, then the tab is published again so
// its buttons show the workshop as it now is.
import type { App, BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { FormState, Intent } from '../../conversation/intents.js';
import { show, unexpected } from '../answers.js';
import { actionDelivery } from '../delivery.js';
import { originOf, stateOf, type SlackDeps } from '../origin.js';
import type { Where } from '../replies.js';
import { isFormId } from '../../present/forms/ids.js';
import { BALLOT_CALLBACK } from '../blocks/modals.js';
import { formValues } from '../values.js';
import { publishHome } from './home.js';

interface ClickedElement {
  type: string;
  action_id: string;
  action_ts?: string;
  value?: string;
  selected_option?: { value?: string } | null;
}

export function registerActions(app: App, s: SlackDeps): void {
  app.action(/.*/, async ({ ack, body, action: element, client, context }) => {
    await ack();
    // Let the acks of a burst of clicks go out before any of them does its work (SQLite works synchronously).
    await new Promise((resolve) => setImmediate(resolve));
    const action = element as unknown as ClickedElement;
    const b = body as BlockAction;
    const team = context.teamId ?? context.enterpriseId ?? b.team?.id ?? '';
    const where: Where = { user: b.user.id, channel: b.channel?.id ?? null, thread: b.message?.thread_ts ?? b.message?.ts ?? null };
    // The action id is "<action>.<n>" (unique within a message); the value was packed by src/present.
    const name = action.action_id.split('.')[0] ?? '';
    const raw = action.type === 'static_select' ? action.selected_option?.value : action.value;
    let intent: Intent;
    let viewId: string | null = null;
    const inHome = b.view?.type === 'home';
    if (b.view && !inHome && b.view.callback_id !== BALLOT_CALLBACK && isFormId(b.view.callback_id)) {
      // A choice in an open form that other fields depend on (modals.ts, dispatch_action): the form is redrawn.
      viewId = b.view.id;
      const meta = s.signer.verify(b.view.private_metadata, { team, user: b.user.id, form: b.view.callback_id });
      if (meta) {
        where.channel = meta.c;
        where.thread = meta.th;
      }
      intent = meta ? { kind: 'refresh', state: stateOf(meta), values: await formValues(b.view.state.values) } : { kind: 'unusable', problem: 'tampered' };
    } else if (b.view && !inHome) {
      viewId = b.view.id;
      const meta = s.signer.verify(b.view.private_metadata, { team, user: b.user.id, form: 'ballot' });
      if (meta) {
        where.channel = meta.c;
        where.thread = meta.th;
      }
      intent = meta ? { kind: 'action', action: name, value: raw, form: stateOf(meta) as FormState } : { kind: 'unusable', problem: 'tampered' };
    } else {
      intent = { kind: 'action', action: name, value: raw, form: null };
    }
    const origin = originOf(team, b.user, where, actionDelivery(team, b.user.id, action.action_id, action.action_ts, raw));
    const asker = { team, where, triggerId: b.trigger_id, viewId };
    try {
      const { reply } = await s.layer.handle(origin, intent);
      await show(s, client as WebClient, asker, reply, s.layer.deps.language);
      if (inHome) await publishHome(s, client as WebClient, origin);
    } catch (error) {
      s.logger.warn({ err: error, action: name.slice(0, 40) }, 'action failed');
      await show(s, client as WebClient, { ...asker, viewId: null }, { kind: 'notice', notice: unexpected(s.layer.deps.language) }, s.layer.deps.language);
    }
  });
}
