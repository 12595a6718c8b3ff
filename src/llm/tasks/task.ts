// What each of the assistant's five suggestions is, for src/llm/assistant.ts to run it the same way: the
// prompt and its variables, the data sent, the answer's schema (built from the workshop's real ids, so a
// model cannot name anything else), the check after parsing, and the deterministic fallback.
import type { z } from 'zod';
import type { Language } from '../../core/vocabulary.js';
import type { PromptName, PromptValues } from '../prompts.js';

export interface TaskSpec<N extends PromptName, I, O, W> {
  prompt: N;
  variables(input: I, language: Language): PromptValues<N>;
  /** The user message: participants' text with the ids it is known by, and nothing about people. */
  data(input: I): object[];
  schema(input: I): z.ZodType<W>;
  /** Why a well-formed answer is unusable, or null when it can be offered. */
  check(answer: W, input: I): string | null;
  toOutput(answer: W, input: I): O;
  fallback(input: I, language: Language): O;
  /** The answer when there is nothing to ask (no items to compare, no stage to classify into), or undefined. */
  nothingToAsk?(input: I): O | undefined;
}

/** Ids used twice in `ids`, for the "no id repeated" checks. */
export function repeated(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

/** A text fit to offer: not blank, within the limit of where it would go, on one line unless `multiline`. */
export function textProblem(text: string, max: number, what: string, multiline = false): string | null {
  const trimmed = text.trim();
  if (!trimmed) return `${what} is blank`;
  if (trimmed.length > max) return `${what} is longer than ${max} characters`;
  if (!multiline && /[\r\n]/.test(trimmed)) return `${what} spans several lines`;
  return null;
}

/** z.enum of a non-empty id list (callers make sure there is one through `nothingToAsk`). */
export function idList(ids: readonly string[]): [string, ...string[]] {
  if (ids.length === 0) throw new Error('an id enum needs at least one id');
  return [...new Set(ids)] as [string, ...string[]];
}
