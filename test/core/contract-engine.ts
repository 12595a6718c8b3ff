// An engine on each implementation of the storage port (test/db/contract/factories.ts: SqliteStore on SQLite,
// PrismaStore on SQLite and on PostgreSQL), for commands whose new store methods every implementation must
// carry out alike. `ok`/`refused` as test/helpers/engine.ts's, refusals checked to read in both languages. A
// store can be made to fail in the middle of a command (`failAfter`), to show that nothing of it is left.
import { expect } from 'vitest';
import type { CommandInput } from '../../src/core/commands.js';
import type { Actor, Warning } from '../../src/core/context.js';
import { Engine } from '../../src/core/engine.js';
import { Queries } from '../../src/core/queries.js';
import type { WorkshopData } from '../../src/core/records.js';
import type { Store, StoreTx } from '../../src/core/store.js';
import { LANGUAGES } from '../../src/core/vocabulary.js';
import { localizeRefusal, type Refusal } from '../../src/i18n/refusal.js';
import type { StoreFactory } from '../db/contract/factories.js';
import { openForSuite } from '../helpers/suite.js';

export interface ContractEngine {
  store: Store;
  engine: Engine;
  queries: Queries;
  workspaceId: string;
  actor(userId: string): Actor;
  ok<R = Record<string, unknown>>(actor: Actor, command: CommandInput): Promise<R & { warnings: Warning[] }>;
  refused(actor: Actor, command: CommandInput | Record<string, unknown>): Promise<string>;
  /** Everything stored about a workshop, as the engine reads it back. */
  stored(workshopId: string): Promise<WorkshopData | null>;
  /** From now on the `n + 1`-th call of `method` in any transaction throws, until `heal()`. */
  failAfter(method: keyof StoreTx, n: number): void;
  heal(): void;
}

/** For a whole suite on one factory's store: registers its `beforeAll` and `afterAll` (call inside a `describe`). */
export function contractEngine(factory: StoreFactory): ContractEngine {
  let failing: { method: keyof StoreTx; left: number } | null = null;
  const opened = openForSuite('contractEngine', async () => {
    const o = await factory.open();
    const real = o.store;
    // Every transaction's StoreTx goes through this proxy, which throws where a test asks it to.
    const wrap = (tx: StoreTx): StoreTx => new Proxy(tx, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (failing && property === failing.method && failing.left-- <= 0) throw new Error(`injected failure in ${String(property)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const store: Store = {
      castVote: (...a) => real.castVote(...a),
      transaction: (workspaceId, work) => real.transaction(workspaceId, (tx) => work(wrap(tx))),
      loadBallot: (...a) => real.loadBallot(...a),
      loadWorkshop: (...a) => real.loadWorkshop(...a),
      ensureWorkspace: (...a) => real.ensureWorkspace(...a),
      setUninstalled: (...a) => real.setUninstalled(...a),
      purgeWorkspace: (...a) => real.purgeWorkspace(...a),
    };
    const workspace = await real.ensureWorkspace('test', 'T1', 'Test workspace');
    return { o, store, engine: new Engine(store), queries: new Queries(real), workspaceId: workspace.id };
  }, (h) => h.o.close());
  const actor = (userId: string): Actor => ({ workspaceId: opened().workspaceId, userId, displayName: userId });
  return {
    get store() { return opened().store; },
    get engine() { return opened().engine; },
    get queries() { return opened().queries; },
    get workspaceId() { return opened().workspaceId; },
    actor,
    async ok(a, command) {
      const outcome = await opened().engine.execute(a, command);
      if (!outcome.ok) expect.fail(`${String((command as { type: string }).type)} refused: ${outcome.error.code} ${JSON.stringify(outcome.error.params)}`);
      return { ...(outcome.result as object), warnings: outcome.warnings } as never;
    },
    async refused(a, command) {
      const outcome = await opened().engine.execute(a, command);
      if (outcome.ok) expect.fail(`${String((command as { type: string }).type)} was accepted: ${JSON.stringify(outcome.result)}`);
      expectReadable(outcome.error);
      return outcome.error.code;
    },
    stored: (workshopId) => opened().o.store.transaction(opened().workspaceId, (tx) => tx.loadWorkshop(workshopId)),
    failAfter(method, n) { failing = { method, left: n }; },
    heal() { failing = null; },
  };
}

/** Every refusal a test meets must read as a finished sentence in French and in English. */
function expectReadable(refusal: Refusal): void {
  for (const language of LANGUAGES) {
    const text = localizeRefusal(refusal, language);
    expect(text, `${refusal.code} in ${language}`).not.toMatch(/{{|}}|^errors\.|^warnings\.|validation\.|entry\.|fields\./);
    expect(text.length, `${refusal.code} in ${language}`).toBeGreaterThan(8);
  }
}
