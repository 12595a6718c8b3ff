// SVG → PNG with resvg and the bundled fonts. renderPng goes through the worker pool (off the event
// loop); renderPngSync renders on the calling thread (scripts, benchmarks).
import type { PngOptions } from './options.js';
import { job } from './options.js';
import { RenderPool } from './pool.js';
import { renderJob } from './render-job.mjs';

export type { PngOptions, PngSize } from './options.js';
export { targetWidth } from './options.js';

let pool: RenderPool | undefined;

export function renderPng(svg: string, options: PngOptions = {}): Promise<Buffer> {
  pool ??= new RenderPool();
  return pool.render(job(svg, options));
}

export function renderPngSync(svg: string, options: PngOptions = {}): Buffer {
  return renderJob(job(svg, options));
}

/** Ends the worker threads; the next renderPng starts a fresh pool. */
export async function closeRenderPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.close();
}
