// `npm start`: one HTTP server process. It validates the configuration, opens and migrates the
// database, then serves /healthz and the chat adapters that are configured. This file and cli.ts are
// the only places that wire the layers together.
import type { Server } from 'node:http';
import express from 'express';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { MapImage, MapRenderer } from './conversation/deps.js';
import type { KeyMomentComparison, WorkshopSnapshot } from './core/snapshot.js';
import { planJobs, QUEUES } from './conversation/jobs.js';
import { ConversationLayer } from './conversation/layer.js';
import { Engine, type Clock } from './core/engine.js';
import { Queries } from './core/queries.js';
import { checkDatabase, openDatabase, type OpenDatabase } from './db/client.js';
import { Conversations } from './db/conversations.js';
import { Deliveries } from './db/deliveries.js';
import { openJobQueue } from './db/jobs/index.js';
import { applyMigrations, DatabaseInUseError } from './db/migrations.js';
import { openStore, type AppStore } from './db/operator-store.js';
import { SlackInstallations } from './db/slack-installations.js';
import { TeamsReferences } from './db/teams-references.js';
import { healthHandler, platformSummary } from './http/health.js';
import type { FileLinks } from './conversation/file-links.js';
import { FILES_PATH, SignedFileLinks } from './http/file-links.js';
import { filesHandler, PREVIEW_WIDTH, type FileSource } from './http/files.js';
import { PublishingFileLinks } from './http/publish.js';
import { PublishedFiles } from './db/published-files.js';
import { People } from './db/people.js';
import { TimedEvents } from './db/timed-events.js';
import { createLogger, type Logger } from './log.js';
import type { Assistant } from './conversation/assistant.js';
import { AiTokens } from './db/ai-tokens.js';
import type { AssistantOptions } from './llm/assistant.js';

export interface RunningServer {
  url: string;
  port: number;
  database: OpenDatabase;
  engine: Engine;
  queries: Queries;
  store: AppStore;
  layer: ConversationLayer;
  /** Signed links to maps and documents; null without PARCOURS_PUBLIC_URL. */
  fileLinks: FileLinks | null;
  close(): Promise<void>;
}

/** What a chat adapter gets to mount itself on the one HTTP server and speak through the conversation layer. */
export interface AdapterContext {
  app: express.Express;
  config: Config;
  logger: Logger;
  layer: ConversationLayer;
  /** Signed links to a workshop's map and documents (a Teams card's image); null without PARCOURS_PUBLIC_URL. */
  fileLinks: FileLinks | null;
  /** The sealed store of Slack OAuth installations (src/db), opened only when an adapter asks for it. */
  slackInstallations(key: Buffer): SlackInstallations;
  /** Who the Teams bot can reach, per tenant and person (src/db), opened only when the Teams adapter asks for it. */
  teamsReferences(): TeamsReferences;
}

/** A chat platform adapter: mounts its routes (or opens its socket) and returns how to stop it. */
export type Adapter = (ctx: AdapterContext) => Promise<{ stop(): Promise<void> } | null>;

export interface ServerOptions {
  /** How maps are drawn (tests give a cheap stand-in). */
  renderMap?: MapRenderer;
  /** The application's clock: commands and timed events (reminders, deadlines) read it; tests move it by hand. */
  clock?: Clock;
}

/** Draws the pictures of a map from a snapshot and what goes beside it (see render/index.ts, renderMapPngs). */
export type MapDrawer = (snapshot: WorkshopSnapshot, options: { comparisons: KeyMomentComparison[]; current?: WorkshopSnapshot }) => Promise<MapImage[]>;

/** The renderer, loaded on the first map: a server that never draws one never loads it. */
const drawLazily: MapDrawer = async (snapshot, options) => (await import('./render/index.js')).renderMapPngs(snapshot, options);

/** The whole map alone, scaled to fit a Teams card: its parts are for reading full size. */
const drawPreview: MapDrawer = async (snapshot, options) => {
  const { mapPictures, renderPng } = await import('./render/index.js');
  const whole = mapPictures(snapshot, options)[0]!;
  return [{ name: whole.name, png: await renderPng(whole.svg, { size: { width: PREVIEW_WIDTH } }) }];
};

/**
 * A workshop's map with what belongs beside it: the key moments it shares with other journeys and, for a
 * target journey, the current journey it was started from.
 */
export function mapRenderer(queries: Queries, draw: MapDrawer = drawLazily): MapRenderer {
  return async (workspaceId, snapshot) => {
    const current = await queries.sourceJourney(workspaceId, snapshot.workshop.id);
    return draw(snapshot, { comparisons: await queries.keyMoments(workspaceId, snapshot.workshop.id), ...(current ? { current } : {}) });
  };
}

/**
 * The AI assistant. With a model configured it is made at start, so that a broken prompt file stops the start
 * (the SDK itself still loads on the first suggestion, src/llm/client.ts). Without one, its module — the
 * fallbacks' stemmers and stop-word lists — loads on the first suggestion asked for: an idle server does not
 * carry it (bench/README.md, "Footprint").
 */
