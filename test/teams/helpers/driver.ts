// Drives Teams as people would, for tests: messages that mention the bot, clicks on the Action.Execute of the
// cards the bot sent (as `adaptiveCard/action` invokes), forms filled in from the values they show — each an
// activity POSTed to /api/messages of one of the servers, in turn. What the bot sent is read from the fake Bot
// Connector: messages by id (the latest version of each, updates included), in a conversation, a thread or a
// person's 1:1 chat. Every card the driver sees passes `checkCard`, or the test fails.
import { expect } from 'vitest';
import type { RunningServer } from '../../../src/server.js';
import { checkCard } from '../../../src/teams/cards/index.js';
import { cardText, elements, type FakeConnector, type Recorded } from './fake-connector.js';

export interface TeamsUser {
  /** The Entra object id: how Parcours and the people picker name a person. */
  id: string;
  name: string;
}

export type Card = Record<string, unknown>;
type Action = Record<string, unknown>;
export type ActionMatch = string | ((action: Action) => boolean);

/** A card as a person sees it: where it is (the conversation a click on it comes from) and its message's id. */
export interface Seen {
  card: Card;
  /** The conversation id as Teams gives it: a channel, a thread (`…;messageid=…`) or a 1:1 chat. */
  conversation: string;
  /** The message's id; '' for a card answering an invoke (it replaced the card that was clicked). */
  id: string;
}

/** What a click got back: the card replacing the clicked one (a form's answer, the next form), or nothing. */
export interface Answer {
  status: number;
  /** The invoke's card, already checked; null when Teams got a message (or nothing) back. */
  card: Seen | null;
  json: Record<string, unknown>;
}

export const TENANT = '00000000-0000-0000-0000-00000000a11a';

/** The people of a workshop: a facilitator, two participants, two department heads (by Entra object id). */
export const PEOPLE = {
  facilitator: { id: 'aad-fatou', name: 'Fatou Facilitatrice' },
  ana: { id: 'aad-ana', name: 'Ana Magasins' },
  bob: { id: 'aad-bob', name: 'Bob Ventes' },
  headSales: { id: 'aad-head-sales', name: 'Sam Chef' },
  headStores: { id: 'aad-head-stores', name: 'Sophie Cheffe' },
} as const satisfies Record<string, TeamsUser>;

/** A channel's thread: the channel's conversation id with the root message's id (src/teams/activity.ts). */
export function thread(channel: string, rootId: string): string {
  return `${channel};messageid=${rootId}`;
}

/** Fails the test when a card breaks Teams' rules (src/teams/cards/limits.ts). */
export function checked(card: Card): Card {
  expect(checkCard(card), cardText(card).slice(0, 300)).toEqual([]);
  return card;
}

export function hasSubmit(card: Card): boolean {
  return elements(card).some((e) => e.type === 'Action.Execute' && e.verb === 'submit');
}

/** Every input of a card with the value it shows, as Teams sends them (by input id: `f:kind:field`). */
export function inputsOf(card: Card): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of elements(card)) {
    if (typeof e.type === 'string' && e.type.startsWith('Input.') && typeof e.id === 'string') out[e.id] = e.value === undefined ? '' : String(e.value);
  }
  return out;
}

/** The id of the card's input for a field: `title` finds `f:text:title`. */
export function inputId(card: Card, field: string): string {
  const ids = Object.keys(inputsOf(card));
  const found = ids.find((k) => k.endsWith(`:${field}`));
  if (!found) throw new Error(`no input for ${field} in ${ids.join(', ')}`);
  return found;
}

/** The fields of a form card (`title`, `stage_<id>`…), in the card's order. */
export function fieldsOf(card: Card): string[] {
  return Object.keys(inputsOf(card)).map((k) => k.split(':').slice(2).join(':'));
}

/**
 * The inputs of a form card with the values they show, `values` (by field) put over them, as Teams sends
 * them. A value naming no input is a mistake in the test: it throws.
 */
export function fill(card: Card, values: Record<string, string> = {}): Record<string, string> {
  const out = inputsOf(card);
  for (const [field, value] of Object.entries(values)) out[inputId(card, field)] = value;
  return out;
}

