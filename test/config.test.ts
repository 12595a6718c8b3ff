// Configuration is read from the environment and validated at start; a wrong value is named.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

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
});