export async function assistantFor(options: AssistantOptions): Promise<Assistant> {
  if (options.ai) return (await import('./llm/assistant.js')).createAssistant(options);
  let loading: Promise<Assistant> | null = null;
  const made = (): Promise<Assistant> => (loading ??= import('./llm/assistant.js').then((m) => m.createAssistant(options), (error: unknown) => {
    loading = null; // tried again on the next suggestion rather than remembered
    throw error;
  }));
  return {
    enabled: false,
    customerVoice: async (scope, input) => (await made()).customerVoice(scope, input),
    duplicates: async (scope, input) => (await made()).duplicates(scope, input),
    solutionIdeas: async (scope, input) => (await made()).solutionIdeas(scope, input),
    narrative: async (scope, input) => (await made()).narrative(scope, input),
    classify: async (scope, input) => (await made()).classify(scope, input),
  };
}

export async function startServer(config: Config, logger: Logger, adapters: Adapter[] = [], options: ServerOptions = {}): Promise<RunningServer> {
  const database = await openDatabase(config.databaseUrl, { poolMax: config.databasePoolMax });
  try {
    const applied = await applyMigrations(database, { logger });
    logger.info({ database: database.url, provider: database.provider, applied: applied.length }, 'database ready');
  } catch (error) {
    await database.close();
    throw error;
  }
  let assistant: Assistant;
  try {
    assistant = await assistantFor({ ai: config.ai, ledger: new AiTokens(database.prisma), logger });
  } catch (error) {
    await database.close();
    throw error;
  }
  // The queues' settings are known before any work starts, so jobs recorded first get them too.
  const jobs = await openJobQueue(database, logger.child({ component: 'jobs' }), { specs: QUEUES });
  const store = openStore(database, jobs);
  // Every command records the jobs that must follow it (messages to refresh, maps, heads) in its own transaction.
  const clock: Clock = options.clock ?? { now: () => new Date() };
  const engine = new Engine(store, { plan: planJobs, clock });
  const queries = new Queries(store);
  const signed = config.files ? new SignedFileLinks(config.files.publicUrl, config.files.key) : null;
  // What the links show: rendered from the workshop as it is now, or kept once posted (publish.ts).
  const source: FileSource = {
    snapshot: (workspaceId, workshopId) => queries.snapshot(workspaceId, workshopId),
    map: mapRenderer(queries),
    preview: mapRenderer(queries, drawPreview),
  };
  const published = new PublishedFiles(database.prisma);
  const links = signed ? new PublishingFileLinks(signed, source, published, logger.child({ component: 'files' })) : null;
  const layer = new ConversationLayer({
    engine, queries, store, jobs, logger: logger.child({ component: 'conversation' }), language: config.language,
    conversations: new Conversations(database.prisma), deliveries: new Deliveries(database.prisma),
    clock, timedEvents: new TimedEvents(database.prisma, database.provider, database.raw), people: new People(database.prisma),
    renderMap: options.renderMap ?? mapRenderer(queries), fileLinks: links,
    assistant,
  }, { worker: config.worker, uninstallGraceDays: config.uninstallGraceDays });

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', healthHandler({ provider: database.provider, check: () => checkDatabase(database), config }));
  if (signed) app.use(FILES_PATH, filesHandler({ links: signed, source, published, logger: logger.child({ component: 'files' }) }));

  const stops: { stop(): Promise<void> }[] = [];
  for (const adapter of adapters) {
    const mounted = await adapter({ app, config, logger, layer, fileLinks: links, slackInstallations: (key) => new SlackInstallations(database.prisma, key), teamsReferences: () => new TeamsReferences(database.prisma) });
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
    url: `http://127.0.0.1:${port}`, port, database, engine, queries, store, layer, fileLinks: links,
    async close() {
      // Running jobs finish first (a head's message half-way is sent), then the adapters stop.
      await layer.stop();
      await Promise.allSettled(stops.map((s) => s.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await database.close();
    },
  };
}

/** The adapters this build knows; each decides from the configuration whether it runs. Given the configuration, one that is off is not even loaded. */
export async function configuredAdapters(config?: Config): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  // Bolt and its dependencies weigh tens of megabytes: not loaded when Slack is not configured.
  if (!config || config.slack.mode.kind !== 'off') adapters.push((await import('./slack/adapter.js')).slackAdapter());
  // botbuilder likewise, only with Teams credentials or its explicit local development mode; never without a
  // configuration to say so (the footprint bench measures what a Slack server loads through this call).
  if (config?.teams.configured || config?.teams.devMode) adapters.push((await import('./teams/adapter.js')).teamsAdapter());
  return adapters;
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
    running = await startServer(config, logger, await configuredAdapters(config));
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) throw error;
    // The catalogues are loaded for this message only: a server with no chat platform on never needs them.
    const { translator } = await import('./i18n/index.js');
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
