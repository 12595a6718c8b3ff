// Reading Teams activities without the SDK: the command after the bot's mention, threads in conversation ids,
// and card clicks whose signed state must be the tenant's and the person's it was issued to.
import { describe, expect, it } from 'vitest';
import { cardClick, commandText, inThread, splitThread } from '../../src/teams/activity.js';
import type { InboundActivity } from '../../src/teams/sdk.js';
import { StateSigner } from '../../src/teams/state.js';

const signer = new StateSigner('a-test-password');
const state = { form: 'framing' as const, workshopId: null, conversationId: '19:c@thread.tacv2', threadId: null };

function invoke(tenant: string, user: string, data: Record<string, unknown>, verb = 'submit'): InboundActivity {
  return {
    type: 'invoke', name: 'adaptiveCard/action', id: 'a1', serviceUrl: 'http://127.0.0.1:1', channelId: 'msteams',
    from: { id: `29:${user}`, aadObjectId: user }, conversation: { id: '19:c@thread.tacv2', tenantId: tenant }, channelData: { tenant: { id: tenant } },
    value: { action: { type: 'Action.Execute', verb, data } },
  };
}

describe('Teams activities', () => {
  it('reads the command after the mention, in any markup Teams adds', () => {
    expect(commandText('<at>Parcours</at> new fr')).toBe('new fr');
    expect(commandText('<p><at>Parcours</at>&nbsp;aide</p>')).toBe('aide');
    expect(commandText(undefined)).toBe('');
  });

  it('splits a thread out of a conversation id and puts it back', () => {
    expect(splitThread('19:c@thread.tacv2;messageid=1700')).toEqual({ conversationId: '19:c@thread.tacv2', threadId: '1700' });
    expect(splitThread('19:c@thread.tacv2')).toEqual({ conversationId: '19:c@thread.tacv2', threadId: null });
    expect(inThread('19:c@thread.tacv2', '1700')).toBe('19:c@thread.tacv2;messageid=1700');
    expect(inThread('19:c@thread.tacv2', null)).toBe('19:c@thread.tacv2');
  });

  it('accepts a form sent by the person and tenant it was issued to, with its values', () => {
    const meta = signer.sign('tenant-a', 'user-1', state);
    const click = cardClick(invoke('tenant-a', 'user-1', { action: 'submit', form: 'framing', meta, 'f:text:title': 'Orders' }), 'tenant-a', signer);
    expect(click.intent).toMatchObject({ kind: 'submit', state, values: { title: 'Orders' } });
  });

  it('refuses, as tampered, a form replayed by another person, from another tenant, or with its state altered', () => {
    const meta = signer.sign('tenant-a', 'user-1', state);
    const tampered = { kind: 'unusable', problem: 'tampered' };
    expect(cardClick(invoke('tenant-a', 'user-2', { action: 'submit', form: 'framing', meta }), 'tenant-a', signer).intent).toEqual(tampered);
    expect(cardClick(invoke('tenant-b', 'user-1', { action: 'submit', form: 'framing', meta }), 'tenant-b', signer).intent).toEqual(tampered);
    expect(cardClick(invoke('tenant-a', 'user-1', { action: 'submit', form: 'framing', meta: `x${meta}` }), 'tenant-a', signer).intent).toEqual(tampered);
    expect(cardClick(invoke('tenant-a', 'user-1', { action: 'submit', form: 'join', meta }), 'tenant-a', signer).intent).toEqual(tampered);
    // Another deployment's key signs nothing this one accepts.
    const other = new StateSigner('another-password').sign('tenant-a', 'user-1', state);
    expect(cardClick(invoke('tenant-a', 'user-1', { action: 'submit', form: 'framing', meta: other }), 'tenant-a', signer).intent).toEqual(tampered);
  });

  it('keeps what it signed and verified, and a kept token still binds its person and tenant', () => {
    const kept = new StateSigner('a-test-password');
    const meta = kept.sign('tenant-a', 'user-1', state);
    // The same state signs to the same token (a ballot's buttons, drawn again at each click), as any signer with this key makes it.
    expect(kept.sign('tenant-a', 'user-1', { ...state })).toBe(meta);
    expect(signer.sign('tenant-a', 'user-1', state)).toBe(meta);
    expect(kept.sign('tenant-a', 'user-2', state)).not.toBe(meta);
    // Verified once, then again from memory: the same state, and still only for whom it was issued to.
    expect(kept.verify(meta, 'tenant-a', 'user-1')).toEqual(state);
    expect(kept.verify(meta, 'tenant-a', 'user-1')).toEqual(state);
    expect(kept.verify(meta, 'tenant-a', 'user-2')).toBeNull();
    expect(kept.verify(meta, 'tenant-b', 'user-1')).toBeNull();
    expect(kept.verify(`${meta}x`, 'tenant-a', 'user-1')).toBeNull();
    // What is answered is the caller's own copy: changing it changes nothing kept.
    const first = kept.verify(meta, 'tenant-a', 'user-1')!;
    first.workshopId = 'changed';
    expect(kept.verify(meta, 'tenant-a', 'user-1')).toEqual(state);
    // Past its bound the memory starts again, and every token still verifies.
    const many = Array.from({ length: 10_050 }, (_, i) => kept.sign('tenant-a', `user-${i}`, state));
    for (const [i, token] of many.entries()) if (i % 1000 === 0 || i > 10_000) expect(kept.verify(token, 'tenant-a', `user-${i}`)).toEqual(state);
    expect(kept.verify(meta, 'tenant-a', 'user-1')).toEqual(state);
  });

  it('reads a button as its action and packed value, and an unknown verb as unusable', () => {
    expect(cardClick(invoke('t', 'u', { action: 'vote', value: 'w1|s1' }, 'vote'), 't', signer)).toMatchObject({ from: 'message', intent: { kind: 'action', action: 'vote', value: 'w1|s1', form: null } });
    expect(cardClick(invoke('t', 'u', { action: 'dropTables' }, 'dropTables'), 't', signer).intent).toEqual({ kind: 'unusable', problem: 'unknownAction' });
  });
});
