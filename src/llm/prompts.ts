// The system prompts, one file per task and language under prompts/ (prompts/<task>.<lang>.md), so that they
// are read and improved as text rather than as string literals. Each task declares the variables its prompt
// may use, written `{{name}}`; loading checks every file uses exactly those, so a typo or a forgotten value
// stops the server at start rather than sending a model "{{limt}}". Participants' text never goes through a
// variable: it is the user message, as data (src/llm/structured.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { LANGUAGES, type Language } from '../core/vocabulary.js';

/** Each task's prompt variables: numbers and the method's own words, never participants' text. */
export const PROMPT_VARIABLES = {
  'customer-voice': ['maxLength'],
  duplicates: ['kind', 'maxLength'],
  'solution-ideas': ['limit', 'maxLength'],
  narrative: ['maxWords'],
  classify: [],
} as const satisfies Record<string, readonly string[]>;

export type PromptName = keyof typeof PROMPT_VARIABLES;
export type PromptValues<N extends PromptName> = Record<(typeof PROMPT_VARIABLES)[N][number], string | number>;

export interface Prompts {
  render<N extends PromptName>(name: N, language: Language, values: PromptValues<N>): string;
}

export class PromptError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid prompts:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PromptError';
  }
}

/** src/llm/ and dist/llm/ both sit two levels below the repository root, where prompts/ is. */
export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[a-zA-Z][a-zA-Z0-9]*$/;

const loaded = new Map<string, Prompts>();

/** The prompts of `dir`, read and checked once per process (a few kilobytes, kept for its lifetime). */
export function loadPrompts(dir: string = PROMPTS_DIR): Prompts {
  const known = loaded.get(dir);
  if (known) return known;
  const texts = new Map<string, string>();
  const problems: string[] = [];
  for (const name of Object.keys(PROMPT_VARIABLES) as PromptName[]) {
    const declared = new Set<string>(PROMPT_VARIABLES[name]);
    for (const language of LANGUAGES) {
      const file = `${name}.${language}.md`;
      let text: string;
      try {
        text = readFileSync(join(dir, file), 'utf8').trim();
      } catch {
        problems.push(`${file}: missing`);
        continue;
      }
      const used = new Set([...text.matchAll(VARIABLE)].map((m) => m[1]!));
      for (const variable of used) {
        if (!NAME.test(variable) || !declared.has(variable)) problems.push(`${file}: unknown variable {{${variable}}} (declared: ${[...declared].join(', ') || 'none'})`);
      }
      for (const variable of declared) if (!used.has(variable)) problems.push(`${file}: does not use {{${variable}}}`);
      if (!text) problems.push(`${file}: empty`);
      texts.set(`${name}.${language}`, text);
    }
  }
  if (problems.length) throw new PromptError(problems);
  const prompts: Prompts = {
    render(name, language, values) {
      const text = texts.get(`${name}.${language}`)!;
      return text.replace(VARIABLE, (_m, variable: string) => String((values as Record<string, string | number>)[variable]));
    },
  };
  loaded.set(dir, prompts);
  return prompts;
}
