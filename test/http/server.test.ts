// `npm start`'s server: migrates, answers /healthz with the database state and the platforms, and
// stops cleanly — on the embedded default and on PostgreSQL.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { healthHandler } from '../../src/http/health.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';

describe.each(providers)('server on %s', (provider) => {
  let db: TestDatabase;
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('answers /healthz with the database and the platforms it runs', async () => {
    db = await freshDatabase(provider, { migrate: false });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.rawUrl });
    server = await startServer(config, createLogger('silent'));
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok', database: { provider, ok: true }, platforms: { slack: 'not configured', teams: 'not configured' },
    });
    // The server migrated the empty database at start.
    expect(await db.prisma.workshop.count()).toBe(0);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

});

describe('health check', () => {
  it('reports an unreachable database as unavailable, without the driver’s details', async () => {
    const app = express();
    const check = () => Promise.reject(new Error('connect ECONNREFUSED postgres://parcours:s3cret@10.0.0.7:5432/prod'));
    app.get('/healthz', healthHandler({ provider: 'postgresql', check, config: loadConfig({}) }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
      expect(res.status).toBe(503);
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ status: 'unavailable', database: { provider: 'postgresql', ok: false } });
      expect(body).not.toMatch(/s3cret|10\.0\.0\.7|ECONNREFUSED/);
    } finally {
      server.close();
    }
  });
});
