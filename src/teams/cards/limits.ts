// What Teams accepts, and a checker for what Microsoft's renderer does not check: the version, the property
// names (a misspelled one is silently ignored), six actions per row and the activity's size. Builders fit
// their output to these limits; tests run every card through `checkCard` and through the renderer.
import type { AdaptiveCard } from './card.js';

export const CARD_LIMITS = {
  /** Actions in one `actions` array (Teams draws at most six). */
  actions: 6,
  /** An activity is refused over about 100 KB and must stay under 40 KB counted as UTF-16 (characters × 2). */
  activityBytes: 40 * 1024,
  /** The card's own JSON, in characters: under 40 KB with room for the activity around it (ids, addresses). */
  cardChars: 18_000,
  title: 200,
  text: 4000,
  buttonTitle: 60,
  choiceTitle: 150,
  choices: 100,
  /** People a card's refresh names (Teams draws at most 60 user-specific views of one card). */
  refreshUsers: 60,
} as const;

/** A message activity holding only the card: Teams splits a message with text and a card and loses the card's id. */
export function cardActivity(c: AdaptiveCard): { type: 'message'; attachments: { contentType: string; content: AdaptiveCard }[] } {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: c }] };
}

/** The size Teams counts: UTF-16 bytes of the serialised activity. */
export function activityBytes(activity: unknown): number {
  return JSON.stringify(activity).length * 2;
}

const COMMON = ['type', 'id', 'separator', 'spacing', 'isVisible', 'height'];
const INPUT = [...COMMON, 'label', 'isRequired', 'errorMessage'];
/** The properties each element type we build may carry; anything else is a typo Teams would ignore. */
export const ALLOWED: Record<string, readonly string[]> = {
  AdaptiveCard: ['type', '$schema', 'version', 'body', 'actions', 'refresh', 'msteams'],
  ShownCard: ['type', 'body', 'actions'],
  TextBlock: [...COMMON, 'text', 'wrap', 'size', 'weight', 'isSubtle', 'color', 'maxLines'],
  FactSet: [...COMMON, 'facts'],
  Image: [...COMMON, 'url', 'altText', 'size'],
  Container: [...COMMON, 'items', 'style'],
  ActionSet: [...COMMON, 'actions'],
  'Input.Text': [...INPUT, 'placeholder', 'maxLength', 'isMultiline', 'value'],
  'Input.Number': [...INPUT, 'placeholder', 'min', 'max', 'value'],
  'Input.Date': [...INPUT, 'placeholder', 'value'],
  'Input.Toggle': [...INPUT, 'title', 'value', 'valueOn', 'valueOff'],
  'Input.ChoiceSet': [...INPUT, 'placeholder', 'choices', 'choices.data', 'style', 'isMultiSelect', 'value'],
  'Action.Execute': ['type', 'id', 'title', 'verb', 'data', 'style', 'associatedInputs'],
  'Action.ShowCard': ['type', 'id', 'title', 'card', 'style'],
  'Action.OpenUrl': ['type', 'id', 'title', 'url', 'style'],
};
const NESTED: Record<string, readonly string[]> = {
  fact: ['title', 'value'],
  choice: ['title', 'value'],
  'Data.Query': ['type', 'dataset'],
  msteams: ['width', 'entities'],
  refresh: ['action', 'userIds'],
  mention: ['type', 'text', 'mentioned'],
};

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every breach of our own rules in a card: `[]` when it is fine. */
export function checkCard(c: unknown): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const keys = (where: string, o: Json, allowed: readonly string[]) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(where, `unknown property ${k}`);
  };
  const actions = (where: string, list: unknown) => {
    if (!Array.isArray(list)) return fail(where, 'actions is not a list');
    if (list.length > CARD_LIMITS.actions) fail(where, `${list.length} actions > ${CARD_LIMITS.actions}`);
    if (list.length === 0) fail(where, 'an empty actions list');
    list.forEach((a, i) => element(`${where}[${i}]`, a));
  };
  const shown = (where: string, o: unknown) => {
    if (!isObj(o)) return fail(where, 'not a card');
    keys(where, o, ALLOWED.ShownCard!);
    if (o.type !== 'AdaptiveCard') fail(where, 'type is not AdaptiveCard');
    body(`${where}.body`, o.body);
    if (o.actions !== undefined) actions(`${where}.actions`, o.actions);
  };
  const body = (where: string, list: unknown) => {
    if (!Array.isArray(list)) return fail(where, 'body is not a list');
    list.forEach((e, i) => element(`${where}[${i}]`, e));
  };
  const element = (where: string, e: unknown) => {
    if (!isObj(e)) return fail(where, 'not an element');
    const type = String(e.type);
    const allowed = ALLOWED[type];
    if (!allowed || type === 'AdaptiveCard') return fail(where, `unexpected type ${type}`);
    keys(where, e, allowed);
    if (typeof e.title === 'string' && e.title.trim() === '') fail(where, 'empty title');
    if (type === 'TextBlock' && (typeof e.text !== 'string' || e.text.trim() === '')) fail(where, 'empty text');
    if (type === 'ActionSet') actions(`${where}.actions`, e.actions);
    if (type === 'Container') body(`${where}.items`, e.items);
    if (type === 'Action.ShowCard') shown(`${where}.card`, e.card);
    if (type === 'FactSet') (e.facts as unknown[]).forEach((f, i) => isObj(f) && keys(`${where}.facts[${i}]`, f, NESTED.fact!));
    if (type === 'Input.ChoiceSet') {
      ((e.choices as unknown[] | undefined) ?? []).forEach((ch, i) => isObj(ch) && keys(`${where}.choices[${i}]`, ch, NESTED.choice!));
      if (isObj(e['choices.data'])) keys(`${where}.choices.data`, e['choices.data'], NESTED['Data.Query']!);
    }
  };
  if (!isObj(c)) return ['card: not an object'];
  keys('card', c, ALLOWED.AdaptiveCard!);
  if (c.type !== 'AdaptiveCard') fail('card', 'type is not AdaptiveCard');
  if (c.version !== '1.5') fail('card', `version ${String(c.version)} is not 1.5`);
  if (typeof c.$schema !== 'string' || !c.$schema) fail('card', 'no $schema');
  body('card.body', c.body);
  if (c.actions !== undefined) actions('card.actions', c.actions);
  if (c.refresh !== undefined) {
    if (!isObj(c.refresh)) fail('card.refresh', 'not an object');
    else {
      keys('card.refresh', c.refresh, NESTED.refresh!);
      if (!isObj(c.refresh.action) || c.refresh.action.type !== 'Action.Execute') fail('card.refresh.action', 'not an Action.Execute');
      else element('card.refresh.action', c.refresh.action);
      const ids = c.refresh.userIds;
      if (ids !== undefined && (!Array.isArray(ids) || ids.length === 0 || ids.length > CARD_LIMITS.refreshUsers)) fail('card.refresh.userIds', `1 to ${CARD_LIMITS.refreshUsers} user ids`);
    }
  }
  if (isObj(c.msteams)) {
    keys('card.msteams', c.msteams, NESTED.msteams!);
    ((c.msteams.entities as unknown[] | undefined) ?? []).forEach((m, i) => isObj(m) && keys(`card.msteams.entities[${i}]`, m, NESTED.mention!));
  }
  const bytes = activityBytes(cardActivity(c as unknown as AdaptiveCard));
  if (bytes >= CARD_LIMITS.activityBytes) fail('activity', `${bytes} bytes ≥ ${CARD_LIMITS.activityBytes}`);
  return problems;
}
