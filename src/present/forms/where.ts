// Where an observation goes: a stage first, then, if it is about one, one of that stage's touchpoints. One list
// of every stage × touchpoint repeated "the whole stage" under each stage and, once picked, showed only a
// channel's name — an irritant about pick-up could land on the wrong stage unseen. The touchpoint field
// depends on the stage field: a platform redraws the form when the stage changes (FieldView.refresh).
import type { TouchpointView, WorkshopSnapshot } from '../../core/snapshot.js';
import type { FieldView, FormValues } from '../model.js';
import type { Words } from '../text.js';
import { MAX_CHOICES, select, stageChoices } from './fields.js';

const str = (v: FormValues[string]): string => (typeof v === 'string' ? v : '');

/** The stage the form is about: the one chosen (or kept), else the only one there is. */
function pickedStage(s: WorkshopSnapshot, kept: FormValues | undefined): string | null {
  const chosen = str(kept?.stageId);
  if (s.stages.some((x) => x.id === chosen)) return chosen;
  return s.stages.length === 1 ? s.stages[0]!.id : null;
}

/** A touchpoint as people tell it apart: its channel, and what happens there when it says. */
export function touchpointName(s: WorkshopSnapshot, t: TouchpointView): string {
  const channel = s.channels.find((c) => c.id === t.channelId)?.name ?? '';
  return t.description ? `${channel} — ${t.description}` : channel;
}

/** "3. I pick up my furniture at the warehouse desk", and its touchpoint's channel when there is one. */
export function placeName(s: WorkshopSnapshot, w: Words, stageId: string, touchpointId: string | null | undefined): string {
  const stage = s.stages.find((x) => x.id === stageId);
  const stageText = stage ? `${stage.position + 1}. ${stage.label}` : '';
  const touchpoint = touchpointId ? s.touchpoints.find((t) => t.id === touchpointId) : undefined;
  if (!touchpoint) return w.p('forms.where.wholeStage', { stage: stageText });
  const channel = s.channels.find((c) => c.id === touchpoint.channelId)?.name ?? '';
  return w.p('forms.where.atTouchpoint', { stage: stageText, touchpoint: channel });
}

/** The stage field, then — once a stage is chosen — its touchpoints (none picked: the whole stage). */
export function whereFields(s: WorkshopSnapshot, w: Words, kept: FormValues | undefined): FieldView[] {
  const stageId = pickedStage(s, kept);
  const fields: FieldView[] = [
    select('stageId', w.t('fields.stageId'), stageChoices(s), false, { refresh: true, hint: w.p('forms.where.stageHint'), ...(stageId ? { initial: stageId } : {}) }),
  ];
  const here = stageId ? s.touchpoints.filter((t) => t.stageId === stageId) : [];
  if (stageId && here.length > 0) {
    const keptTouchpoint = str(kept?.touchpointId);
    fields.push(select('touchpointId', w.p('forms.where.touchpoint'), here.slice(0, MAX_CHOICES).map((t) => ({ value: t.id, label: touchpointName(s, t) })), true, {
      hint: w.p('forms.where.touchpointHint'), dependsOn: { field: 'stageId', key: stageId },
      ...(here.some((t) => t.id === keptTouchpoint) ? { initial: keptTouchpoint } : {}),
    }));
  }
  return fields;
}

/** The place a submitted form names: a stage, and maybe one of its touchpoints (the engine checks it is that stage's). */
export function wherePicked(values: FormValues): { stageId: string; touchpointId?: string } | null {
  const stageId = str(values.stageId).trim();
  const touchpointId = str(values.touchpointId).trim();
  if (!stageId) return null;
  return { stageId, ...(touchpointId ? { touchpointId } : {}) };
}
