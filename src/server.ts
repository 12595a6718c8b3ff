// `npm start`: one HTTP server process. It validates the configuration, opens and migrates the
// database, then serves /healthz and the chat adapters that are configured. This file and cli.ts are
// the only places that wire the layers together.
import type { Server } from 'node:http';
import express from 'express';
import { ConfigError, loadConfig, type Config } from './config.js';
import { Engine } from './core/engine.js';
import { Queries } from './core/queries.js';
import { checkDatabase, openDatabase, type OpenDatabase } from './db/client.js';
import { applyMigrations, DatabaseInUseError } from './db/migrations.js';
import { openStore, type AppStore } from './db/operator-store.js';
import { healthHandler, platformSummary } from './http/health.js';
import { createLogger, type Logger } from './log.js';
import { translator } from './i18n/index.js';

export interface RunningServer {
  url: string;
  port: number;
  database: OpenDatabase;
  engine: Engine;
  queries: Queries;
  close(): Promise<void>;
}

/** What a chat adapter gets to mount itself on the one HTTP server. */
export interface AdapterContext {
  app: express.Express;
  config: Config;
  logger: Logger;
  database: OpenDatabase;
  store: AppStore;
  engine: Engine;
  queries: Queries;
}

/** A chat platform adapter: mounts its routes (or opens its socket) and returns how to stop it. */
export type Adapter = (ctx: AdapterContext) => Promise<{ stop(): Promise<void> } | null>;

export async function startServer(config: Config, logger: Logger, adapters: Adapter[] = []): Promise<RunningServer> {
  const database = await openDatabase(config.databaseUrl, { poolMax: config.databasePoolMax });
  try {
    const applied = await applyMigrations(database, { logger });
    logger.info({ database: database.url, provider: database.provider, applied: applied.length }, 'database ready');
  } catch (error) {
    await database.close();
    throw error;
  }
  const store = openStore(database);
  const engine = new Engine(store);
  const queries = new Queries(store);

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', healthHandler({ provider: database.provider, check: () => checkDatabase(database), config }));

  const stops: { stop(): Promise<void> }[] = [];
  for (const adapter of adapters) {
    const mounted = await adapter({ app, config, logger, database, store, engine, queries });
    if (mounted) stops.push(mounted);
  }
  app.use((_req, res) => { res.status(404).json({ error: 'not found' }); });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const platforms = platformSummary(config);
  logger.info({ port, platforms }, `Parcours listening on port ${port} — Slack: ${platforms.slack}; Teams: ${platforms.teams}`);

  return {
    url: `http://127.0.0.1:${port}`, port, database, engine, queries,
    async close() {
      await Promise.allSettled(stops.map((s) => s.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await database.close();
    },
  };
}

/** The adapters this build knows; each decides from the configuration whether it runs. */
export async function configuredAdapters(): Promise<Adapter[]> {
  const { slackAdapter } = await import('./slack/adapter.js');
  return [slackAdapter()];
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md, "Configuration".\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let running: RunningServer;
  try {
    running = await startServer(config, logger, await configuredAdapters());
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) throw error;
    process.stderr.write(`${translator(config.language)('cli:databaseInUse', { file: error.file })}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.close().then(() => process.exit(0), (error: unknown) => { logger.error({ err: error }, 'shutdown failed'); process.exit(1); });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`Parcours could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
