// Bolt runs a listener on after its acknowledgement (a click is acked first, then answered). This counts
// that work in flight, so that shutdown and tests can wait for it.
export class InFlight {
  private readonly tasks = new Set<Promise<void>>();

  async track<T>(work: Promise<T>): Promise<T> {
    const task = work.then(() => undefined, () => undefined);
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
    return work;
  }

  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }
}
