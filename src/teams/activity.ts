// Teams activities → who acted and where (the conversation layer's Origin) and what they did (an Intent).
// A message to the bot is a typed command, one people wrote to each other a possible contribution (messageIntent);
// an `adaptiveCard/action` invoke is a click (Action.Execute) on a card of src/teams/cards: a form's submit,
// cancel or refresh, or a button whose verb is an action's name.
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

interface Mention {
  type?: unknown;
  mentioned?: { id?: unknown };
}

/**
 * What a message activity is. In a 1:1 chat, or when it @mentions the bot, it is a command, as before. With
 * resource-specific consent (the manifest's ChannelMessage.Read.Group and ChatMessage.Read.Chat), Teams also
 * delivers what people write to each other in a channel or a group chat where the app is installed: such a
 * message is a possible contribution (`threads`: a channel, whose workshop lives in one reply chain; a group
 * chat has none), which the layer ignores unless it is in a workshop's conversation. Another bot's message,
 * or one with no text, is nothing (null).
 *
 * The bot is mentioned when a mention entity names it (the recipient). An activity carrying no mention entity
 * at all but an `<at>` tag is taken as addressed to it too: clients and tools that write the tag alone keep
 * reaching the bot as they did before consent let every message in.
 */
export function messageIntent(a: InboundActivity): Extract<Intent, { kind: 'command' } | { kind: 'message' }> | null {
  const text = commandText(a.text);
  const type = a.conversation.conversationType;
  if (type === 'personal' || type === undefined) return { kind: 'command', text };
  const from = a.from as { id: string; role?: unknown };
  if (from.role === 'bot' || from.id.startsWith('28:')) return null;
  const entities = ((a as { entities?: unknown }).entities ?? []) as Mention[];
  const mentions = Array.isArray(entities) ? entities.filter((e) => e?.type === 'mention') : [];
  const bot = a.recipient?.id;
  const addressed = mentions.length > 0 ? mentions.some((e) => bot !== undefined && e.mentioned?.id === bot) : /<at>/i.test(a.text ?? '');
  if (addressed) return { kind: 'command', text };
  const written = writtenText(text);
  if (!written) return null;
  return { kind: 'message', text: written, threads: type === 'channel' };
}

/** A message's words as its author wrote them: the spaces left by its markup folded, HTML's escapes undone. */
function writtenText(text: string): string {
  return text
    .replace(/&lt;/gi, '<').replace(/&gt;/gi, '>').replace(/&quot;/gi, '"').replace(/&#39;|&apos;/gi, "'").replace(/&amp;/gi, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
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
