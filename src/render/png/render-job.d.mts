import type { ResvgJob } from './options.js';
export function renderJob(job: ResvgJob): Buffer;
