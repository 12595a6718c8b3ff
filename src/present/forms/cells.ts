// Marking matrix cells "not used on this channel" (the facilitator's call). An empty stage × channel cell is a
// missing touchpoint unless the channel plays no part at that stage; marking those keeps the map's gaps to the
// ones worth a conversation. One form does both ways: empty cells to mark, marked cells to give back.
import type { CommandInput } from '../../core/commands.js';
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import type { ChoiceGroupView, FieldView, FormValues, FormView } from '../model.js';
import { words, type Words } from '../text.js';
import { form, MAX_CHOICES } from './fields.js';

/** A cell as a choice value: "<stageId>|<channelId>" (ids are cuids, without "|"). */
const cellValue = (stageId: string, channelId: string): string => `${stageId}|${channelId}`;

function parseCell(value: string): { stageId: string; channelId: string } | null {
  const [stageId, channelId, ...rest] = value.split('|');
  return stageId && channelId && rest.length === 0 ? { stageId, channelId } : null;
}

/** The empty cells of the matrix, per stage: which are marked not used and which are missing touchpoints. */
export function emptyCells(s: WorkshopSnapshot): { stageId: string; channelId: string; unused: boolean }[] {
  const filled = new Set(s.touchpoints.map((t) => cellValue(t.stageId, t.channelId)));
  const unused = new Set(s.unusedCells.map((u) => cellValue(u.stageId, u.channelId)));
  return s.stages.flatMap((st) => s.channels
    .filter((ch) => !filled.has(cellValue(st.id, ch.id)))
    .map((ch) => ({ stageId: st.id, channelId: ch.id, unused: unused.has(cellValue(st.id, ch.id)) })));
}

/** Up to MAX_CHOICES cells in all, grouped under their stage, each named by its channel. */
function groups(s: WorkshopSnapshot, cells: { stageId: string; channelId: string }[]): ChoiceGroupView[] {
  const channelName = new Map(s.channels.map((c) => [c.id, c.name]));
  let room = MAX_CHOICES;
  const out: ChoiceGroupView[] = [];
  for (const stage of s.stages) {
    const here = cells.filter((c) => c.stageId === stage.id).slice(0, room);
    if (here.length === 0) continue;
    room -= here.length;
    out.push({ label: `${stage.position + 1}. ${stage.label}`, choices: here.map((c) => ({ value: cellValue(c.stageId, c.channelId), label: channelName.get(c.channelId) ?? '' })) });
  }
  return out;
}

function field(w: Words, id: 'unused' | 'used', g: ChoiceGroupView[]): FieldView {
  return { id, kind: 'multiSelect', label: w.p(`forms.cellUse.${id}`), hint: w.p(`forms.cellUse.${id}Hint`), optional: true, groups: g };
}

export function cellUseForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  const cells = emptyCells(s);
  const missing = cells.filter((c) => !c.unused);
  const marked = cells.filter((c) => c.unused);
  return form(w, 'cellUse', s.workshop.id, [
    ...(missing.length ? [field(w, 'unused', groups(s, missing))] : []),
    ...(marked.length ? [field(w, 'used', groups(s, marked))] : []),
  ]);
}

/** The marks asked for, as commands; an error on the first field when nothing was picked. */
export function cellUseCommands(workshopId: string, values: FormValues, w: Words): { ok: true; commands: CommandInput[] } | { ok: false; errors: Record<string, string> } {
  const picked = (id: string): { stageId: string; channelId: string }[] => {
    const v = values[id];
    return (Array.isArray(v) ? v : []).map(parseCell).filter((c) => c !== null);
  };
  const commands: CommandInput[] = [
    ...picked('unused').map((c): CommandInput => ({ type: 'markCellUnused', workshopId, ...c })),
    ...picked('used').map((c): CommandInput => ({ type: 'markCellUsed', workshopId, ...c })),
  ];
  if (commands.length === 0) return { ok: false, errors: { [values.unused !== undefined || values.used === undefined ? 'unused' : 'used']: w.p('forms.cellUse.nothingPicked') } };
  return { ok: true, commands };
}
