// The target journey's story as a form: the facilitator's own words, or a drafted story to edit ("Edit…" on the
// draft fills it in, see conversation/assist-merge-actions.ts). Its submission is the engine's setNarrative,
// which keeps the story for the final post and the roadmap documents.
import type { CommandInput } from '../../core/commands.js';
import { LIMITS } from '../../core/limits.js';
import type { WorkshopSnapshot } from '../../core/snapshot.js';
import type { FormValues, FormView } from '../model.js';
import { words } from '../text.js';
import type { FormContext } from './context.js';
import { form, longText } from './fields.js';

/** What the form's field holds at most: the engine's limit, set to what a Slack text input takes (3,000 characters). */
export const STORY_FIELD_MAX = LIMITS.narrative;

export function storyForm(s: WorkshopSnapshot, ctx?: FormContext): FormView {
  const w = words(s.workshop.language);
  // The draft it was opened from, else the story approved so far.
  const kept = ctx?.kept?.text;
  const initial = typeof kept === 'string' && kept !== '' ? kept : s.workshop.narrative ?? '';
  return form(w, 'story', s.workshop.id, [
    longText('text', w.p('forms.story.text'), STORY_FIELD_MAX, false, initial ? { initial } : {}),
  ]);
}

export function storyCommands(workshopId: string, values: FormValues): { ok: true; commands: CommandInput[] } {
  return { ok: true, commands: [{ type: 'setNarrative', workshopId, text: typeof values.text === 'string' ? values.text.trim() : '' }] };
}
