// The target journey's story, in the workshop's language, for the facilitator to approve or edit. Its data is
// the journey itself: persona, goal, stages with their emotions, the solutions kept and what was removed.
import { z } from 'zod';
import type { NarrativeInput, NarrativeOutput } from '../../conversation/assistant.js';
import { narrativeFallback } from '../fallback/index.js';
import { textProblem, type TaskSpec } from './task.js';

const Answer = z.object({ text: z.string() });
type Answer = z.infer<typeof Answer>;

/** Short enough to read in a chat message (a Slack section holds 3,000 characters). */
export const NARRATIVE_MAX_WORDS = 180;
export const NARRATIVE_MAX_LENGTH = 2_500;

export const narrativeTask: TaskSpec<'narrative', NarrativeInput, NarrativeOutput, Answer> = {
  prompt: 'narrative',
  variables: () => ({ maxWords: NARRATIVE_MAX_WORDS }),
  data: (input) => [
    { id: 'persona', type: 'persona', text: input.persona },
    { id: 'goal', type: 'goal', text: input.goal },
    ...input.stages.map((s) => ({ id: s.id, type: 'stage', text: s.text, emotionBefore: s.emotionBefore, emotionAfter: s.emotionAfter })),
    ...input.solutions.map((s) => ({ id: s.id, type: 'solution', text: s.text, stageId: s.stageId, department: s.department })),
    ...input.removed.map((r) => ({ id: r.id, type: 'removed', text: r.text })),
  ],
  schema: () => Answer,
  check: (answer) => textProblem(answer.text, NARRATIVE_MAX_LENGTH, 'the story', true),
  toOutput: (answer) => ({ text: answer.text.trim() }),
  fallback: narrativeFallback,
};