/** The choices of a choice set, by field. */
export function choicesOf(card: Card, field: string): { title: string; value: string }[] {
  const id = inputId(card, field);
  return (elements(card).find((e) => e.id === id)!.choices ?? []) as { title: string; value: string }[];
}

/** The value of the choice whose title matches, in a choice set (by field). */
export function choice(card: Card, field: string, title: (t: string) => boolean): string {
  const choices = choicesOf(card, field);
  const found = choices.find((c) => title(c.title));
  if (!found) throw new Error(`no matching choice in ${field}: ${choices.map((c) => c.title).join(' | ')}`);
  return found.value;
}

/** An Action.Execute of a card, by its verb or a predicate (nested ones too: menus, confirmations). */
export function execute(card: Card, match: ActionMatch): Action {
  const test = typeof match === 'string' ? (a: Action) => a.verb === match : match;
  const found = elements(card).find((e) => e.type === 'Action.Execute' && test(e));
  if (!found) throw new Error(`no such Action.Execute (${String(match)}) in ${cardText(card).slice(0, 600)}`);
  return found;
}

const valueOf = (a: Action): string => String((a.data as { value?: unknown } | undefined)?.value ?? '');

/** A button that opens a form (`openForm`, its value ending with `~form`). */
export const opens = (form: string) => (a: Action): boolean => a.verb === 'openForm' && valueOf(a).endsWith(`~${form}`);

/** A vote button for an observation or a solution, by its id. */
export const voteFor = (id: string) => (a: Action): boolean => a.verb === 'vote' && valueOf(a).endsWith(`~${id}`);

export class TeamsDriver {
  private turn = 0;
  private activities = 0;
  /** Each person's time zone (by Entra id), sent as Teams does, as the activity's `localTimezone`; none when unset. */
  readonly timeZones = new Map<string, string>();

  /** `servers`: one, or replicas of one database; activities go to each in turn. */
  constructor(readonly fake: FakeConnector, readonly servers: RunningServer[], readonly tenant = TENANT) {}

  private next(): RunningServer {
    const server = this.servers[this.turn % this.servers.length]!;
    this.turn += 1;
    return server;
  }

  private activity(user: TeamsUser, conversation: string, fields: Record<string, unknown>): Record<string, unknown> {
    this.activities += 1;
    return {
      id: `driver-${Date.now()}-${this.activities}`, channelId: 'msteams', serviceUrl: this.fake.url, timestamp: new Date().toISOString(),
      from: { id: TeamsDriver.teamsId(user), name: user.name, aadObjectId: user.id }, recipient: { id: '28:parcours', name: 'Parcours' },
      conversation: { id: conversation, conversationType: conversation.startsWith('a:') ? 'personal' : 'channel', tenantId: this.tenant },
      channelData: { tenant: { id: this.tenant } },
      ...(this.timeZones.has(user.id) ? { localTimezone: this.timeZones.get(user.id) } : {}),
      ...fields,
    };
  }

