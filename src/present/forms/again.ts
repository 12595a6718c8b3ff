// "Save and add another": a box on the forms that add one item; ticked, the form comes back once it is saved,
// empty but for where the next item most likely goes (the same stage, channel, kind…), and says what was saved.
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import type { FieldView, FormValues, Line } from '../model.js';
import type { Words } from '../text.js';
import type { FormId } from './ids.js';
import { placeName } from './where.js';

/** The forms that offer the box, and what each keeps for the next item. */
const KEPT = {
  stage: ['phase'],
  touchpoint: ['stageId', 'channel'],
  observation: ['kind', 'stageId', 'touchpointId'],
  solution: ['addresses', 'departmentId'],
} as const satisfies Partial<Record<FormId, readonly string[]>>;

export type AgainForm = keyof typeof KEPT;

export function isAgainForm(form: FormId): form is AgainForm {
  return form in KEPT;
}

export function againField(form: AgainForm, w: Words, kept: FormValues | undefined): FieldView {
  return { id: 'again', kind: 'checkbox', label: w.p(`forms.again.${form}.label`), optional: true, hint: w.p(`forms.again.${form}.hint`), initial: kept?.again === true };
}

/** What the form starts from when it comes back: what the next item most likely shares with this one. */
export function keptValues(form: AgainForm, values: FormValues): FormValues {
  const out: FormValues = { again: true };
  for (const field of KEPT[form]) out[field] = values[field];
  // A channel typed because the list lacked it is in the list now: picked there for the next touchpoint.
  if (form === 'touchpoint' && typeof values.otherChannel === 'string' && values.otherChannel.trim()) out.channel = values.otherChannel.trim();
  return out;
}

const quote = (w: Words, text: string): string => w.p('format.quote', { text });
const str = (v: FormValues[string]): string => (typeof v === 'string' ? v.trim() : '');

/** What was just saved, named as people will find it (an observation with its stage and touchpoint). */
export function savedLine(form: AgainForm, s: WorkshopSnapshot, w: Words, values: FormValues, result: Record<string, unknown>): Line {
  switch (form) {
    case 'stage':
      return [w.p('forms.again.saved.stage', { stage: quote(w, str(values.label)) })];
    case 'touchpoint': {
      const touchpoint = s.touchpoints.find((t) => t.id === result.touchpointId);
      const channel = s.channels.find((c) => c.id === touchpoint?.channelId)?.name ?? (str(values.otherChannel) || str(values.channel));
      const stage = s.stages.find((x) => x.id === (touchpoint?.stageId ?? str(values.stageId)));
      return [w.p('forms.again.saved.touchpoint', { touchpoint: quote(w, channel), stage: quote(w, stage ? `${stage.position + 1}. ${stage.label}` : '') })];
    }
    case 'observation': {
      const o = s.observations.find((x) => x.id === result.observationId);
      const kind = w.t(`kinds.${o?.kind ?? str(values.kind)}`);
      return [w.p('forms.again.saved.observation', { kind, text: quote(w, str(values.text)), place: placeName(s, w, o?.stageId ?? str(values.stageId), o?.touchpointId) })];
    }
    case 'solution':
      return [w.p('forms.again.saved.solution', { solution: quote(w, str(values.text)) })];
    default: {
      const never: never = form;
      throw new Error(`unhandled form ${String(never)}`);
    }
  }
}
