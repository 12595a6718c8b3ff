// What the Teams suites of the AI features share: their world (a fresh database, a fake Bot Connector, the fake
// model server) and whether a card offers a given action.
import type { TestDatabase } from '../../helpers/database.js';
import type { FakeOpenAI } from '../../llm/helpers/fake-openai.js';
import { openAiWorld } from '../../llm/helpers/suite.js';
import type { Card } from './driver.js';
import { elements, FakeConnector } from './fake-connector.js';

export async function openTeamsAiWorld(): Promise<{ db: TestDatabase; fake: FakeConnector; model: FakeOpenAI }> {
  const { db, model } = await openAiWorld();
  return { db, fake: await new FakeConnector().start(), model };
}

/** Whether a card has a button (Action.Execute) for `verb`. */
export const has = (verb: string) => (card: Card): boolean => elements(card).some((e) => e.type === 'Action.Execute' && e.verb === verb);
