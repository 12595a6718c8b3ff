// Reads of the same thing asked for at once, done as one. Fifty people clicking their ballots at once each ask
// for their own ballot of the same workshop: most of what a ballot shows (the workshop, its stages, channels,
// touchpoints, observations) is the same for all of them, and on PostgreSQL each read is also a round trip
// and a wait for a pooled connection (bench/README.md, "Teams").
//
// While a read of a key is under way, the reads asked for the same key wait for it to end and then go
// together in the next one. A read never joins one that had already started: whatever its caller wrote
// before asking (their vote) is in what it gets. With nothing under way, a read starts at the end of this turn
// of the event loop, so that the asks of the requests it handles go together: on SQLite, whose reads are
// synchronous and never "under way", that is the only way they meet; a lone click waits for nothing else.

interface Waiting<A, R> {
  arg: A;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export class ReadBatches<A, R> {
  private readonly waiting = new Map<string, Waiting<A, R>[]>();
  private readonly running = new Set<string>();

  /**
   * `read` answers each argument of a batch, in order, all from one read; `max` bounds a batch (the rest wait
   * for the next read).
   */
  constructor(private readonly read: (key: string, args: readonly A[]) => Promise<readonly R[]>, private readonly max = 100) {}

  get(key: string, arg: A): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) queue.push({ arg, resolve, reject });
      else this.waiting.set(key, [{ arg, resolve, reject }]);
      if (!this.running.has(key)) {
        this.running.add(key);
        setImmediate(() => void this.next(key));
      }
    });
  }

  /** Reads what waits for `key`, then again while more came meanwhile; the key is free once nothing waits. */
  private async next(key: string): Promise<void> {
    for (;;) {
      const queue = this.waiting.get(key);
      if (!queue?.length) {
        this.waiting.delete(key);
        this.running.delete(key);
        return;
      }
      const batch = queue.splice(0, this.max);
      try {
        const answers = await this.read(key, batch.map((w) => w.arg));
        if (answers.length !== batch.length) throw new Error(`a batched read answered ${answers.length} of ${batch.length} asks`);
        batch.forEach((w, i) => w.resolve(answers[i]!));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
  }
}
