// The Assistant port (src/conversation/assistant.ts) on a language model, or on the deterministic fallbacks
// alone when none is configured. Every suggestion is answered: by the model when it is on, within budget,
// answers in time and answers something usable; otherwise by the task's fallback, with a notice saying why.
// Nothing here changes a workshop: a person's click applies a suggestion, elsewhere.
import type {
  Assistant, AssistNotice, Assisted, AssistScope,
} from '../conversation/assistant.js';
import type { Logger } from '../log.js';
import type { TokenLedger } from './budget.js';
import { modelClient, type AiSettings, type ModelClient } from './client.js';
import { loadPrompts, type PromptName, type Prompts } from './prompts.js';
import { callStructured, type FailureReason } from './structured.js';
import { classifyTask } from './tasks/classify.js';
import { customerVoiceTask } from './tasks/customer-voice.js';
import { duplicatesTask } from './tasks/duplicates.js';
import { narrativeTask } from './tasks/narrative.js';
import { solutionIdeasTask } from './tasks/solution-ideas.js';
import type { TaskSpec } from './tasks/task.js';

/** The whole of one suggestion's call to the model, its single retry included (issue 13). */
export const DEFAULT_BOUND_MS = 15_000;

export interface AssistantOptions {
  /** `config.ai`: null answers every suggestion from its fallback, with the notice 'off'. */
  ai: AiSettings | null;
  ledger: TokenLedger;
  logger: Logger;
  clock?: { now(): number };
  /** Tests shorten the bound; the server keeps the default. */
  boundMs?: number;
  /** Tests give prompts of their own. */
  prompts?: Prompts;
}

const NOTICE: Record<FailureReason, AssistNotice> = {
  unavailable: 'unavailable',
  timeout: 'unavailable',
  refusal: 'unavailable',
  invalid: 'invalid',
};

export function createAssistant(options: AssistantOptions): Assistant {
  const { ai, ledger } = options;
  const logger = options.logger.child({ component: 'assistant' });
  const now = () => (options.clock ?? Date).now();
  const boundMs = options.boundMs ?? DEFAULT_BOUND_MS;
  // Prompts are read and checked when the model is configured, so that a broken file stops the start.
  const prompts = ai ? options.prompts ?? loadPrompts() : null;
  const model: ModelClient | null = ai ? modelClient(ai, boundMs) : null;

  async function run<N extends PromptName, I, O, W>(task: TaskSpec<N, I, O, W>, scope: AssistScope, input: I): Promise<Assisted<O>> {
    const fallback = (notice: AssistNotice): Assisted<O> => ({ value: task.fallback(input, scope.language), source: 'fallback', notice });
    if (!ai || !model || !prompts) return fallback('off');
    const obvious = task.nothingToAsk?.(input);
    // Nothing to compare or classify: the answer needs no model and costs nothing, and nothing failed.
    if (obvious !== undefined) return { value: obvious, source: 'model', notice: null };
    const where = { task: task.prompt, workspaceId: scope.workspaceId, workshopId: scope.workshopId };
    try {
      if ((await ledger.used(scope.workspaceId, scope.workshopId)) >= ai.tokenBudget) {
        logger.info({ ...where, budget: ai.tokenBudget }, 'AI token budget spent: the fallback answers');
        return fallback('budget');
      }
    } catch (error) {
      logger.error({ ...where, error: (error as Error).message }, 'AI token budget unreadable: the fallback answers');
      return fallback('unavailable');
    }
    const result = await callStructured(model, {
      task: task.prompt,
      system: prompts.render(task.prompt, scope.language, task.variables(input, scope.language)),
      data: task.data(input),
      schema: task.schema(input),
      check: (answer) => task.check(answer, input),
    }, { boundMs, logger: logger.child(where), now });
    if (result.tokens > 0) {
      // Spent even when the answer is not used: the server counted it.
      await ledger.spend(scope.workspaceId, scope.workshopId, result.tokens)
        .catch((error: unknown) => logger.error({ ...where, tokens: result.tokens, error: (error as Error).message }, 'AI tokens spent but not recorded'));
    }
    if (!result.ok) return fallback(NOTICE[result.reason]);
    return { value: task.toOutput(result.value, input), source: 'model', notice: null };
  }

  return {
    enabled: ai !== null,
    customerVoice: (scope, input) => run(customerVoiceTask, scope, input),
    duplicates: (scope, input) => run(duplicatesTask, scope, input),
    solutionIdeas: (scope, input) => run(solutionIdeasTask, scope, input),
    narrative: (scope, input) => run(narrativeTask, scope, input),
    classify: (scope, input) => run(classifyTask, scope, input),
  };
}
