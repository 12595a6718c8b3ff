// Forms → cards with inputs (sent as a dialog or in the conversation), and the private ballot → a card.
// Each input's id says its field and its kind ("f:multiSelect:channels"), so reading a submission back
// (values.ts) needs no table; every button carries the form's signed state (`meta`, like Slack's
// private_metadata) and the engine checks it, and every id in a value, again.
import type { Language } from '../../core/vocabulary.js';
import type { BallotView, FieldKind, FieldView, FormView, NoticeView } from '../../present/model.js';
import { CARD_LIMITS } from './limits.js';
import { truncate } from './markdown.js';
import { type AdaptiveCard, button, card, CardContext, type Element, fitBody, footer, itemElements, lines, textBlock, title } from './common.js';
import { NOTICE_ICONS, type Names } from './messages.js';

export const FIELD_PREFIX = 'f';

export function inputIdOf(f: Pick<FieldView, 'id' | 'kind'>): string {
  return `${FIELD_PREFIX}:${f.kind}:${f.id}`;
}

/** The field and kind an input id stands for; null for any other key of a submission's data. */
export function fieldOfInput(inputId: string): { id: string; kind: FieldKind } | null {
  const [prefix, kind, ...rest] = inputId.split(':');
  if (prefix !== FIELD_PREFIX || !kind || rest.length === 0) return null;
  return { id: rest.join(':'), kind: kind as FieldKind };
}

/** What a form's buttons send besides the inputs: which form, its signed state, and for `refresh` which field changed. */
export interface FormData {
  action: 'submit' | 'cancel' | 'refresh';
  form: string;
  meta: string;
  field?: string;
}

/** Teams' people picker: the organisation's users, searched as one types (Graph's users dataset). */
const PEOPLE = { type: 'Data.Query', dataset: 'graph.microsoft.com/users' };

/** Stands for "no choice": a list with no choice is refused, and "" is not a value (Slack's adapter sends "-" too). */
export const NO_CHOICE = '-';

/** How much of each list a form shows: the whole of it, unless the card would not fit in one activity. */
interface ChoiceBudget {
  title: number;
  count: number;
}
/** Tried in turn until the form fits: shorter choice titles first, then fewer choices. */
const BUDGETS: ChoiceBudget[] = [
  { title: CARD_LIMITS.choiceTitle, count: CARD_LIMITS.choices }, { title: 90, count: CARD_LIMITS.choices }, { title: 60, count: CARD_LIMITS.choices },
  { title: 40, count: CARD_LIMITS.choices }, { title: 40, count: 60 }, { title: 30, count: 40 }, { title: 30, count: 20 },
];

function choicesOf(f: FieldView, budget: ChoiceBudget): { title: string; value: string }[] {
  // Adaptive Cards have no groups of choices: each choice names its group.
  const flat = [
    ...(f.choices ?? []).map((c) => ({ title: c.label, value: c.value })),
    ...(f.groups ?? []).flatMap((g) => g.choices.map((c) => ({ title: `${g.label} — ${c.label}`, value: c.value }))),
  ];
  const out = flat.slice(0, budget.count).map((c) => ({ title: truncate(c.title, budget.title) || '—', value: c.value }));
  return out.length ? out : [{ title: '—', value: NO_CHOICE }];
}

function input(f: FieldView, budget: ChoiceBudget, names?: Names): Element {
  const base = { id: inputIdOf(f), label: truncate(f.label, CARD_LIMITS.title), ...(f.placeholder ? { placeholder: truncate(f.placeholder, CARD_LIMITS.title) } : {}) };
  switch (f.kind) {
    case 'text':
    case 'longText':
      return {
        type: 'Input.Text', ...base, ...(f.kind === 'longText' ? { isMultiline: true } : {}), ...(f.maxLength ? { maxLength: f.maxLength } : {}),
        ...(typeof f.initial === 'string' && f.initial ? { value: f.initial.slice(0, f.maxLength ?? undefined) } : {}),
      };
    case 'select':
    case 'multiSelect': {
      const choices = choicesOf(f, budget);
      const picked = (Array.isArray(f.initial) ? f.initial : typeof f.initial === 'string' ? [f.initial] : []).filter((v) => choices.some((c) => c.value === v));
      return {
        type: 'Input.ChoiceSet', ...base, style: 'compact', choices,
        ...(f.kind === 'multiSelect' ? { isMultiSelect: true } : {}),
        // Teams sends several choices joined by commas: packed ids never hold one.
        ...(picked.length ? { value: (f.kind === 'select' ? picked.slice(0, 1) : picked).join(',') } : {}),
      };
    }
    case 'user': {
      // Teams searches the directory as one types; Microsoft's renderer only knows `choices.data` from 1.6 on and
      // wants one static choice, so the list holds the person already picked, or "—" for nobody.
      const picked = typeof f.initial === 'string' && f.initial ? f.initial : null;
      const choice = picked ? { title: truncate(names?.get(picked) ?? picked, CARD_LIMITS.choiceTitle), value: picked } : { title: '—', value: NO_CHOICE };
      return { type: 'Input.ChoiceSet', ...base, choices: [choice], 'choices.data': PEOPLE, ...(picked ? { value: picked } : {}) };
    }
    case 'checkbox': {
      // A toggle shows its title beside the box; a label would say the same words again above it.
      const { label: _shownAsTitle, ...toggle } = base;
      return { type: 'Input.Toggle', ...toggle, title: truncate(f.label, CARD_LIMITS.title), valueOn: 'true', valueOff: 'false', value: f.initial === true ? 'true' : 'false' };
    }
    case 'date':
      return { type: 'Input.Date', ...base, ...(typeof f.initial === 'string' && f.initial ? { value: f.initial.slice(0, 10) } : {}) };
    case 'number':
      return {
        type: 'Input.Number', ...base, ...(f.min !== undefined ? { min: f.min } : {}), ...(f.max !== undefined ? { max: f.max } : {}),
        ...(typeof f.initial === 'string' && f.initial !== '' && Number.isFinite(Number(f.initial)) ? { value: Number(f.initial) } : {}),
      };
    default: {
      const never: never = f.kind;
      throw new Error(`unhandled field kind ${String(never)}`);
    }
  }
}

