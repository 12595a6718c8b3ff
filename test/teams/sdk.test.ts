// The authentication of src/teams/sdk.ts keeps the clients botbuilder would make for every activity and every
// proactive call: one per bot identity, connector address and audience, its HTTP pipeline built once.
import { describe, expect, it } from 'vitest';
import { Authentication } from '../../src/teams/sdk.js';

const activity = (serviceUrl: string) => ({
  type: 'message', id: 'a1', channelId: 'msteams', serviceUrl, from: { id: '29:u' }, recipient: { id: '28:bot' }, conversation: { id: '19:c' },
}) as never;

describe('Teams authentication', () => {
  it('makes one connector client per connector address for the activities of a local bot, and one user-token client', async () => {
    const auth = new Authentication({});
    const first = await auth.authenticateRequest(activity('http://127.0.0.1:3978'), '');
    const second = await auth.authenticateRequest(activity('http://127.0.0.1:3978'), '');
    const a = await first.connectorFactory!.create('http://127.0.0.1:3978', first.audience);
    expect(await second.connectorFactory!.create('http://127.0.0.1:3978', second.audience)).toBe(a);
    expect(await first.connectorFactory!.create('http://127.0.0.1:4000', first.audience)).not.toBe(a);
    expect(await auth.createUserTokenClient(first.claimsIdentity)).toBe(await auth.createUserTokenClient(second.claimsIdentity));
  });

  it('keeps the proactive clients apart from the turns’ ones, without botbuilder’s retry policy', async () => {
    const auth = new Authentication({});
    const turn = await auth.authenticateRequest(activity('http://127.0.0.1:3978'), '');
    const proactive = auth.createConnectorFactory(turn.claimsIdentity);
    const p = await proactive.create('http://127.0.0.1:3978', turn.audience);
    expect(await auth.createConnectorFactory(turn.claimsIdentity).create('http://127.0.0.1:3978', turn.audience)).toBe(p);
    expect(await turn.connectorFactory!.create('http://127.0.0.1:3978', turn.audience)).not.toBe(p);
    const policies = (c: unknown) => ((c as { client: { pipeline: { getOrderedPolicies(): { name: string }[] } } }).client.pipeline.getOrderedPolicies()).map((x) => x.name);
    expect(policies(p)).not.toContain('defaultRetryPolicy');
    expect(policies(await turn.connectorFactory!.create('http://127.0.0.1:3978', turn.audience))).toContain('defaultRetryPolicy');
  });
});
