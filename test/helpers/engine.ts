// An engine on a real, fresh database, with a small vocabulary for tests: actors, and `ok`/`refused`
// helpers that fail loudly with the refusal or the result when a test expectation is wrong.
import { expect } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import type { Actor, Warning } from '../../src/core/context.js';
import type { CommandInput } from '../../src/core/commands.js';
import { Queries } from '../../src/core/queries.js';
import { openStore, type AppStore } from '../../src/db/operator-store.js';
import type { Provider } from '../../src/db/client.js';
import { freshDatabase, type TestDatabase } from './database.js';
import { openForSuite } from './suite.js';
import { LANGUAGES } from '../../src/core/vocabulary.js';
import { localizeRefusal, type Refusal } from '../../src/i18n/refusal.js';

export interface EngineHarness {
  db: TestDatabase;
  store: AppStore;
  engine: Engine;
  queries: Queries;
  workspaceId: string;
  actor(userId: string, displayName?: string): Actor;
  /** Runs a command that must succeed; returns its result. */
  ok<R = Record<string, unknown>>(actor: Actor, command: CommandInput, deliveryId?: string): Promise<R & { warnings: Warning[] }>;
  /** Runs a command that must be refused; returns the refusal code. */
  refused(actor: Actor, command: CommandInput | Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function engineHarness(provider: Provider, platform = 'test', externalId = 'T1'): Promise<EngineHarness> {
  const db = await freshDatabase(provider);
  const store = openStore(db);
  const engine = new Engine(store);
  const queries = new Queries(store);
  const workspace = await store.ensureWorkspace(platform, externalId, 'Test workspace');
  const actor = (userId: string, displayName = userId): Actor => ({ workspaceId: workspace.id, userId, displayName });
  return {
    db, store, engine, queries, workspaceId: workspace.id, actor,
    async ok(a, command, deliveryId) {
      const outcome = await engine.execute(a, command, deliveryId ? { deliveryId } : {});
      if (!outcome.ok) expect.fail(`${String((command as { type: string }).type)} refused: ${outcome.error.code} ${JSON.stringify(outcome.error.params)}`);
      outcome.warnings.forEach(expectReadable);
      return { ...(outcome.result as object), warnings: outcome.warnings } as never;
    },
    async refused(a, command) {
      const outcome = await engine.execute(a, command);
      if (outcome.ok) expect.fail(`${String((command as { type: string }).type)} was accepted: ${JSON.stringify(outcome.result)}`);
      expectReadable(outcome.error);
      return outcome.error.code;
    },
    close: () => db.close(),
  };
}

/**
 * An engine harness on `provider` for a whole suite: registers a `beforeAll` that opens it and an `afterAll`
 * that closes it (call it inside a `describe`). What it returns stands for the harness once the hook has run.
 */
export function engineSuite(provider: Provider): EngineHarness {
  const h = openForSuite('engineSuite: the harness', () => engineHarness(provider), (opened) => opened.close());
  return {
    get db() { return h().db; },
    get store() { return h().store; },
    get engine() { return h().engine; },
    get queries() { return h().queries; },
    get workspaceId() { return h().workspaceId; },
    actor: (userId, displayName) => h().actor(userId, displayName),
    ok: (actor, command, deliveryId) => h().ok(actor, command, deliveryId),
    refused: (actor, command) => h().refused(actor, command),
    close: () => h().close(),
  };
}

/** The people most engine suites have take part: the facilitator and two participants. */
export function people(h: EngineHarness): { fac: () => Actor; ana: () => Actor; bob: () => Actor } {
  return { fac: () => h.actor('U_FAC', 'Fatou'), ana: () => h.actor('U_ANA', 'Ana'), bob: () => h.actor('U_BOB', 'Bob') };
}

/** Every refusal and warning a test meets must read as a finished sentence in French and in English. */
function expectReadable(refusal: Refusal): void {
  for (const language of LANGUAGES) {
    const text = localizeRefusal(refusal, language);
    expect(text, `${refusal.code} in ${language}`).not.toMatch(/{{|}}|^errors\.|^warnings\.|validation\.|entry\.|fields\./);
    expect(text.length, `${refusal.code} in ${language}`).toBeGreaterThan(8);
  }
}
