// The Prisma client is made on first use: an idle server (started, probed by /healthz, its job worker and
// scheduler polling) never makes it, and what is asked before it exists is answered as the real client would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { clientMade, lazyClient } from '../../src/db/lazy-client.js';
import { createLogger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { freshDatabase, providers, type TestDatabase } from '../helpers/database.js';

describe('a lazy client', () => {
  it('replays paths, calls and $extends on the client once made, and is made once', async () => {
    let loads = 0;
    const real = {
      n: 41,
      workshop: { count: async (args: { plus: number }) => real.n + args.plus },
      $extends(ext: { plus: number }) { return { ...real, workshop: { count: async (args: { plus: number }) => real.n + args.plus + ext.plus } }; },
      $disconnect: async () => { loads += 100; },
    };
    const lazy = lazyClient(async () => { loads += 1; return real; });
    const extended = lazy.$extends({ plus: 10 });
    expect(clientMade(lazy)).toBe(false);
    await lazy.$disconnect(); // closing a client never made does not make it
    expect(loads).toBe(0);
    expect(await Promise.all([lazy.workshop.count({ plus: 1 }), lazy.workshop.count({ plus: 2 }), extended.workshop.count({ plus: 0 })])).toEqual([42, 43, 51]);
    expect(loads).toBe(1);
    expect(clientMade(lazy)).toBe(true);
    // Made: the real client's own members, so a value read is a value, not a deferred call.
    expect(lazy.n).toBe(41);
    expect(await (async () => lazy)()).toBe(lazy); // awaiting the client does not take it for a promise
    await lazy.$disconnect();
    expect(loads).toBe(101);
  });

  it('tries loading again after a failed load', async () => {
    let attempt = 0;
    const lazy = lazyClient(async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('not yet');
      return { ping: async () => 'pong' };
    });
    await expect(lazy.ping()).rejects.toThrow('not yet');
    expect(await lazy.ping()).toBe('pong');
  });
});

describe.each(providers)('an idle server on %s', (provider) => {
  let db: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    db = await freshDatabase(provider);
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.rawUrl, LOG_LEVEL: 'silent' });
    server = await startServer(config, createLogger('silent'));
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('never makes its Prisma client: /healthz, the job worker and the scheduler go through the driver', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    await server.layer.tick();
    await server.layer.idle();
    expect(clientMade(server.database.prisma)).toBe(false);
    // The first use makes it, and it works.
    expect(await server.database.prisma.workshop.count()).toBe(0);
    expect(clientMade(server.database.prisma)).toBe(true);
  });
});
