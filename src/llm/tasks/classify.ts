// A message written in the workshop's thread, read as a possible contribution: which kind, at which stage, and
// its wording. The stage is one of the workshop's (an enum); a message that is not a contribution is null.
import { z } from 'zod';
import type { ClassifyInput, ClassifyOutput } from '../../conversation/assistant.js';
import { LIMITS } from '../../core/limits.js';
import { OBSERVATION_KINDS } from '../../core/vocabulary.js';
import { classifyFallback } from '../fallback/index.js';
import { idList, textProblem, type TaskSpec } from './task.js';

const KINDS = ['touchpoint', ...OBSERVATION_KINDS] as const;

const answerSchema = (stageIds: [string, ...string[]]) => z.object({
  contribution: z.object({ kind: z.enum(KINDS), stageId: z.enum(stageIds), text: z.string() }).nullable(),
});
type Answer = z.infer<ReturnType<typeof answerSchema>>;

/** The message goes with the stages as data, under an id no stage can have. */
export const MESSAGE_ID = 'message';

export const classifyTask: TaskSpec<'classify', ClassifyInput, ClassifyOutput, Answer> = {
  prompt: 'classify',
  variables: () => ({}),
  data: (input) => [
    { id: MESSAGE_ID, type: 'message', text: input.message },
    ...input.stages.map((s) => ({ id: s.id, type: 'stage', text: s.text })),
  ],
  schema: (input) => answerSchema(idList(input.stages.map((s) => s.id))),
  check(answer) {
    const c = answer.contribution;
    if (!c) return null;
    return textProblem(c.text, c.kind === 'touchpoint' ? LIMITS.touchpointDescription : LIMITS.observationText, 'the contribution');
  },
  toOutput: (answer) => (answer.contribution ? { ...answer.contribution, text: answer.contribution.text.trim() } : null),
  fallback: classifyFallback,
  nothingToAsk: (input) => (input.stages.length === 0 || !input.message.trim() ? null : undefined),
};
