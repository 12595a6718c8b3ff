// Customer voice: a stage written in process wording gets a first-person version. The model's label must pass
// the project's own check (src/core/customer-voice.ts): an answer that obeys a label saying "ignore previous
// instructions and …" rather than rewriting it is, almost always, not in the customer's voice, and falls back.
import { z } from 'zod';
import type { CustomerVoiceInput, CustomerVoiceOutput } from '../../conversation/assistant.js';
import { isCustomerVoice } from '../../core/customer-voice.js';
import { LIMITS } from '../../core/limits.js';
import { customerVoiceFallback } from '../fallback/index.js';
import type { TaskSpec } from './task.js';
import { textProblem } from './task.js';

const Answer = z.object({ label: z.string().nullable() });
type Answer = z.infer<typeof Answer>;

/** The persona and goal go with the stage as data, under ids of their own that no stage can have. */
export const PERSONA_ID = 'persona';
export const GOAL_ID = 'goal';

export const customerVoiceTask: TaskSpec<'customer-voice', CustomerVoiceInput, CustomerVoiceOutput, Answer> = {
  prompt: 'customer-voice',
  variables: () => ({ maxLength: LIMITS.stageLabel }),
  data: (input) => [
    { id: PERSONA_ID, type: 'persona', text: input.persona },
    { id: GOAL_ID, type: 'goal', text: input.goal },
    { id: input.stage.id, type: 'stage', text: input.stage.text },
  ],
  schema: () => Answer,
  // A label returned unchanged is a fine answer: the stage was in the customer's voice already.
  check(answer) {
    if (answer.label === null) return null;
    const problem = textProblem(answer.label, LIMITS.stageLabel, 'the label');
    if (problem) return problem;
    if (!isCustomerVoice(answer.label)) return 'the label is not in the first person';
    return null;
  },
  toOutput: (answer) => (answer.label === null ? null : { label: answer.label.trim() }),
  fallback: customerVoiceFallback,
};
