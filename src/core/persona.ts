// Step 1 — Persona and goal: one persona per map (a "portrait-robot" of a homogeneous group of
// customers) and one goal, where the map takes the customer.
import type { CommandOf } from './commands.js';
import { changed, type HandlerResult, type WorkshopContext } from './context.js';

export async function setPersona(ctx: WorkshopContext, c: CommandOf<'setPersona'>): Promise<HandlerResult> {
  await ctx.participant();
  await ctx.tx.setPersona(ctx.workshop.id, c.persona);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}

export async function setGoal(ctx: WorkshopContext, c: CommandOf<'setGoal'>): Promise<HandlerResult> {
  await ctx.participant();
  await ctx.tx.setGoal(ctx.workshop.id, c.text);
  return { result: {}, effects: [changed(ctx.workshop.id)] };
}
