// /healthz says whether suggestions come from a model, and which one — never its key, nor the server's
// address.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { healthHandler } from '../../src/http/health.js';

async function health(config: Config): Promise<string> {
  const app = express();
  app.get('/healthz', healthHandler({ provider: 'sqlite', check: async () => {}, config }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
    expect(res.status).toBe(200);
    return await res.text();
  } finally {
    server.close();
  }
}

describe('/healthz and AI assistance', () => {
  it('says "off" with no model', async () => {
    const body = JSON.parse(await health(loadConfig({}))) as Record<string, unknown>;
    expect(body.ai).toBe('off');
    expect(body).not.toHaveProperty('aiModel');
  });

  it('says "on" and names the model, never the key or the server\'s address', async () => {
    const config = loadConfig({
      OPENAI_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-live-very-secret-value', OPENAI_BASE_URL: 'https://llm.example.com/v1',
    });
    const text = await health(config);
    expect(JSON.parse(text)).toMatchObject({ status: 'ok', ai: 'on', aiModel: 'gpt-4o-mini' });
    expect(text).not.toMatch(/very-secret|llm\.example/);
  });
});
