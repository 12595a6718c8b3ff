// The prompt files: every task has one per language, each uses exactly the variables its task declares, and
// a file that does not (a typo, a forgotten variable, a missing file) is refused when the prompts are loaded.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPrompts, PROMPT_VARIABLES, PROMPTS_DIR, PromptError, type PromptName } from '../../src/llm/prompts.js';

const dirs: string[] = [];
afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true }); });

/** A copy of the real prompts, with `file` replaced by `text` (or removed when null). */
function promptsWith(file: string, text: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-prompts-'));
  dirs.push(dir);
  for (const name of readdirSync(PROMPTS_DIR)) writeFileSync(join(dir, name), readFileSync(join(PROMPTS_DIR, name)));
  if (text === null) rmSync(join(dir, file));
  else writeFileSync(join(dir, file), text);
  return dir;
}

const problemsOf = (dir: string): string[] => {
  try {
    loadPrompts(dir);
    return [];
  } catch (error) {
    if (error instanceof PromptError) return error.problems;
    throw error;
  }
};

describe('prompts', () => {
  it('has one file per task and language, and renders its variables', () => {
    const prompts = loadPrompts();
    expect(readdirSync(PROMPTS_DIR).sort()).toEqual(Object.keys(PROMPT_VARIABLES).flatMap((n) => [`${n}.en.md`, `${n}.fr.md`]).sort());
    const en = prompts.render('solution-ideas', 'en', { limit: 4, maxLength: 500 });
    expect(en).toMatch(/at most 4 concrete solutions/);
    expect(en).toMatch(/at most 500 characters/);
    expect(prompts.render('solution-ideas', 'fr', { limit: 4, maxLength: 500 })).toMatch(/au plus 4 solutions/);
    for (const name of Object.keys(PROMPT_VARIABLES) as PromptName[]) {
      for (const language of ['en', 'fr'] as const) {
        const values = Object.fromEntries(PROMPT_VARIABLES[name].map((v: string) => [v, 'X'])) as never;
        const text = prompts.render(name, language, values);
        expect(text).not.toMatch(/\{\{/);
        // Each says, in its language, that the user message is data and not instructions.
        expect(text).toMatch(language === 'en' ? /never\s+instructions/ : /jamais\s+des\s+instructions/);
      }
    }
  });

  it('refuses a variable its task does not declare', () => {
    const text = readFileSync(join(PROMPTS_DIR, 'narrative.en.md'), 'utf8').replace('{{maxWords}}', '{{maxWords}} {{persona}}');
    expect(problemsOf(promptsWith('narrative.en.md', text))).toEqual(['narrative.en.md: unknown variable {{persona}} (declared: maxWords)']);
  });

  it('refuses a prompt that leaves out a declared variable', () => {
    const text = readFileSync(join(PROMPTS_DIR, 'solution-ideas.fr.md'), 'utf8').replace('{{limit}}', 'trois');
    expect(problemsOf(promptsWith('solution-ideas.fr.md', text))).toEqual(['solution-ideas.fr.md: does not use {{limit}}']);
  });

  it('refuses a missing file, and a variable written wrong', () => {
    expect(problemsOf(promptsWith('classify.fr.md', null))).toEqual(['classify.fr.md: missing']);
    const text = `${readFileSync(join(PROMPTS_DIR, 'classify.en.md'), 'utf8')}\n{{ not a name }}`;
    expect(problemsOf(promptsWith('classify.en.md', text))).toEqual(['classify.en.md: unknown variable {{not a name}} (declared: none)']);
  });
});
