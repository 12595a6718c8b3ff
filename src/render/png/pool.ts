// A small pool of worker threads for resvg: a dense map takes ~200 ms of CPU to rasterise, which must not
// block the event loop of a bot answering Slack within 3 s. Workers start on first use; they are
// unref'd while idle so a forgotten pool never keeps a process alive, and closeRenderPool() ends them.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ResvgJob } from './options.js';

interface Pending { resolve: (b: Buffer) => void; reject: (e: Error) => void }
interface Slot { worker: Worker; busy: number }

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

export class RenderPool {
  private slots: Slot[] = [];
  private queue: { id: number; job: ResvgJob }[] = [];
  private pending = new Map<number, Pending & { slot?: Slot }>();
  private nextId = 1;

  constructor(readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  render(job: ResvgJob): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, job });
      this.pump();
    });
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL);
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (m: { id: number; png?: Uint8Array; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      slot.busy--;
      if (slot.busy === 0) worker.unref();
      if (p) {
        if (m.png) p.resolve(Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength));
        else p.reject(new Error(`resvg: ${m.error}`));
      }
      this.pump();
    });
    worker.on('error', (e) => this.fail(slot, e));
    worker.on('exit', (code) => { if (this.slots.includes(slot)) this.fail(slot, new Error(`render worker exited with code ${code}`)); });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** A crashed worker fails its jobs and is replaced on next use. */
  private fail(slot: Slot, error: Error): void {
    this.slots = this.slots.filter((s) => s !== slot);
    for (const [id, p] of this.pending) if (p.slot === slot) { this.pending.delete(id); p.reject(error); }
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.busy === 0);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.shift()!;
      const p = this.pending.get(next.id);
      if (p) p.slot = slot;
      slot.busy++;
      slot.worker.ref();
      slot.worker.postMessage(next);
    }
  }

  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    for (const p of this.pending.values()) p.reject(new Error('render pool closed'));
    this.pending.clear();
    this.queue = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
