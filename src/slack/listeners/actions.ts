// Buttons and menus. Every click is acknowledged first; then its value is parsed strictly (it comes back
// from the client), the engine decides, and the answer goes privately to whoever clicked. One table maps
// each action to its handler, exhaustively; an unknown action id gets a polite private answer.
import type { App, BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../../core/context.js';
import { isDomainError } from '../../core/errors.js';
import type { Language } from '../../core/vocabulary.js';
import { isActionName, unpackValue, type ActionArgs, type ActionName } from '../../present/actions.js';
import { ballotView } from '../../present/ballot.js';
import { formNotice, formRefusal } from '../../present/forms/access.js';
import { WORKSHOP_FORMS } from '../../present/forms/build.js';
import { loadOtherJourneys, type FormContext } from '../../present/forms/edit.js';
import { isSubjectForm } from '../../present/forms/ids.js';
import type { NoticeView } from '../../present/model.js';
import { problemNotice, refusalNotice, votedNotice } from '../../present/notices.js';
import { words } from '../../present/text.js';
import { ballotModal, formModal, noticeModal } from '../blocks/modals.js';
import { actionDelivery } from '../delivery.js';
import { replyPrivately, type Where } from '../replies.js';
import { actorOf, react, workshopLanguage, type Services } from '../services.js';
import { describeFailure, slackFailure } from '../slack-errors.js';

interface ActionContext<A extends ActionName> {
  s: Services;
  client: WebClient;
  body: BlockAction;
  team: string;
  workspaceId: string;
  actor: Actor;
  where: Where;
  workshopId: string;
  args: ActionArgs<A>;
  deliveryId: string;
  language: Language;
  /** The ballot modal the click came from, if any. */
  viewId: string | null;
}

type Handler<A extends ActionName> = (c: ActionContext<A>) => Promise<void>;

const tell = (c: ActionContext<ActionName>, notice: NoticeView): Promise<void> => replyPrivately(c.client, c.s.logger, c.where, notice);

// A form from a button or a menu ("Edit or remove…", "Workshop settings…"); a form about one stage only with it.
const openForm: Handler<'openForm'> = async (c) => {
  const form = c.args[0];
  const subject = c.args.length === 2 ? c.args[1] : undefined;
  if (form === 'framing' || isSubjectForm(form) !== (subject !== undefined)) return tell(c, problemNotice(c.language, 'unknownAction'));
  const snapshot = await c.s.queries.snapshot(c.workspaceId, c.workshopId);
  const refusal = formRefusal(form, snapshot, c.actor.userId);
  if (refusal) return tell(c, refusalNotice(refusal, c.language));
  const ctx: FormContext = {
    ...(subject ? { subject } : {}),
    ...(form === 'keyMoment' ? { journeys: await loadOtherJourneys(c.s.queries, c.workspaceId, snapshot) } : {}),
  };
  const notice = formNotice(form, snapshot, c.actor.userId, ctx);
  if (notice) return tell(c, notice);
  const view = WORKSHOP_FORMS[form](snapshot, ctx);
  const metadata = c.s.signer.sign({
    f: form, tm: c.team, u: c.actor.userId, w: c.workshopId, c: c.where.channel, th: c.where.thread, ...(view.subject ? { s: view.subject } : {}),
  });
  await c.client.views.open({ trigger_id: c.body.trigger_id, view: formModal(view, metadata) });
};

async function showBallot(c: ActionContext<ActionName>, page: number, notice?: NoticeView): Promise<void> {
  const { snapshot, mine } = await c.s.queries.ballot(c.workspaceId, c.workshopId, c.actor.userId);
  const metadata = c.s.signer.sign({ f: 'ballot', tm: c.team, u: c.actor.userId, w: c.workshopId, c: c.where.channel, th: c.where.thread, p: page });
  const view = ballotModal(ballotView(snapshot, mine, page), metadata, notice);
  if (c.viewId) await c.client.views.update({ view_id: c.viewId, view });
  else await c.client.views.open({ trigger_id: c.body.trigger_id, view });
}

const ballot: Handler<'ballot'> = (c) => showBallot(c, c.args[0]);

function voting(remove: boolean): Handler<'vote' | 'unvote'> {
  return async (c) => {
    const [kind, id] = c.args;
    const target = kind === 'o' ? { observationId: id } : { solutionId: id };
    const outcome = await c.s.engine.execute<{ remaining: number }>(c.actor, { type: remove ? 'unvote' : 'vote', workshopId: c.workshopId, target }, { deliveryId: c.deliveryId });
    const language = c.language;
    let notice: NoticeView;
    if (outcome.ok) {
      react(c.s, c.client, c.workspaceId, outcome as never, c.where, language);
      notice = votedNotice(language, outcome.result.remaining, remove);
    } else {
      notice = refusalNotice(outcome.error, language);
    }
    if (c.viewId) return showBallot(c, 0, notice);
    return tell(c, notice);
  };
}

function facilitation(command: (c: ActionContext<'advance' | 'reopen' | 'close'>) => Record<string, unknown>): Handler<'advance' | 'reopen' | 'close'> {
  return async (c) => {
    const outcome = await c.s.engine.execute(c.actor, { workshopId: c.workshopId, ...command(c) }, { deliveryId: c.deliveryId });
    if (!outcome.ok) {
      // A stale button (the workshop moved on) is refreshed so the next click works.
      if (outcome.error.code === 'errors.concurrentChange') c.s.publisher.refresh(c.client, c.workspaceId, c.workshopId);
      return tell(c, refusalNotice(outcome.error, c.language));
    }
    react(c.s, c.client, c.workspaceId, outcome, c.where, c.language);
  };
}

const postMap: Handler<'postMap'> = async (c) => {
  await tell(c, { tone: 'info', lines: [[words(c.language).t('slack:map.rendering')]] });
  await c.s.publisher.postMap(c.client, c.workspaceId, c.workshopId, c.where.channel ? { channel: c.where.channel } : {});
};

const HANDLERS: { [A in ActionName]: Handler<A> } = {
  openForm,
  vote: voting(false),
  unvote: voting(true),
  ballot,
  advance: facilitation((c) => ({ type: 'advanceStep', expectedVersion: (c.args as ActionArgs<'advance'>)[0] })),
  reopen: facilitation((c) => ({ type: 'reopenStep', step: (c.args as ActionArgs<'reopen'>)[0] })),
  close: facilitation(() => ({ type: 'closeWorkshop' })),
  postMap,
};

interface ClickedElement {
  type: string;
  action_id: string;
  action_ts?: string;
  value?: string;
  selected_option?: { value?: string } | null;
}

function rawValue(a: ClickedElement): string | undefined {
  return a.type === 'static_select' ? a.selected_option?.value : a.value;
}

export function registerActions(app: App, s: Services): void {
  app.action(/.*/, async ({ ack, body, action: element, client, context }) => {
    await ack();
    // Let the acks of a burst of clicks go out before any of them does its work (SQLite works synchronously).
    await new Promise((resolve) => setImmediate(resolve));
    const action = element as unknown as ClickedElement;
    const b = body as BlockAction;
    const team = context.teamId ?? context.enterpriseId ?? b.team?.id ?? '';
    const workspaceId = await s.workspaces.idOf(team);
    const actor = actorOf(workspaceId, b.user);
    const where: Where = { user: b.user.id, channel: b.channel?.id ?? null, thread: b.message?.thread_ts ?? b.message?.ts ?? null };
    const name = action.action_id.split('.')[0] ?? '';
    const raw = rawValue(action);
    const parsed = isActionName(name) && raw !== undefined ? unpackValue(name, raw) : null;
    if (!isActionName(name) || !parsed) {
      s.logger.warn({ actionId: action.action_id.slice(0, 80) }, 'unknown or malformed action');
      const notice = problemNotice(s.language, isActionName(name) ? 'tampered' : 'unknownAction');
      if (b.view?.id) {
        const w = words(s.language);
        await client.views.update({ view_id: b.view.id, view: noticeModal(w.p('ballot.title'), w.p('forms.close'), notice) }).catch(() => undefined);
        return;
      }
      return replyPrivately(client, s.logger, where, notice);
    }
    let viewId: string | null = null;
    if (b.view) {
      // Clicks inside a modal: its signed metadata says where the modal belongs.
      const meta = s.signer.verify(b.view.private_metadata, { team, user: b.user.id, form: 'ballot' });
      if (!meta || meta.w !== parsed.workshopId) {
        const w = words(s.language);
        await client.views.update({ view_id: b.view.id, view: noticeModal(w.p('ballot.title'), w.p('forms.close'), problemNotice(s.language, 'tampered')) });
        return;
      }
      viewId = b.view.id;
      where.channel = meta.c;
      where.thread = meta.th;
    }
    const c: ActionContext<typeof name> = {
      s, client: client as WebClient, body: b, team, workspaceId, actor, where, workshopId: parsed.workshopId, args: parsed.args as never,
      deliveryId: actionDelivery(team, b.user.id, action.action_id, action.action_ts, raw), viewId,
      language: await workshopLanguage(s, workspaceId, parsed.workshopId),
    };
    try {
      await (HANDLERS[name] as Handler<typeof name>)(c);
    } catch (error) {
      if (isDomainError(error)) return tell(c, refusalNotice({ code: error.code, params: error.params }, c.language));
      s.logger.warn({ err: error, action: name }, 'action failed');
      await tell(c, { tone: 'refused', lines: [[describeFailure(slackFailure(error), c.language, s.command)]] });
    }
  });
}
