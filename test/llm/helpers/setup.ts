// What the assistant's tests share: a real database holding one workshop (the token ledger), the fake
// OpenAI-compatible server, configuration read through loadConfig, and a logger whose lines are kept.
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config.js';
import { AiTokens } from '../../../src/db/ai-tokens.js';
import { createAssistant, type AssistantOptions } from '../../../src/llm/assistant.js';
import { createLogger } from '../../../src/log.js';
import type { AssistScope } from '../../../src/conversation/assistant.js';
import type { Language } from '../../../src/core/vocabulary.js';
import { freshDatabase, serverProvider, type TestDatabase } from '../../helpers/database.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

export const API_KEY = 'sk-test-0123456789abcdef-secret';

/**
 * The bound tests use unless they test it: it includes loading the SDK, which takes a second or so in a cold
 * test process.
 */
export const TEST_BOUND_MS = 5_000;

export interface LogLine { level: number; msg: string; [key: string]: unknown }

export interface AssistantWorld {
  db: TestDatabase;
  fake: FakeOpenAI;
  ledger: AiTokens;
  /** Every log line written, at debug level and above, as text and parsed. */
  logText(): string;
  logs: LogLine[];
  workshop(language: Language): Promise<AssistScope>;
  assistant(options?: { budget?: number; boundMs?: number; env?: NodeJS.ProcessEnv } & Partial<AssistantOptions>): ReturnType<typeof createAssistant>;
  close(): Promise<void>;
}

export async function openAssistantWorld(): Promise<AssistantWorld> {
  const db = await freshDatabase(serverProvider);
  const fake = await startFakeOpenAI();
  const ledger = new AiTokens(db.prisma);
  const lines: string[] = [];
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString('utf8');
      lines.push(text);
      for (const line of text.split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const workspace = await db.prisma.workspace.create({ data: { platform: 'slack', externalId: `T-${Date.now()}` } });
  return {
    db, fake, ledger, logs,
    logText: () => lines.join(''),
    async workshop(language) {
      const wk = await db.prisma.workshop.create({ data: { workspaceId: workspace.id, title: 'Furniture', language, mode: 'async', journey: 'current', basis: 'data' } });
      return { workspaceId: workspace.id, workshopId: wk.id, language };
    },
    assistant(options = {}) {
      const config = loadConfig({
        OPENAI_MODEL: 'parcours-test-model', OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: fake.url,
        PARCOURS_AI_TOKEN_BUDGET: String(options.budget ?? 200_000), ...options.env,
      });
      return createAssistant({ ai: config.ai, ledger, logger, boundMs: options.boundMs ?? TEST_BOUND_MS, ...options });
    },
    async close() {
      await fake.close();
      await db.close();
    },
  };
}

/** The user message of a recorded request, parsed: the JSON list of items sent as data. */
export function dataOf(request: { body: { messages: { role: string; content: string }[] } }): Record<string, unknown>[] {
  const user = request.body.messages.find((m) => m.role === 'user');
  if (!user) throw new Error('no user message');
  return JSON.parse(user.content) as Record<string, unknown>[];
}

export function systemOf(request: { body: { messages: { role: string; content: string }[] } }): string {
  const system = request.body.messages.find((m) => m.role === 'system');
  if (!system) throw new Error('no system message');
  return system.content;
}
