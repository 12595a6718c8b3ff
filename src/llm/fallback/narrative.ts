// The target journey's story without a model: the same few sentences every time, in the workshop's language —
// who and what for, then each stage in order with how the emotion changes and the solutions that change it,
// then the irritants gone. Plain, but true to the map; the facilitator edits it before it goes out.
import type { NarrativeInput, NarrativeOutput } from '../../conversation/assistant.js';
import type { Language } from '../../core/vocabulary.js';
import { translator, type Translate } from '../../i18n/index.js';
import { clause, list, signed } from './wording.js';

type Solution = NarrativeInput['solutions'][number];

function quotedList(t: Translate, language: Language, texts: readonly string[]): string {
  return list(language, texts.map((text) => t('assist:quote', { text })));
}

function solutionNames(t: Translate, language: Language, solutions: readonly Solution[]): string {
  return list(language, solutions.map((s) => {
    const solution = t('assist:quote', { text: clause(s.text) });
    const department = s.department ? clause(s.department) : '';
    return department ? t('assist:narrative.owned', { solution, department }) : solution;
  }));
}

function opening(t: Translate, input: NarrativeInput): string {
  const persona = clause(input.persona);
  const goal = clause(input.goal);
  if (!persona) return t('assist:narrative.openingNoPersona');
  return goal ? t('assist:narrative.opening', { persona, goal }) : t('assist:narrative.openingNoGoal', { persona });
}

/** One stage's sentence: the emotion's change when both ratings are known, then the solutions placed there. */
function stageSentence(t: Translate, language: Language, stage: NarrativeInput['stages'][number], solutions: readonly Solution[]): string {
  const label = clause(stage.text);
  const { emotionBefore: before, emotionAfter: after } = stage;
  const change = before === null || after === null ? 'unknown' : after > before ? 'up' : after < before ? 'down' : 'same';
  const start = t(`assist:narrative.stage.${change}`, {
    stage: label,
    before: before === null ? '' : signed(language, before),
    after: after === null ? '' : signed(language, after),
  });
  const tail = solutions.length ? t('assist:narrative.with', { count: solutions.length, solutions: solutionNames(t, language, solutions) }) : '';
  return `${start}${tail}.`;
}

export function narrativeFallback(input: NarrativeInput, language: Language): NarrativeOutput {
  const t = translator(language);
  const stageIds = new Set(input.stages.map((s) => s.id));
  const sentences = [opening(t, input)];
  for (const stage of input.stages) sentences.push(stageSentence(t, language, stage, input.solutions.filter((s) => s.stageId === stage.id)));
  // Solutions tied to no stage of the story (or to none at all) are told once, after the stages.
  const across = input.solutions.filter((s) => s.stageId === null || !stageIds.has(s.stageId));
  if (across.length) sentences.push(t('assist:narrative.across', { count: across.length, solutions: solutionNames(t, language, across) }));
  const removed = input.removed.map((r) => clause(r.text)).filter((text) => text !== '');
  if (removed.length) sentences.push(t('assist:narrative.removed', { count: removed.length, items: quotedList(t, language, removed) }));
  return { text: sentences.join(' ') };
}
