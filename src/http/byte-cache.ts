// A least-recently-used cache bounded by bytes, with one load per key at a time. The files of signed links
// (files.ts) are rendered on first request and kept here: a map takes a second or more to draw, and Teams
// fetches a card's image again every time the message is shown. Written here (a Map keeps insertion order,
// which is all an LRU needs) because no LRU among our dependencies bounds entries by their size, and maps
// vary from tens of kilobytes to megabytes.

export class ByteCache<T> {
  private readonly entries = new Map<string, T>();
  private readonly loading = new Map<string, Promise<T>>();
  private total = 0;

  constructor(private readonly maxBytes: number, private readonly sizeOf: (value: T) => number) {}

  get bytes(): number {
    return this.total;
  }

  /**
   * The value under `key`, loaded once: a request that comes while another loads them waits for that load.
   * A failed load is not kept, so the next request tries again.
   */
  async get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      // Moved to the end: the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = this.loading.get(key);
    if (pending) return pending;
    const started = load().then((value) => {
      this.put(key, value);
      return value;
    }).finally(() => this.loading.delete(key));
    this.loading.set(key, started);
    return started;
  }

  private put(key: string, value: T): void {
    const size = this.sizeOf(value);
    // Larger than the whole cache: served, not kept (it would only push everything else out).
    if (size > this.maxBytes) return;
    this.entries.set(key, value);
    this.total += size;
    for (const [oldest, kept] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= this.sizeOf(kept);
    }
  }
}
