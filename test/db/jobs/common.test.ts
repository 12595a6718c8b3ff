// The job queues' Debounce (src/db/jobs/common.ts): a burst of commits wakes the workers once, when it has
// been quiet for a while or at the latest some time after it began; a lone commit wakes them soon.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Debounce } from '../../../src/db/jobs/common.js';

describe('Debounce', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('fires once, quietMs after a lone touch', () => {
    let fired = 0;
    const d = new Debounce(() => { fired += 1; }, 50, 250);
    d.touch();
    vi.advanceTimersByTime(49);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(fired).toBe(1);
  });

  it('waits out a burst while it lasts, and fires once it is quiet', () => {
    let fired = 0;
    const d = new Debounce(() => { fired += 1; }, 50, 250);
    for (let i = 0; i < 5; i += 1) {
      d.touch();
      vi.advanceTimersByTime(30);
    }
    expect(fired).toBe(0); // 150 ms in, the last touch 30 ms ago
    vi.advanceTimersByTime(19);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
  });

  it('fires atMostMs after the first touch of a burst that goes on, then starts a new burst', () => {
    const at: number[] = [];
    const start = Date.now();
    const d = new Debounce(() => { at.push(Date.now() - start); }, 50, 250);
    for (let t = 0; t < 600; t += 10) {
      d.touch();
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(100);
    expect(at).toEqual([250, 500, 640]); // touches every 10 ms until 590: at most 250 ms, twice, then quiet 50 ms after the last
  });

  it('fires nothing once cancelled', () => {
    let fired = 0;
    const d = new Debounce(() => { fired += 1; }, 50, 250);
    d.touch();
    d.cancel();
    vi.advanceTimersByTime(1_000);
    expect(fired).toBe(0);
  });
});
