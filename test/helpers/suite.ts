// Something a whole suite shares, opened before its first test and closed after its last.
import { afterAll, beforeAll } from 'vitest';

/**
 * Registers a `beforeAll` that opens and an `afterAll` that closes (call it inside a `describe`); returns a
 * getter for what was opened, which throws until the hook has run.
 */
export function openForSuite<T>(name: string, open: () => Promise<T>, close: (opened: T) => Promise<void>): () => T {
  let opened: T | undefined;
  beforeAll(async () => { opened = await open(); });
  afterAll(async () => { if (opened !== undefined) await close(opened); });
  return () => {
    if (opened === undefined) throw new Error(`${name} is only open once the suite's beforeAll has run`);
    return opened;
  };
}
