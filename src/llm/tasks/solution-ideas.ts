// Solution ideas for the top-voted irritants and breaks: each addresses one of the observations sent and names
// a likely owning department among the workshop's (or none). More ideas than asked are cut, not refused.
import { z } from 'zod';
import type { SolutionIdeasInput, SolutionIdeasOutput } from '../../conversation/assistant.js';
import { LIMITS } from '../../core/limits.js';
import { solutionIdeasFallback } from '../fallback/index.js';
import { idList, textProblem, type TaskSpec } from './task.js';

const answerSchema = (observationIds: [string, ...string[]], departmentIds: string[]) => z.object({
  ideas: z.array(z.object({
    text: z.string(),
    addressesId: z.enum(observationIds),
    // With no department in the workshop, the only owner a model can name is none.
    departmentId: departmentIds.length ? z.enum(idList(departmentIds)).nullable() : z.null(),
  })),
});
type Answer = z.infer<ReturnType<typeof answerSchema>>;

export const solutionIdeasTask: TaskSpec<'solution-ideas', SolutionIdeasInput, SolutionIdeasOutput, Answer> = {
  prompt: 'solution-ideas',
  variables: (input) => ({ limit: input.limit, maxLength: LIMITS.solutionText }),
  data: (input) => [
    ...input.observations.map((o) => ({ id: o.id, type: o.kind, text: o.text, stage: o.stage, votes: o.votes })),
    ...input.departments.map((d) => ({ id: d.id, type: 'department', text: d.text })),
  ],
  schema: (input) => answerSchema(idList(input.observations.map((o) => o.id)), input.departments.map((d) => d.id)),
  check(answer) {
    const seen = new Set<string>();
    for (const idea of answer.ideas) {
      const problem = textProblem(idea.text, LIMITS.solutionText, 'an idea');
      if (problem) return problem;
      const key = idea.text.trim().toLocaleLowerCase();
      if (seen.has(key)) return 'an idea is given twice';
      seen.add(key);
    }
    return null;
  },
  toOutput: (answer, input) => answer.ideas.slice(0, Math.max(0, input.limit))
    .map((idea) => ({ text: idea.text.trim(), addressesId: idea.addressesId, departmentId: idea.departmentId })),
  fallback: solutionIdeasFallback,
  nothingToAsk: (input) => (input.observations.length === 0 || input.limit <= 0 ? [] : undefined),
};
