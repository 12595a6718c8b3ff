// What the Slack and Teams suites of the AI features share, apart from the platform: the environment that
// points a server at the fake OpenAI-compatible server, a fresh database with that fake server, engine commands
// run straight as a person, the workshop the "contribute by writing" suites write into, and the teardown.
import type { ExecuteOptions } from '../../../src/core/engine.js';
import type { RunningServer } from '../../../src/server.js';
import { freshDatabase, serverProvider, type TestDatabase } from '../../helpers/database.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

const AI = { OPENAI_MODEL: 'parcours-test-model', OPENAI_API_KEY: 'sk-test-assist', PARCOURS_AI_TOKEN_BUDGET: '200000' };

/** The environment of a server whose model is the fake one. */
export const aiEnv = (model: FakeOpenAI): Record<string, string> => ({ ...AI, OPENAI_BASE_URL: model.url });

/** A fresh database on the server provider, and the fake model server. */
export async function openAiWorld(): Promise<{ db: TestDatabase; model: FakeOpenAI }> {
  const db = await freshDatabase(serverProvider);
  return { db, model: await startFakeOpenAI() };
}

type Closable = { close(): Promise<unknown> } | { stop(): Promise<unknown> } | undefined;

/** Closes what a suite started, in the order given; what was never started is skipped. */
export async function closeAll(...parts: Closable[]): Promise<void> {
  for (const part of parts) {
    if (!part) continue;
    await ('close' in part ? part.close() : part.stop());
  }
}

export interface Person { id: string; name: string }

/** Runs an engine command as a person, straight (no platform message starts it); a refusal fails the test. */
export async function runAs(server: RunningServer, workspaceId: string, person: Person, command: Record<string, unknown>, options: ExecuteOptions = {}): Promise<Record<string, string>> {
  const o = await server.engine.execute({ workspaceId, userId: person.id, displayName: person.name }, command, options);
  if (!o.ok) throw new Error(`${String(command.type)}: ${o.error.code}`);
  return o.result as Record<string, string>;
}

export interface ContributionWorkshop { workshop: string; website: string; desk: string }

/**
 * A workshop at its evaluation step with two stages (the website, the warehouse desk) and one touchpoint,
 * living in `channel` under the anchor `root` (set up through the engine): where the "contribute by writing"
 * suites write.
 */
export async function contributionWorkshop(
  server: RunningServer, workspaceId: string, facilitator: Person, where: { platform: 'slack' | 'teams'; channel: string; root: string }, language: 'en' | 'fr',
): Promise<ContributionWorkshop> {
  const run = (command: Record<string, unknown>) => runAs(server, workspaceId, facilitator, command);
  const en = language === 'en';
  const w = (await run({
    type: 'createWorkshop', title: en ? 'Pick-up' : 'Retrait', language, persona: { name: 'Claire' }, goal: en ? 'Pick up fast' : 'Récupérer vite',
    departments: [{ name: en ? 'Stores' : 'Magasins' }],
  })).workshopId!;
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'advanceStep', workshopId: w });
  const website = (await run({ type: 'addStage', workshopId: w, label: en ? 'I order on the website' : 'Je commande sur le site web', phase: 'purchase' })).stageId!;
  const desk = (await run({ type: 'addStage', workshopId: w, label: en ? 'I pick up my furniture at the warehouse desk' : 'Je récupère mes meubles au comptoir de l’entrepôt', phase: 'after' })).stageId!;
  await run({ type: 'advanceStep', workshopId: w });
  await run({ type: 'addTouchpoint', workshopId: w, stageId: desk, channel: en ? 'Warehouse desk' : 'Comptoir' });
  await run({ type: 'advanceStep', workshopId: w });
  await server.layer.deps.conversations.create(workspaceId, w, where.platform, where.channel);
  await server.layer.deps.conversations.setRootMessage(workspaceId, w, where.root);
  return { workshop: w, website, desk };
}
