// The signed tokens both adapters give form state when it travels through a chat client.
import { describe, expect, it } from 'vitest';
import { SignedJson } from '../../src/conversation/signed-json.js';

describe('signed JSON', () => {
  const signer = new SignedJson('private_metadata', 'a deployment secret');

  it('gives back what it signed', () => {
    const value = { f: 'stage', w: 'wk_1', p: 2, s: null };
    expect(signer.open(signer.sign(value))).toEqual(value);
  });

  it('refuses a token whose body or signature was changed, or made with another secret or purpose', () => {
    const token = signer.sign({ u: 'U1' });
    const [body, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ u: 'U2' })).toString('base64url');
    expect(signer.open(`${forged}.${mac}`)).toBeNull();
    expect(signer.open(`${body}.${mac.slice(0, -2)}`)).toBeNull();
    expect(new SignedJson('private_metadata', 'another secret').open(token)).toBeNull();
    expect(new SignedJson('teams-card-state', 'a deployment secret').open(token)).toBeNull();
  });

  it('refuses what is not a well-formed token, without throwing', () => {
    for (const raw of [undefined, null, 42, '', 'no-dot', '.', 'x'.repeat(3001), { token: 'x' }]) expect(signer.open(raw)).toBeNull();
    // A valid signature over bytes that are not JSON.
    const notJson = Buffer.from('{not json').toString('base64url');
    const token = signer.sign(null);
    expect(signer.open(`${notJson}.${token.split('.')[1]}`)).toBeNull();
  });
});
