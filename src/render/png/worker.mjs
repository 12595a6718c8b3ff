// Worker thread of the PNG pool: receives { id, job }, answers { id, png } or { id, error }. The PNG's
// memory is transferred back, not copied.
import { parentPort } from 'node:worker_threads';
import { renderJob } from './render-job.mjs';

parentPort.on('message', ({ id, job }) => {
  try {
    const png = renderJob(job);
    const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength).slice();
    parentPort.postMessage({ id, png: bytes }, [bytes.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
