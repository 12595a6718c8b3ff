// ReadBatches: reads of one key asked for while one is under way go together in the next read, never in one
// that had started before they were asked; a lone read starts at once; a failure reaches its batch only.
import { describe, expect, it } from 'vitest';
import { ReadBatches } from '../../src/db/read-batches.js';

/** A read whose every call is recorded and held until released. */
function heldReads() {
  const calls: { key: string; args: readonly string[]; release(fail?: Error): void }[] = [];
  const batches = new ReadBatches<string, string>((key, args) => new Promise((resolve, reject) => {
    calls.push({ key, args, release: (fail) => (fail ? reject(fail) : resolve(args.map((a) => `${key}:${a}`))) });
  }), 3);
  return { batches, calls };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadBatches', () => {
  it('starts a lone read at once and answers it', async () => {
    const { batches, calls } = heldReads();
    const a = batches.get('w1', 'ann');
    await tick();
    expect(calls.map((c) => c.args)).toEqual([['ann']]);
    calls[0]!.release();
    expect(await a).toBe('w1:ann');
  });

  it('puts the asks of one tick together, and those made during a read in the next one, up to its bound', async () => {
    const { batches, calls } = heldReads();
    const first = [batches.get('w1', 'a'), batches.get('w1', 'b')];
    await tick();
    expect(calls.map((c) => c.args)).toEqual([['a', 'b']]);
    // Asked while the first read is under way: none joins it (what their callers wrote may not be in it).
    const later = ['c', 'd', 'e', 'f'].map((u) => batches.get('w1', u));
    await tick();
    expect(calls).toHaveLength(1);
    calls[0]!.release();
    expect(await Promise.all(first)).toEqual(['w1:a', 'w1:b']);
    await tick();
    expect(calls.map((c) => c.args)).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    calls[1]!.release();
    await tick();
    expect(calls.map((c) => c.args)).toEqual([['a', 'b'], ['c', 'd', 'e'], ['f']]);
    calls[2]!.release();
    expect(await Promise.all(later)).toEqual(['w1:c', 'w1:d', 'w1:e', 'w1:f']);
  });

  it('reads other keys independently', async () => {
    const { batches, calls } = heldReads();
    const one = batches.get('w1', 'a');
    const two = batches.get('w2', 'a');
    await tick();
    expect(calls.map((c) => [c.key, c.args])).toEqual([['w1', ['a']], ['w2', ['a']]]);
    calls[1]!.release();
    expect(await two).toBe('w2:a');
    calls[0]!.release();
    expect(await one).toBe('w1:a');
  });

  it('fails the asks of a failed read only, and reads on for those after', async () => {
    const { batches, calls } = heldReads();
    const failing = batches.get('w1', 'a');
    await tick();
    const after = batches.get('w1', 'b');
    calls[0]!.release(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await tick();
    calls[1]!.release();
    expect(await after).toBe('w1:b');
  });

  it('refuses an answer that does not answer every ask', async () => {
    const batches = new ReadBatches<string, string>(async () => ['only one']);
    const asks = [batches.get('w1', 'a'), batches.get('w1', 'b')];
    await expect(Promise.all(asks)).rejects.toThrow('answered 1 of 2');
  });
});
