// Child process of bench/footprint-modules.ts: imports the modules named on the command line (file paths
// relative to the working directory, or package names), lets the process settle, collects garbage and prints
// its memory as one JSON line. Plain JavaScript so it can run with or without the tsx loader.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const specifiers = process.argv.slice(2);
const started = performance.now();
for (const specifier of specifiers) {
  const target = /^[./]/.test(specifier) ? pathToFileURL(specifier).href : specifier;
  await import(target);
}
const importMs = performance.now() - started;
await sleep(Number(process.env.SETTLE_MS ?? 500));
globalThis.gc?.();
await sleep(50);
globalThis.gc?.();
const kb = (field) => Number(/(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(field)) ?? '')?.[1] ?? NaN);
const m = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ rssKb: kb('VmRSS:'), hwmKb: kb('VmHWM:'), heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, importMs })}\n`);
process.exit(0);
