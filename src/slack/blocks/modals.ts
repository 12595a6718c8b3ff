// Forms → modals, the private ballot → a modal, and the modal shown when a submission cannot be trusted.
// One input block per field: its block_id is the field id and its action_id is always "v", so reading a
// submission back (values.ts) needs no table.
import type { InputBlock, KnownBlock, View } from '@slack/types';
import type { BallotView, FieldView, FormView, NoticeView } from '../../present/model.js';
import { LIMITS } from '../limits.js';
import { lineToMrkdwn } from '../mrkdwn.js';
import { ActionIds, actionsBlock, itemBlocks, option, plain, textSections } from './common.js';

export const VALUE_ACTION = 'v';

/**
 * Slack keeps what was entered in a block whose ids stay the same when a view is updated. So a field whose
 * choices depend on another's gets a block_id that changes with them ("touchpointId|<stage>": a touchpoint of
 * the previous stage must not stay picked), and every field of a form that comes back to add another gets one
 * that changes with each round (it comes back empty but for its initial values).
 */
const KEY_SEPARATOR = '|';

export function blockIdOf(f: FieldView, round?: string): string {
  const keys = [f.id, ...(round ? [round] : []), ...(f.dependsOn ? [f.dependsOn.key] : [])];
  return keys.join(KEY_SEPARATOR).slice(0, LIMITS.blockId);
}

/** The field a block stands for. */
export function fieldIdOf(blockId: string): string {
  return blockId.split(KEY_SEPARATOR)[0] ?? blockId;
}

function input(f: FieldView, round?: string): InputBlock {
  const base = {
    type: 'input' as const, block_id: blockIdOf(f, round), optional: f.optional, label: plain(f.label, LIMITS.inputLabel),
    ...(f.hint ? { hint: plain(f.hint, LIMITS.inputHint) } : {}),
    // Choosing here redraws the form (views.update) with the fields that depend on this one.
    ...(f.refresh ? { dispatch_action: true } : {}),
  };
  const placeholder = f.placeholder ? { placeholder: plain(f.placeholder, LIMITS.placeholder) } : {};
  const choices = (f.choices ?? []).slice(0, LIMITS.selectOptions).map(option);
  const groups = (f.groups ?? []).slice(0, LIMITS.selectOptionGroups).map((g) => ({
    label: plain(g.label, LIMITS.optionGroupLabel), options: g.choices.slice(0, LIMITS.selectOptions).map(option),
  })).filter((g) => g.options.length > 0);
  const all = [...(f.choices ?? []), ...(f.groups ?? []).flatMap((g) => g.choices)];
  const initialChoice = typeof f.initial === 'string' ? all.find((c) => c.value === f.initial) : undefined;
  const initialChoices = Array.isArray(f.initial) ? all.filter((c) => (f.initial as string[]).includes(c.value)) : [];
  switch (f.kind) {
    case 'text':
    case 'longText':
      return {
        ...base,
        element: {
          type: 'plain_text_input', action_id: VALUE_ACTION, multiline: f.kind === 'longText', ...placeholder,
          ...(f.maxLength ? { max_length: Math.min(f.maxLength, LIMITS.textInputMax) } : {}),
          ...(typeof f.initial === 'string' && f.initial ? { initial_value: f.initial.slice(0, f.maxLength ?? LIMITS.textInputMax) } : {}),
        },
      };
    case 'select':
      return {
        ...base,
        element: {
          type: 'static_select', action_id: VALUE_ACTION, ...placeholder,
          ...(groups.length ? { option_groups: groups } : { options: choices.length ? choices : [option({ value: '-', label: '—' })] }),
          ...(initialChoice ? { initial_option: option(initialChoice) } : {}),
        },
      };
    case 'multiSelect':
      return {
        ...base,
        element: {
          type: 'multi_static_select', action_id: VALUE_ACTION, ...placeholder,
          ...(groups.length ? { option_groups: groups } : { options: choices.length ? choices : [option({ value: '-', label: '—' })] }),
          ...(initialChoices.length ? { initial_options: initialChoices.map(option) } : {}),
        },
      };
    case 'user':
      return { ...base, element: { type: 'users_select', action_id: VALUE_ACTION, ...placeholder, ...(typeof f.initial === 'string' ? { initial_user: f.initial } : {}) } };
    case 'checkbox': {
      const box = { text: plain(f.label, LIMITS.optionText), value: 'yes', ...(f.hint ? { description: plain(f.hint, LIMITS.optionDescription) } : {}) };
      return {
        ...base,
        element: { type: 'checkboxes', action_id: VALUE_ACTION, options: [box], ...(f.initial === true ? { initial_options: [box] } : {}) },
        hint: undefined,
      } as InputBlock;
    }
    case 'date':
      return { ...base, element: { type: 'datetimepicker', action_id: VALUE_ACTION } };
    case 'number':
      return {
        ...base,
        element: {
          type: 'number_input', action_id: VALUE_ACTION, is_decimal_allowed: false,
          ...(f.min !== undefined ? { min_value: String(f.min) } : {}), ...(f.max !== undefined ? { max_value: String(f.max) } : {}),
          ...(typeof f.initial === 'string' ? { initial_value: f.initial } : {}),
        },
      };
    default: {
      const never: never = f.kind;
      throw new Error(`unhandled field kind ${String(never)}`);
    }
  }
}

export function formModal(v: FormView, privateMetadata: string): View {
  const blocks: KnownBlock[] = [...textSections(v.intro), ...v.fields.map((f) => input(f, v.round))];
  return {
    type: 'modal', callback_id: v.form, private_metadata: privateMetadata,
    title: plain(v.title, LIMITS.modalTitle), submit: plain(v.submit, LIMITS.modalButton), close: plain(v.cancel, LIMITS.modalButton),
    blocks: blocks.slice(0, LIMITS.blocks.modal),
  };
}

export const BALLOT_CALLBACK = 'ballot';

/** `notice`: the answer to the click that led here (a vote recorded, a budget spent). */
export function ballotModal(v: BallotView, privateMetadata: string, notice?: NoticeView): View {
  const ids = new ActionIds();
  const icon = notice ? { ok: '✅', refused: '🚫', warning: '⚠️', info: 'ℹ️' }[notice.tone] : '';
  const items = v.items.flatMap((item) => itemBlocks(item, ids));
  const nav = [v.previous, v.next].filter((a): a is NonNullable<typeof a> => a !== null);
  const blocks: KnownBlock[] = [
    ...(notice ? textSections(notice.lines.map((l, i) => (i === 0 ? [`${icon} `, ...l] : l))) : []),
    ...textSections([v.remaining]),
    { type: 'divider' },
    ...items,
    ...(v.pages > 1 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `${v.page + 1} / ${v.pages}` }] } as KnownBlock] : []),
    ...actionsBlock(nav, ids),
  ];
  return {
    type: 'modal', callback_id: BALLOT_CALLBACK, private_metadata: privateMetadata,
    title: plain(v.title, LIMITS.modalTitle), close: plain(v.close, LIMITS.modalButton),
    blocks: blocks.slice(0, LIMITS.blocks.modal),
  };
}

/** A modal that only says something (a form that could not be verified, say). */
export function noticeModal(title: string, close: string, v: NoticeView): View {
  return {
    type: 'modal', title: plain(title, LIMITS.modalTitle), close: plain(close, LIMITS.modalButton),
    blocks: textSections(v.lines.map((l) => l)).slice(0, LIMITS.blocks.modal),
  };
}

export { lineToMrkdwn };
