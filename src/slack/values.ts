// A modal's state.values → the form's values by field id (block_id), whatever element produced them.
import type { FormValues } from '../present/model.js';
import { fieldIdOf, VALUE_ACTION } from './blocks/modals.js';

interface ElementState {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[];
  selected_user?: string | null;
  selected_date_time?: number | null;
  selected_date?: string | null;
}

/** node-emoji's table weighs several megabytes: loaded with the first text that holds an emoji code. */
let emoji: Promise<(text: string) => string> | undefined;
const EMOJI_CODE = /:[\w+-]+:/;

export async function formValues(state: unknown): Promise<FormValues> {
  const out: FormValues = {};
  if (typeof state !== 'object' || state === null) return out;
  for (const [block, actions] of Object.entries(state as Record<string, Record<string, ElementState>>)) {
    const blockId = fieldIdOf(block);
    const e = actions?.[VALUE_ACTION];
    if (!e || typeof e !== 'object') continue;
    switch (e.type) {
      case 'static_select':
        out[blockId] = e.selected_option?.value ?? null;
        break;
      case 'multi_static_select':
        out[blockId] = (e.selected_options ?? []).flatMap((o) => (typeof o.value === 'string' ? [o.value] : []));
        break;
      case 'users_select':
        out[blockId] = e.selected_user ?? null;
        break;
      case 'checkboxes':
        out[blockId] = (e.selected_options ?? []).length > 0;
        break;
      case 'datetimepicker':
        out[blockId] = typeof e.selected_date_time === 'number' ? new Date(e.selected_date_time * 1000).toISOString() : null;
        break;
      case 'datepicker':
        out[blockId] = e.selected_date ? `${e.selected_date}T17:00:00Z` : null;
        break;
      default:
        // Slack people type emoji as codes (":truck:"), which only Slack draws: stored as the emoji itself, they
        // also show on the map, in the documents and on other platforms. A code no emoji has (a workspace's
        // own, ":partyparrot:") stays as typed.
        if (typeof e.value !== 'string') out[blockId] = null;
        else if (!EMOJI_CODE.test(e.value)) out[blockId] = e.value;
        else out[blockId] = (await (emoji ??= import('node-emoji').then((m) => m.emojify)))(e.value);
    }
  }
  return out;
}
