// The forms a workshop offers. A Slack modal's callback_id and a Teams task module's id are these.
export const FORM_IDS = [
  'framing', 'department', 'join', 'persona', 'stage', 'touchpoint', 'observation', 'emotions', 'solution', 'rateSolution',
] as const;
export type FormId = (typeof FORM_IDS)[number];

export function isFormId(value: string): value is FormId {
  return (FORM_IDS as readonly string[]).includes(value);
}