/**
 * A form as a card. `meta` is the form's signed state; `errors` (field id → message, from refusalErrors) are
 * said under their fields when a submission was refused and the form comes back.
 */
export function formCard(v: FormView, meta: string, language: Language, errors: Record<string, string> = {}, names?: Names): AdaptiveCard {
  let built: AdaptiveCard | undefined;
  for (const budget of BUDGETS) {
    built = formCardWithin(v, meta, language, errors, budget, names);
    if (JSON.stringify(built).length <= CARD_LIMITS.cardChars) break;
  }
  return built!;
}

function formCardWithin(v: FormView, meta: string, language: Language, errors: Record<string, string>, budget: ChoiceBudget, names?: Names): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const data = (action: FormData['action'], field?: string): FormData => ({ action, form: v.form, meta, ...(field ? { field } : {}) });
  const fieldIds = new Set(v.fields.map((f) => f.id));
  const body: Element[] = [title(v.title), ...lines(ctx, v.intro)];
  // An error about no field of this form (the form as a whole) comes first.
  for (const [field, message] of Object.entries(errors)) if (!fieldIds.has(field)) body.push(textBlock(truncate(message, CARD_LIMITS.text), { color: 'Attention' }));
  for (const f of v.fields) {
    body.push(input(f, budget, names));
    if (f.hint) body.push(textBlock(truncate(f.hint, CARD_LIMITS.text), { isSubtle: true, size: 'Small', spacing: 'None' }));
    if (errors[f.id]) body.push(textBlock(truncate(errors[f.id]!, CARD_LIMITS.text), { color: 'Attention', spacing: 'None' }));
    // Adaptive Cards 1.5 cannot redraw a form when a choice changes: a button next to the field asks for it.
    if (f.refresh) {
      body.push({ type: 'ActionSet', actions: [{ type: 'Action.Execute', title: truncate(ctx.t('cards.refresh'), CARD_LIMITS.buttonTitle), verb: 'refresh', data: data('refresh', f.id) }] });
    }
  }
  return card(ctx, body, [
    { type: 'Action.Execute', title: truncate(v.submit, CARD_LIMITS.buttonTitle), verb: 'submit', data: data('submit'), style: 'positive' },
    { type: 'Action.Execute', title: truncate(v.cancel, CARD_LIMITS.buttonTitle), verb: 'cancel', data: data('cancel'), associatedInputs: 'none' },
  ]);
}

/** Adds the card's signed state to every Action.Execute in a tree of elements (the ballot's buttons, say). */
function withMeta(e: Element, meta: string): Element {
  if (e.type === 'Action.Execute') return { ...e, data: { ...(e.data as object), meta } };
  if (e.type === 'ActionSet') return { ...e, actions: (e.actions as Element[]).map((a) => withMeta(a, meta)) };
  if (e.type === 'Action.ShowCard') {
    const inner = e.card as { body: Element[]; actions?: Element[] };
    return { ...e, card: { ...inner, actions: (inner.actions ?? []).map((a) => withMeta(a, meta)) } };
  }
  return e;
}

/** The private ballot, one page of it. `notice`: the answer to the click that led here (a vote recorded). */
export function ballotCard(v: BallotView, meta: string, language: Language, notice?: NoticeView, names?: Names): AdaptiveCard {
  const ctx = new CardContext(language, names);
  const head: Element[] = [
    title(v.title),
    ...(notice ? lines(ctx, notice.lines.map((l, i) => (i === 0 ? [`${NOTICE_ICONS[notice.tone]} `, ...l] : l))) : []),
    ...lines(ctx, [v.remaining]),
  ];
  const middle = v.items.map((item) => itemElements(item, ctx).map((e) => withMeta(e, meta)));
  const nav = [v.previous, v.next].filter((a): a is NonNullable<typeof a> => a !== null).map((a) => withMeta(button(a), meta));
  const buttons = footer(nav);
  const tail = [...(v.pages > 1 ? [textBlock(`${v.page + 1} / ${v.pages}`, { isSubtle: true, size: 'Small' })] : []), ...buttons.body];
  return card(ctx, fitBody(ctx, head, middle, tail, buttons.actions), buttons.actions);
}
