// The set-up most Slack suites share: a fresh database, a fake Slack, the real server (one replica or more)
// pointed at both, and a driver taking turns between the replicas; all closed after the suite.
import { afterAll, beforeAll } from 'vitest';
import type { Provider } from '../../../src/db/client.js';
import { closeRenderPool } from '../../../src/render/index.js';
import { freshDatabase, serverProvider, type TestDatabase } from '../../helpers/database.js';
import { Driver } from './driver.js';
import { FakeSlack } from './fake-slack.js';
import { startReplica, type Replica, type ReplicaOptions } from './harness.js';

export interface SlackWorkshopSuiteOptions {
  /** The database's provider; by default the one a real deployment uses (`serverProvider`). */
  provider?: Provider;
  /** How many replicas share the database and the fake Slack, started one after the other; 1 by default. */
  replicas?: number;
  /** What every replica is started with besides the database and the fake Slack. */
  replica?: Omit<ReplicaOptions, 'databaseUrl' | 'fake'>;
  /** Also closes the map renderer's worker pool after the suite. */
  closeRenderPool?: boolean;
}

/** What the hooks set up; readable from the suite's own `beforeAll` hooks and tests on. */
export interface SlackWorkshopSuite {
  readonly db: TestDatabase;
  readonly fake: FakeSlack;
  /** The first (or only) replica. */
  readonly replica: Replica;
  readonly replicas: Replica[];
  readonly d: Driver;
}

/** Registers the suite's `beforeAll` (set-up) and `afterAll` (closing) hooks; call it inside a `describe`. */
export function slackWorkshopSuite(options: SlackWorkshopSuiteOptions = {}): SlackWorkshopSuite {
  let db: TestDatabase | undefined;
  let fake: FakeSlack | undefined;
  let replicas: Replica[] | undefined;
  let d: Driver | undefined;

  beforeAll(async () => {
    db = await freshDatabase(options.provider ?? serverProvider);
    fake = await new FakeSlack().start();
    const started: Replica[] = [];
    for (let i = 0; i < (options.replicas ?? 1); i += 1) started.push(await startReplica({ databaseUrl: db.rawUrl, fake, ...options.replica }));
    replicas = started;
    d = new Driver(fake, replicas, db.prisma);
  });

  afterAll(async () => {
    for (const r of replicas ?? []) await r.server.close();
    await fake?.stop();
    await db?.close();
    if (options.closeRenderPool) await closeRenderPool();
  });

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`slackWorkshopSuite: ${name} is only set once the suite's beforeAll has run`);
    return value;
  };
  return {
    get db() { return ready(db, 'db'); },
    get fake() { return ready(fake, 'fake'); },
    get replica() { return ready(replicas?.[0], 'replica'); },
    get replicas() { return ready(replicas, 'replicas'); },
    get d() { return ready(d, 'd'); },
  };
}
