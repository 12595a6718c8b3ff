// The target journey's story: a short narrative of the target experience, in the workshop's language, for the
// final post and the roadmap documents. Whoever drafts it (the AI model, the built-in method, the facilitator),
// it is stored only as the facilitator approved or edited it.
import type { CommandOf } from './commands.js';
import { changed, type HandlerResult, type WorkshopContext } from './context.js';
import { refuse } from './errors.js';

export async function setNarrative(ctx: WorkshopContext, c: CommandOf<'setNarrative'>): Promise<HandlerResult> {
  // A current journey tells how things are: the story of how they should be belongs to its target journey.
  if (ctx.workshop.journey !== 'target') refuse('errors.narrativeNeedsTarget');
  await ctx.tx.setNarrative(ctx.workshop.id, c.text, c.text === null ? null : ctx.now);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}
