// Teams activities → who acted and where (the conversation layer's Origin) and what they did (an Intent).
// A message to the bot is a typed command; an `adaptiveCard/action` invoke is a click (Action.Execute) on a
// card of src/teams/cards: a form's submit, cancel or refresh, or a button whose verb is an action's name.
import type { FormState, Intent, Origin } from '../conversation/intents.js';
import { isActionName } from '../present/actions.js';
import { cardFormValues, PERSONAL_VIEW } from './cards/index.js';
import type { InboundActivity } from './sdk.js';
import type { StateSigner } from './state.js';

/** A thread of a channel is the channel's conversation id with the root message's id after `;messageid=`. */
const THREAD = ';messageid=';

export function tenantOf(a: InboundActivity): string | null {
  return a.channelData?.tenant?.id ?? a.conversation?.tenantId ?? null;
}

/** The person, by their Entra object id when Teams gives it: the people picker of the forms names people by it. */
export function userOf(a: InboundActivity): string {
  return a.from.aadObjectId ?? a.from.id;
}

export function splitThread(conversationId: string): { conversationId: string; threadId: string | null } {
  const at = conversationId.indexOf(THREAD);
  return at < 0 ? { conversationId, threadId: null } : { conversationId: conversationId.slice(0, at), threadId: conversationId.slice(at + THREAD.length) || null };
}

export function inThread(conversationId: string, threadId: string | null | undefined): string {
  return threadId ? `${conversationId}${THREAD}${threadId}` : conversationId;
}

/** What follows the bot's mention: `<at>Parcours</at> new fr` → `new fr`. */
export function commandText(text: string | undefined): string {
  return (text ?? '').replace(/<at>[^<]*<\/at>/gi, ' ').replace(/&nbsp;/gi, ' ').replace(/<[^>]+>/g, ' ').trim();
}

export function originOf(a: InboundActivity, tenant: string, where?: { conversationId: string | null; threadId: string | null }): Origin {
  const here = splitThread(a.conversation.id);
  return {
    platform: 'teams', workspace: tenant, userId: userOf(a), displayName: (a.from.name ?? '').slice(0, 80),
    conversationId: where ? where.conversationId : here.conversationId, threadId: where ? where.threadId : here.threadId,
    deliveryId: `teams:${a.id ?? ''}`.slice(0, 200),
  };
}

/** What an Action.Execute carries (src/teams/cards: forms.ts FormData, common.ts ExecuteData). */
interface ExecuteValue {
  verb?: unknown;
  data?: Record<string, unknown>;
}

export type CardClick =
  /** From a form card: the card may be replaced by the answer. */
  | { from: 'form'; intent: Intent; state: FormState | null; cancelled: boolean }
  /** From a button of a message (anchor, step): the message stays as it is. */
  | { from: 'message'; intent: Intent; state: FormState | null };

const FORM_ACTIONS = new Set(['submit', 'cancel', 'refresh']);

/** What a message's refresh asks for (cards/common.ts withPersonalView): one person's version of it; else null. */
export function personalViewOf(a: InboundActivity): { view: 'anchor' | 'step'; workshopId: string; step: string | null } | null {
  const action = ((a.value ?? {}) as { action?: ExecuteValue }).action ?? {};
  const data = action.data && typeof action.data === 'object' ? action.data : {};
  if (action.verb !== PERSONAL_VIEW || data.action !== PERSONAL_VIEW) return null;
  if ((data.view !== 'anchor' && data.view !== 'step') || typeof data.workshop !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(data.workshop)) return null;
  return { view: data.view, workshopId: data.workshop, step: typeof data.step === 'string' ? data.step.slice(0, 40) : null };
}

/** An adaptiveCard/action invoke → an intent; the card's signed state must hold for this tenant and person. */
export function cardClick(a: InboundActivity, tenant: string, signer: StateSigner): CardClick {
  const action = ((a.value ?? {}) as { action?: ExecuteValue }).action ?? {};
  const data = action.data && typeof action.data === 'object' ? action.data : {};
  const user = userOf(a);
  if (typeof data.form === 'string' && typeof data.action === 'string' && FORM_ACTIONS.has(data.action)) {
    const state = signer.verify(data.meta, tenant, user);
    if (!state || state.form !== data.form) return { from: 'form', intent: { kind: 'unusable', problem: 'tampered' }, state: null, cancelled: false };
    const values = cardFormValues(data);
    if (data.action === 'cancel') return { from: 'form', intent: { kind: 'unusable', problem: 'unknownAction' }, state, cancelled: true };
    if (data.action === 'refresh') return { from: 'form', intent: { kind: 'refresh', state, values }, state, cancelled: false };
    return { from: 'form', intent: { kind: 'submit', state, values, fieldIds: Object.keys(values), title: '' }, state, cancelled: false };
  }
  const name = typeof data.action === 'string' ? data.action : typeof action.verb === 'string' ? action.verb : '';
  if (!isActionName(name)) return { from: 'message', intent: { kind: 'unusable', problem: 'unknownAction' }, state: null };
  // A menu names the input holding its choice; Teams merges the inputs' values into `data`.
  const chosen = typeof data.input === 'string' ? data[data.input] : data.value;
  const value = typeof chosen === 'string' ? chosen : undefined;
  if (data.meta === undefined) return { from: 'message', intent: { kind: 'action', action: name, value, form: null }, state: null };
  const state = signer.verify(data.meta, tenant, user);
  if (!state) return { from: 'form', intent: { kind: 'unusable', problem: 'tampered' }, state: null, cancelled: false };
  return { from: 'form', intent: { kind: 'action', action: name, value, form: state }, state, cancelled: false };
}
