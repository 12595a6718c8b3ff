// The cache behind signed files: bounded by bytes, least recently used out first, one load per key at a time.
import { describe, expect, it } from 'vitest';
import { ByteCache } from '../../src/http/byte-cache.js';

const bytes = (n: number) => Buffer.alloc(n);
const cache = (max: number) => new ByteCache<Buffer>(max, (b) => b.length);

describe('ByteCache', () => {
  it('loads once for requests that come together, and keeps the result', async () => {
    const c = cache(100);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const load = async () => { loads++; await gate; return bytes(10); };
    const first = c.get('a', load);
    const second = c.get('a', load);
    release();
    const [x, y] = await Promise.all([first, second]);
    expect(x).toBe(y);
    expect(loads).toBe(1);
    expect(await c.get('a', load)).toBe(x);
    expect(loads).toBe(1);
    expect(c.bytes).toBe(10);
  });

  it('drops the least recently used entries beyond its size, and keeps nothing larger than itself', async () => {
    const c = cache(30);
    await c.get('a', async () => bytes(10));
    await c.get('b', async () => bytes(10));
    await c.get('c', async () => bytes(10));
    await c.get('a', async () => bytes(99)); // a hit: 'a' becomes the most recent
    await c.get('d', async () => bytes(10)); // pushes out 'b', the oldest
    expect(c.bytes).toBe(30);
    let reloaded = 0;
    await c.get('b', async () => { reloaded++; return bytes(10); });
    await c.get('a', async () => { reloaded++; return bytes(10); });
    expect(reloaded).toBe(1);
    expect((await c.get('huge', async () => bytes(31))).length).toBe(31);
    expect(c.bytes).toBeLessThanOrEqual(30);
  });

  it('keeps no failed load: the next request tries again', async () => {
    const c = cache(100);
    await expect(c.get('a', async () => { throw new Error('render failed'); })).rejects.toThrow('render failed');
    expect(await c.get('a', async () => bytes(5))).toHaveLength(5);
  });
});
