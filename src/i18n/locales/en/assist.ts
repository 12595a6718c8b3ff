// English texts of the AI assistance (src/llm): the notices shown when a suggestion comes from the simple
// built-in method instead of the AI model, and what that method writes — solution ideas and the story of the
// target journey.
export default {
  /** Why the built-in method answered: one per AssistNotice code of src/conversation/assistant.ts. */
  notice: {
    off: 'No AI model is set up, so this suggestion comes from the simple built-in method.',
    unavailable: 'The AI model could not answer just now, so this suggestion comes from the simple built-in method.',
    invalid: 'The AI model’s answer could not be used, so this suggestion comes from the simple built-in method.',
    budget: 'This workshop has used up its AI allowance, so this suggestion comes from the simple built-in method.',
  },
  quote: '“{{text}}”',
  /** "How might we…" questions built from an observation's text, one per kind. */
  idea: {
    irritant: 'How might we put an end to “{{text}}”?',
    rupture: 'How might we keep customers from giving up over “{{text}}”?',
    enchantment: 'How might we offer “{{text}}” at more stages of the journey?',
  },
  narrative: {
    opening: 'In the target journey, {{persona}} sets out to reach this goal: {{goal}}.',
    openingNoGoal: 'The target journey follows {{persona}}.',
    openingNoPersona: 'Here is the target journey, stage by stage.',
    stage: {
      up: 'At “{{stage}}”, the emotion rises from {{before}} to {{after}}',
      down: 'At “{{stage}}”, the emotion falls from {{before}} to {{after}}',
      same: 'At “{{stage}}”, the emotion stays at {{after}}',
      unknown: 'The journey goes through “{{stage}}”',
    },
    with_one: ', with the solution {{solutions}}',
    with_other: ', with the solutions {{solutions}}',
    owned: '{{solution}} ({{department}})',
    across_one: 'Across the whole journey, the solution {{solutions}} applies.',
    across_other: 'Across the whole journey, the solutions {{solutions}} apply.',
    removed_one: 'The irritant {{items}} is gone.',
    removed_other: 'The irritants {{items}} are gone.',
  },
};
