// Block Kit's limits, as documented in @slack/types ("Maximum length…"), and a checker that walks a built
// message, modal or Home tab and lists every breach. The builders fit their output to these limits; tests
// run every view the app builds through `checkSurface` so a breach fails before Slack would reject it.
export const LIMITS = {
  blocks: { message: 50, modal: 100, home: 100 },
  blockId: 255,
  actionId: 255,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  optionGroupLabel: 75,
  selectOptions: 100,
  selectOptionGroups: 100,
  checkboxOptions: 10,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  textInputMax: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  messageText: 4000,
} as const;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string => (isObj(v) && typeof v.text === 'string' ? v.text : typeof v === 'string' ? v : '');
const len = (s: string): number => s.length;

export type Surface = 'message' | 'modal' | 'home';

/** Every breach of a Block Kit limit in a surface: `[]` when the surface is valid. */
export function checkSurface(surface: Surface, payload: { blocks?: unknown[]; text?: string } & Json): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const max = (where: string, value: string | undefined, limit: number) => {
    if (value !== undefined && len(value) > limit) fail(where, `${len(value)} > ${limit} characters`);
  };
  const nonEmpty = (where: string, value: string | undefined) => {
    if (value !== undefined && value.trim() === '') fail(where, 'empty text');
  };
  const blocks = payload.blocks ?? [];
  if (blocks.length > LIMITS.blocks[surface]) fail(surface, `${blocks.length} blocks > ${LIMITS.blocks[surface]}`);
  if (surface === 'message') max('text', payload.text, LIMITS.messageText);
  if (surface === 'modal') {
    max('title', textOf(payload.title), LIMITS.modalTitle);
    max('submit', payload.submit ? textOf(payload.submit) : undefined, LIMITS.modalButton);
    max('close', payload.close ? textOf(payload.close) : undefined, LIMITS.modalButton);
    max('private_metadata', payload.private_metadata as string | undefined, LIMITS.privateMetadata);
    max('callback_id', payload.callback_id as string | undefined, LIMITS.callbackId);
  }
  if (surface === 'home') max('private_metadata', payload.private_metadata as string | undefined, LIMITS.privateMetadata);

  const blockIds = new Set<string>();
  const option = (where: string, o: unknown) => {
    if (!isObj(o)) return fail(where, 'not an option');
    max(`${where}.text`, textOf(o.text), LIMITS.optionText);
    nonEmpty(`${where}.text`, textOf(o.text));
    max(`${where}.value`, o.value as string | undefined, LIMITS.optionValue);
    if (o.description) max(`${where}.description`, textOf(o.description), LIMITS.optionDescription);
  };
  const element = (where: string, e: unknown, actionIds: Set<string>) => {
    if (!isObj(e)) return;
    const type = e.type as string;
    if (typeof e.action_id === 'string') {
      max(`${where}.action_id`, e.action_id, LIMITS.actionId);
      if (actionIds.has(e.action_id)) fail(where, `duplicate action_id ${e.action_id}`);
      actionIds.add(e.action_id);
    }
    if (e.placeholder) max(`${where}.placeholder`, textOf(e.placeholder), LIMITS.placeholder);
    if (isObj(e.confirm)) {
      max(`${where}.confirm.title`, textOf(e.confirm.title), LIMITS.confirmTitle);
      max(`${where}.confirm.text`, textOf(e.confirm.text), LIMITS.confirmText);
      max(`${where}.confirm.confirm`, textOf(e.confirm.confirm), LIMITS.confirmButton);
      max(`${where}.confirm.deny`, textOf(e.confirm.deny), LIMITS.confirmButton);
    }
    switch (type) {
      case 'button':
        max(`${where}.text`, textOf(e.text), LIMITS.buttonText);
        nonEmpty(`${where}.text`, textOf(e.text));
        max(`${where}.value`, e.value as string | undefined, LIMITS.buttonValue);
        break;
      case 'static_select':
      case 'multi_static_select': {
        const options = (e.options as unknown[] | undefined) ?? [];
        const groups = (e.option_groups as unknown[] | undefined) ?? [];
        if (options.length > LIMITS.selectOptions) fail(where, `${options.length} options > ${LIMITS.selectOptions}`);
        if (groups.length > LIMITS.selectOptionGroups) fail(where, `${groups.length} option groups > ${LIMITS.selectOptionGroups}`);
        if (options.length === 0 && groups.length === 0) fail(where, 'a select needs options');
        options.forEach((o, i) => option(`${where}.options[${i}]`, o));
        groups.forEach((g, i) => {
          if (!isObj(g)) return;
          max(`${where}.option_groups[${i}].label`, textOf(g.label), LIMITS.optionGroupLabel);
          const inner = (g.options as unknown[] | undefined) ?? [];
          if (inner.length > LIMITS.selectOptions) fail(where, `group ${i}: ${inner.length} options > ${LIMITS.selectOptions}`);
          inner.forEach((o, j) => option(`${where}.option_groups[${i}].options[${j}]`, o));
        });
        if (e.initial_option) option(`${where}.initial_option`, e.initial_option);
        break;
      }
      case 'checkboxes':
      case 'radio_buttons': {
        const options = (e.options as unknown[] | undefined) ?? [];
        if (options.length > LIMITS.checkboxOptions) fail(where, `${options.length} options > ${LIMITS.checkboxOptions}`);
        options.forEach((o, i) => option(`${where}.options[${i}]`, o));
        break;
      }
      case 'plain_text_input':
        if (typeof e.max_length === 'number' && e.max_length > LIMITS.textInputMax) fail(where, `max_length ${e.max_length} > ${LIMITS.textInputMax}`);
        if (typeof e.initial_value === 'string' && typeof e.max_length === 'number') max(`${where}.initial_value`, e.initial_value, e.max_length);
        break;
      default:
        break;
    }
  };

  blocks.forEach((b, i) => {
    const where = `blocks[${i}]`;
    if (!isObj(b)) return fail(where, 'not a block');
    if (typeof b.block_id === 'string') {
      max(`${where}.block_id`, b.block_id, LIMITS.blockId);
      if (blockIds.has(b.block_id)) fail(where, `duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    const actionIds = new Set<string>();
    switch (b.type) {
      case 'header':
        max(`${where}.text`, textOf(b.text), LIMITS.headerText);
        nonEmpty(`${where}.text`, textOf(b.text));
        break;
      case 'section': {
        if (b.text !== undefined) {
          max(`${where}.text`, textOf(b.text), LIMITS.sectionText);
          nonEmpty(`${where}.text`, textOf(b.text));
        }
        const fields = (b.fields as unknown[] | undefined) ?? [];
        if (fields.length > LIMITS.sectionFields) fail(where, `${fields.length} fields > ${LIMITS.sectionFields}`);
        fields.forEach((f, j) => max(`${where}.fields[${j}]`, textOf(f), LIMITS.fieldText));
        if (b.text === undefined && fields.length === 0) fail(where, 'a section needs text or fields');
        if (b.accessory) element(`${where}.accessory`, b.accessory, actionIds);
        break;
      }
      case 'context': {
        const elements = (b.elements as unknown[] | undefined) ?? [];
        if (elements.length > LIMITS.contextElements) fail(where, `${elements.length} elements > ${LIMITS.contextElements}`);
        elements.forEach((e, j) => { max(`${where}.elements[${j}]`, textOf(e), LIMITS.sectionText); nonEmpty(`${where}.elements[${j}]`, textOf(e)); });
        break;
      }
      case 'actions': {
        const elements = (b.elements as unknown[] | undefined) ?? [];
        if (elements.length > LIMITS.actionsElements) fail(where, `${elements.length} elements > ${LIMITS.actionsElements}`);
        if (elements.length === 0) fail(where, 'an actions block needs elements');
        elements.forEach((e, j) => element(`${where}.elements[${j}]`, e, actionIds));
        break;
      }
      case 'input':
        max(`${where}.label`, textOf(b.label), LIMITS.inputLabel);
        nonEmpty(`${where}.label`, textOf(b.label));
        if (b.hint) max(`${where}.hint`, textOf(b.hint), LIMITS.inputHint);
        element(`${where}.element`, b.element, actionIds);
        if (surface === 'message') fail(where, 'input blocks belong in modals');
        break;
      case 'divider':
        break;
      default:
        fail(where, `unexpected block type ${String(b.type)}`);
    }
  });
  return problems;
}
