// The app manifest validates against Slack's own JSON Schema (offline: the version schemas are registered
// under their URLs), asks only for the scopes the code uses, and subscribes to the events it handles.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { BOT_EVENTS, BOT_SCOPES } from '../../src/slack/manifest.js';

const SCHEMAS = '/work/shared/schemas/slack-manifest';
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const version of ['1.0.0', '2.0.0']) {
    ajv.addSchema(read(`${SCHEMAS}/manifest.schema.${version}.json`), `https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.${version}.json`);
  }
  return ajv.compile(read(`${SCHEMAS}/manifest.schema.json`));
}

describe('the Slack app manifest', () => {
  const validate = validator();
  const manifest = read('manifests/slack/manifest.json');

  it('validates against Slack’s manifest schema (which rejects Slack’s own invalid example)', () => {
    expect(validate(read(`${SCHEMAS}/manifest.valid.json`))).toBe(true);
    expect(validate(read(`${SCHEMAS}/manifest.invalid.json`))).toBe(false);
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('asks for exactly the scopes the code uses and the events it handles', () => {
    const m = manifest as { oauth_config: { scopes: { bot: string[] } }; settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean } }; features: { slash_commands: { command: string }[]; app_home: { home_tab_enabled: boolean } } };
    expect([...m.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect(m.settings.event_subscriptions.bot_events).toEqual([...BOT_EVENTS]);
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(['/parcours']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.features.app_home.home_tab_enabled).toBe(true);
  });

  it('reads a channel’s messages only with the scope each message event needs', () => {
    // Slack sends message.channels / message.groups only to an app holding channels:history / groups:history.
    const m = manifest as { oauth_config: { scopes: { bot: string[] } }; settings: { event_subscriptions: { bot_events: string[] } } };
    const needs: Record<string, string> = { 'message.channels': 'channels:history', 'message.groups': 'groups:history' };
    const messageEvents = m.settings.event_subscriptions.bot_events.filter((e) => e.startsWith('message.'));
    expect(messageEvents.sort()).toEqual(['message.channels', 'message.groups']);
    for (const event of messageEvents) expect(m.oauth_config.scopes.bot).toContain(needs[event]);
    // No direct messages or group DMs are read: the bot's own chat with a person is not a workshop's thread.
    expect(m.oauth_config.scopes.bot.filter((s) => s.endsWith(':history')).sort()).toEqual(['channels:history', 'groups:history']);
  });
});
