// The set-up of a Slack suite with timed events (reminders, deadlines, timers): a fresh database, a fake Slack,
// and one replica on the test's clock with its driver; closed in the reverse order.
import type { Clock } from '../../../src/core/engine.js';
import type { Provider } from '../../../src/db/client.js';
import { cheapMap } from '../../conversation/helpers/harness.js';
import { freshDatabase, type TestDatabase } from '../../helpers/database.js';
import { Driver } from './driver.js';
import { FakeSlack } from './fake-slack.js';
import { startReplica, type Replica } from './harness.js';

export interface TimedWorld {
  db: TestDatabase;
  fake: FakeSlack;
  replica: Replica;
  d: Driver;
}

/** `prepare` sets how the fake Slack answers (time zones, refusals) before the replica starts. */
export async function openTimedWorld(provider: Provider, clock: Clock, prepare: (fake: FakeSlack) => void = () => {}): Promise<TimedWorld> {
  const db = await freshDatabase(provider);
  const fake = await new FakeSlack().start();
  prepare(fake);
  const replica = await startReplica({ databaseUrl: db.rawUrl, fake, clock, renderMap: cheapMap });
  return { db, fake, replica, d: new Driver(fake, [replica], db.prisma) };
}

/** What was never started (a failed set-up) is skipped. */
export async function closeTimedWorld(w: { replica?: Replica; fake?: FakeSlack; db?: TestDatabase }): Promise<void> {
  await w.replica?.server.close();
  await w.fake?.stop();
  await w.db?.close();
}