  /** POSTs an activity to the next server, then waits until every server has done the work it caused. */
  async send(body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${this.next().url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    await this.settle();
    return { status: res.status, json: text ? JSON.parse(text) as Record<string, unknown> : {} };
  }

  /** Waits for every server's jobs, several rounds: a job done by one server may plan another. */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i += 1) await Promise.all(this.servers.map((s) => s.layer.idle()));
  }

  /** A message mentioning the bot, in a conversation (a channel, a thread, a 1:1 chat). */
  async say(user: TeamsUser, conversation: string, text: string): Promise<void> {
    const sent = await this.send(this.activity(user, conversation, { type: 'message', text: `<at>Parcours</at> ${text}` }));
    expect(sent.status, `"${text}" answered`).toBe(200);
  }

  /**
   * Clicks an Action.Execute of a card where the person sees it, with the values of the card's inputs Teams
   * merges into its data (`inputs`, by input id: from `fill`). The answer's card, if any, is checked.
   */
  async click(user: TeamsUser, seen: Seen, match: ActionMatch, inputs: Record<string, string> = {}): Promise<Answer> {
    const action = execute(seen.card, match);
    const sent = await this.send(this.activity(user, seen.conversation, {
      type: 'invoke', name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...(action.data as object), ...inputs } }, trigger: 'manual' },
    }));
    expect(sent.status, JSON.stringify(sent.json).slice(0, 300)).toBe(200);
    const json = sent.json;
    const card = json.type === 'application/vnd.microsoft.card.adaptive' ? checked(json.value as Card) : null;
    return { status: sent.status, json, card: card ? { card, conversation: seen.conversation, id: '' } : null };
  }

  /** Fills a form card in (values by field, over what it shows) and submits it. */
  submit(user: TeamsUser, form: Seen, values: Record<string, string> = {}): Promise<Answer> {
    return this.click(user, form, 'submit', fill(form.card, values));
  }

  /**
   * Clicks a button that opens a form or a ballot: it is the invoke's answer (from a card that was a form) or,
   * from a message's button, a new card in the person's 1:1 chat. Returns it.
   */
  async open(user: TeamsUser, seen: Seen, match: ActionMatch, opened: (card: Card) => boolean = hasSubmit): Promise<Seen> {
    const since = this.mark();
    const answer = await this.click(user, seen, match);
    if (answer.card && opened(answer.card.card)) return answer.card;
    const sent = this.personal(user, since).filter((m) => opened(m.card)).pop();
    if (!sent) {
      const got = this.fake.recorded.slice(since).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body).slice(0, 200)}`).join('\n');
      throw new Error(`nothing opened for ${user.name}: ${JSON.stringify(answer.json).slice(0, 300)}; the bot sent:\n${got}`);
    }
    return sent;
  }

  /** Where the fake's record is now: pass it as `since` to see only what comes after. */
  mark(): number {
    return this.fake.recorded.length;
  }

  /** The bot's messages from `since` on, each as last sent or updated, in the order they were first posted. */
  messages(since = 0): (Seen & { record: Recorded })[] {
    const byId = new Map<string, Seen & { record: Recorded }>();
    for (const { record, card } of this.fake.cards(since)) {
      const known = byId.get(record.id);
      // An update names the channel without the thread: the message stays where it was posted.
      byId.set(record.id, { card: checked(card), conversation: known?.conversation ?? record.conversation, id: record.id, record });
    }
    return [...byId.values()];
  }

  /** The latest message in a conversation (exactly that id: a thread is its own) that matches. */
  latest(conversation: string, match: (card: Card) => boolean = () => true, since = 0): Seen {
    const found = this.messages(since).filter((m) => m.conversation === conversation && match(m.card)).pop();
    if (!found) throw new Error(`no matching card in ${conversation}`);
    return found;
  }

  /** The Teams id the driver gives a person in activities (`from.id`); Parcours knows them by `user.id`. */
  static teamsId(user: TeamsUser): string {
    return `29:${user.id}`;
  }

  /** The 1:1 chats the bot opened with a person (POST /v3/conversations naming them by either id). */
  chatsWith(user: TeamsUser): Set<string> {
    const ids = new Set([user.id, TeamsDriver.teamsId(user)]);
    return new Set(this.fake.recorded.filter((r) => r.method === 'POST' && r.path === '/v3/conversations'
      && (r.body.members as { id: string }[] | undefined)?.some((m) => ids.has(m.id))).map((r) => r.id));
  }

  /** The cards sent to a person's 1:1 chats from `since` on, oldest first. */
  personal(user: TeamsUser, since = 0): Seen[] {
    const chats = this.chatsWith(user);
    return this.messages(since).filter((m) => chats.has(m.conversation));
  }

  /** The latest card in a person's 1:1 chats that matches. */
  latestPersonal(user: TeamsUser, match: (card: Card) => boolean = () => true, since = 0): Seen {
    const found = this.personal(user, since).filter((m) => match(m.card)).pop();
    if (!found) throw new Error(`no matching card in ${user.name}'s 1:1 chat`);
    return found;
  }
}
