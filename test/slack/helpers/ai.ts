// What the Slack suites of the AI features share: their world (a fresh database, a fake Slack, the fake model
// server) and the private messages the app showed someone, with or without a given button.
import { openAiWorld } from '../../llm/helpers/suite.js';
import type { TestDatabase } from '../../helpers/database.js';
import type { FakeOpenAI } from '../../llm/helpers/fake-openai.js';
import { FakeSlack, type ApiCall } from './fake-slack.js';
import { buttons } from './harness.js';

export async function openSlackAiWorld(): Promise<{ db: TestDatabase; slack: FakeSlack; model: FakeOpenAI }> {
  const { db, model } = await openAiWorld();
  return { db, slack: await new FakeSlack().start(), model };
}

/** The ephemeral messages shown to a person since `from`. */
export const ephemerals = (slack: FakeSlack, user: { id: string }, from: number): ApiCall[] =>
  slack.calls.slice(from).filter((c) => c.method === 'chat.postEphemeral' && c.args.user === user.id);

const offers = (call: ApiCall, action: string) => buttons((call.args.blocks ?? []) as unknown[]).some((b) => b.action_id.split('.')[0] === action);

/** Those of them with a button for `action` (`useWording`, `merge`…). */
export const withAction = (slack: FakeSlack, user: { id: string }, from: number, action: string): ApiCall[] =>
  ephemerals(slack, user, from).filter((c) => offers(c, action));

/** The ephemeral messages with a button for `action` shown to anyone since `from`. */
export const offersSince = (slack: FakeSlack, from: number, action: string): ApiCall[] =>
  slack.calls.slice(from).filter((c) => c.method === 'chat.postEphemeral' && offers(c, action));
