// Workspaces (src/conversation/deps.ts): a platform's workspace is read from the store once for a few
// seconds, not once per request; the app's removal makes its next request read it again (which is what
// clears the removal when the workspace is still in use); a new name is written at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Workspaces } from '../../src/conversation/deps.js';
import type { Store } from '../../src/core/store.js';

function countingStore() {
  const calls: string[] = [];
  const store: Pick<Store, 'ensureWorkspace'> = {
    ensureWorkspace: async (platform, externalId, name = '') => {
      calls.push(`${platform}/${externalId}/${name}`);
      return { id: `ws-${externalId}`, platform, externalId, name };
    },
  };
  return { store, calls };
}

describe('Workspaces', () => {
  beforeEach(() => { vi.useFakeTimers({ toFake: ['performance'] }); });
  afterEach(() => { vi.useRealTimers(); });

  it('reads a workspace once for five seconds, then again', async () => {
    const { store, calls } = countingStore();
    const workspaces = new Workspaces(store);
    expect(await Promise.all([1, 2, 3].map(() => workspaces.idOf('teams', 'tenant-a')))).toEqual(['ws-tenant-a', 'ws-tenant-a', 'ws-tenant-a']);
    const first = calls.length; // requests at the same moment may each read before the first answer
    expect(await workspaces.idOf('teams', 'tenant-a')).toBe('ws-tenant-a');
    vi.advanceTimersByTime(4_999);
    expect(await workspaces.idOf('teams', 'tenant-a')).toBe('ws-tenant-a');
    expect(calls).toHaveLength(first);
    vi.advanceTimersByTime(1);
    await workspaces.idOf('teams', 'tenant-a');
    expect(calls).toHaveLength(first + 1);
  });

  it('reads again after the app\'s removal recorded here, and for a new name; keeps platforms and workspaces apart', async () => {
    const { store, calls } = countingStore();
    const workspaces = new Workspaces(store);
    await workspaces.idOf('slack', 'T1', 'Acme');
    await workspaces.idOf('teams', 'T1');
    await workspaces.idOf('slack', 'T2', 'Beta');
    expect(calls).toEqual(['slack/T1/Acme', 'teams/T1/', 'slack/T2/Beta']);
    workspaces.forget('slack', 'T1');
    await workspaces.idOf('slack', 'T1', 'Acme');
    await workspaces.idOf('teams', 'T1');
    await workspaces.idOf('slack', 'T2', 'Beta');
    expect(calls.slice(3)).toEqual(['slack/T1/Acme']);
    await workspaces.idOf('slack', 'T2', 'Beta Corp');
    expect(calls.slice(4)).toEqual(['slack/T2/Beta Corp']);
  });
});
