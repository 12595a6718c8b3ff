// The deterministic fallbacks of the AI assistant (src/conversation/assistant.ts): what answers when no model
// is configured, or when the model fails, is slow, answers nonsense or the workshop's allowance is spent. Each
// is a pure function of its input and the workshop's language — no model, no network, no randomness.
export { classifyFallback } from './classify.js';
export { customerVoiceFallback } from './customer-voice.js';
export { duplicatesFallback } from './duplicates.js';
export { solutionIdeasFallback } from './ideas.js';
export { narrativeFallback } from './narrative.js';
