// Configuration is read from the environment and validated at start; a wrong value is named.
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { ConfigError, loadConfig, NO_API_KEY } from '../src/config.js';
import { createLogger } from '../src/log.js';

const problems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('configuration', () => {
  it('needs nothing to start on the embedded database', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3978, databaseUrl: undefined, logLevel: 'info', language: 'en' });
    expect(config.slack.mode.kind).toBe('off');
    expect(config.teams.configured).toBe(false);
  });

  it('names the variable that is wrong', () => {
    expect(problems({ PORT: 'eighty' })[0]).toMatch(/^PORT:/);
    expect(problems({ DATABASE_URL: 'mysql://x' })[0]).toMatch(/^DATABASE_URL: .*postgres/);
    expect(problems({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL:/);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxp-user' })[0]).toMatch(/^SLACK_BOT_TOKEN: .*xoxb-/);
    expect(problems({ PARCOURS_ENCRYPTION_KEY: 'short' })[0]).toMatch(/^PARCOURS_ENCRYPTION_KEY:/);
    expect(problems({ MICROSOFT_APP_ID: 'id' })[0]).toMatch(/MICROSOFT_APP_PASSWORD/);
  });

  it('derives the Slack connection mode', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack.mode).toEqual({ kind: 'http', distribution: false });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toEqual({ kind: 'socket', distribution: false });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }).slack.mode).toMatchObject({ kind: 'off' });
    expect(problems({ SLACK_CLIENT_ID: 'c', SLACK_CLIENT_SECRET: 's', SLACK_SIGNING_SECRET: 'x' }).join('\n')).toMatch(/PARCOURS_ENCRYPTION_KEY[\s\S]*SLACK_STATE_SECRET/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ SLACK_CLIENT_ID: 'c', SLACK_CLIENT_SECRET: 's', SLACK_SIGNING_SECRET: 'x', SLACK_STATE_SECRET: 'st', PARCOURS_ENCRYPTION_KEY: key }).slack.mode)
      .toEqual({ kind: 'http', distribution: true });
  });

  it('never echoes a secret in its messages', () => {
    const message = problems({ SLACK_BOT_TOKEN: 'xoxp-very-secret-value' }).join('\n');
    expect(message).not.toContain('very-secret');
  });

  describe('AI assistance', () => {
    it('is off unless a model is given with a key or a server address, whatever the process environment holds', () => {
      const saved = { ...process.env };
      Object.assign(process.env, { OPENAI_API_KEY: 'sk-stray', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_MODEL: 'gpt-stray' });
      try {
        expect(loadConfig({}).ai).toBeNull();
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
      expect(loadConfig({ OPENAI_API_KEY: 'sk-1' }).ai).toBeNull();
      expect(problems({ OPENAI_MODEL: 'gpt-4o-mini' })[0]).toMatch(/^OPENAI_MODEL: needs OPENAI_API_KEY .* or OPENAI_BASE_URL/);
    });

    it('reads the model, key, server and budget', () => {
      const openai = loadConfig({ OPENAI_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-abc' }).ai!;
      expect(openai).toMatchObject({ model: 'gpt-4o-mini', baseURL: null, tokenBudget: 200_000 });
      expect(openai.apiKey.export().toString()).toBe('sk-abc');
      // A server of one's own needs no key: the SDK gets a placeholder it requires and the server ignores.
      const ollama = loadConfig({ OPENAI_MODEL: 'llama3.2', OPENAI_BASE_URL: 'http://localhost:11434/v1', PARCOURS_AI_TOKEN_BUDGET: '5000' }).ai!;
      expect(ollama).toMatchObject({ model: 'llama3.2', baseURL: 'http://localhost:11434/v1', tokenBudget: 5000 });
      expect(ollama.apiKey.export().toString()).toBe(NO_API_KEY);
      expect(problems({ OPENAI_BASE_URL: 'localhost:11434' })[0]).toMatch(/^OPENAI_BASE_URL:/);
      const withPassword = problems({ OPENAI_MODEL: 'm', OPENAI_BASE_URL: 'https://user:hunter2@llm.example.com/v1' });
      expect(withPassword[0]).toMatch(/^OPENAI_BASE_URL: .*no user name or password/);
      expect(withPassword.join('\n')).not.toContain('hunter2');
      expect(problems({ PARCOURS_AI_TOKEN_BUDGET: '-1' })[0]).toMatch(/^PARCOURS_AI_TOKEN_BUDGET:/);
    });

    it('never shows the key, printed, serialised or logged', () => {
      const config = loadConfig({ OPENAI_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-live-very-secret-value' });
      expect(JSON.stringify(config)).not.toContain('very-secret');
      expect(inspect(config, { depth: 10 })).not.toContain('very-secret');
      const lines: string[] = [];
      const logger = createLogger('info', { write: (line: string) => { lines.push(line); } });
      logger.info({ config, ai: config.ai }, 'configuration');
      expect(lines.join('')).toContain('gpt-4o-mini');
      expect(lines.join('')).not.toContain('very-secret');
      expect(problems({ OPENAI_MODEL: 'm', OPENAI_API_KEY: 'sk-live-very-secret-value', OPENAI_BASE_URL: 'not a url' }).join('\n')).not.toContain('very-secret');
    });
  });
});
