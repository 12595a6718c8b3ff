// The facilitator's hold on time, as forms: the timing settings (reminders before a deadline, reminding outside
// working hours, moving on by itself at the deadline, the daily digest's hour and time zone) and a timer of a
// length of their own (the controls' menu offers 5, 10 and 15 minutes). What the engine's schema would refuse
// with a generic message (hours that are not numbers, an unknown time zone) is said here, on its field.
import type { CommandInput } from '../../core/commands.js';
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import { isTimeZone } from '../../core/time.js';
import { TIMING_LIMITS } from '../../core/timing.js';
import type { Language } from '../../core/vocabulary.js';
import type { FieldView, FormValues, FormView } from '../model.js';
import { words } from '../text.js';
import type { FormContext } from './context.js';
import { form, select, text } from './fields.js';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const NO_DIGEST = 'none';

export function timingForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  const wk = s.workshop;
  // The workshop's zone, else the one the opener gave (their Person.timeZone, see conversation/actions.ts).
  const kept = ctx?.kept?.digestTimeZone;
  const zone = wk.digestTimeZone ?? (typeof kept === 'string' ? kept : null);
  const fields: FieldView[] = [
    text('reminderHours', w.p('forms.timing.reminderHours'), 40, true, {
      hint: w.p('forms.timing.reminderHoursHint'), placeholder: '24, 1', ...(wk.reminderHours.length ? { initial: wk.reminderHours.join(', ') } : {}),
    }),
    { id: 'remindAnyTime', kind: 'checkbox', label: w.p('forms.timing.remindAnyTime'), optional: true, initial: wk.remindAnyTime, hint: w.p('forms.timing.remindAnyTimeHint') },
    { id: 'autoAdvance', kind: 'checkbox', label: w.p('forms.timing.autoAdvance'), optional: true, initial: wk.autoAdvance, hint: w.p('forms.timing.autoAdvanceHint') },
    select('digestHour', w.p('forms.timing.digestHour'), [
      { value: NO_DIGEST, label: w.p('forms.timing.digestNone') },
      ...HOURS.map((hour) => ({ value: String(hour), label: w.p('forms.timing.digestAt', { hour: String(hour).padStart(2, '0') }) })),
    ], false, { initial: wk.digestHour === null ? NO_DIGEST : String(wk.digestHour) }),
    text('digestTimeZone', w.p('forms.timing.digestTimeZone'), 64, true, { hint: w.p('forms.timing.digestTimeZoneHint'), placeholder: 'Europe/Paris', ...(zone ? { initial: zone } : {}) }),
  ];
  return form(w, 'timing', wk.id, fields);
}

export function timerLengthForm(s: WorkshopSnapshot): FormView {
  const w = words(s.workshop.language);
  return form(w, 'timerLength', s.workshop.id, [
    { id: 'minutes', kind: 'number', label: w.p('forms.timerLength.minutes'), optional: false, min: 1, max: TIMING_LIMITS.timerMinutes, initial: '10' },
  ]);
}

export const TIMING_FORMS = { timing: timingForm, timerLength: timerLengthForm };

type Result = { ok: true; commands: CommandInput[] } | { ok: false; errors: Record<string, string> };

const str = (v: FormValues[string]): string => (typeof v === 'string' ? v.trim() : '');

/** "24, 1" → [24, 1]; null when it is not up to four distinct whole hours within a week. */
export function reminderHoursOf(value: string): number[] | null {
  if (value === '') return [];
  const parts = value.split(/[,;\s]+/).filter(Boolean);
  if (!parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const hours = parts.map(Number);
  if (hours.length > TIMING_LIMITS.reminders || new Set(hours).size !== hours.length) return null;
  return hours.every((h) => h >= 1 && h <= TIMING_LIMITS.reminderHoursBefore) ? hours : null;
}

export function timingCommands(form: 'timing' | 'timerLength', workshopId: string, values: FormValues, language: Language): Result {
  const w = words(language);
  const fail = (field: string, key: string): Result => ({ ok: false, errors: { [field]: w.p(key) } });
  if (form === 'timerLength') {
    const minutes = str(values.minutes);
    if (!/^\d{1,3}$/.test(minutes) || Number(minutes) < 1 || Number(minutes) > TIMING_LIMITS.timerMinutes) return fail('minutes', 'forms.timerLength.minutesInvalid');
    return { ok: true, commands: [{ type: 'startTimer', workshopId, minutes: Number(minutes) }] };
  }
  const reminderHours = reminderHoursOf(str(values.reminderHours));
  if (!reminderHours) return fail('reminderHours', 'forms.timing.reminderHoursInvalid');
  const hour = str(values.digestHour);
  const digestHour = hour === '' || hour === NO_DIGEST ? null : Number(hour);
  if (digestHour !== null && !HOURS.includes(digestHour)) return fail('digestHour', 'forms.notANumber');
  const zone = str(values.digestTimeZone);
  if (zone !== '' && !isTimeZone(zone)) return fail('digestTimeZone', 'forms.timing.digestTimeZoneInvalid');
  if (digestHour !== null && zone === '') return fail('digestTimeZone', 'forms.timing.digestTimeZoneRequired');
  return {
    ok: true,
    commands: [{
      type: 'setTiming', workshopId, reminderHours, remindAnyTime: values.remindAnyTime === true, autoAdvance: values.autoAdvance === true,
      digestHour, digestTimeZone: zone || null,
    }],
  };
}
