// `npm run bench`: every benchmark suite in turn, each in its own Node process so one suite's warm JIT,
// open pools or worker threads cannot colour the next one's figures. Output is streamed as it comes; the
// exit code is non-zero if any suite failed. Suites not written yet are skipped with a note.
// `npm run bench -- footprint slack` runs only the suites named.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SUITES = ['engine', 'render', 'slack', 'teams', 'reminders', 'footprint'] as const;
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));

function runSuite(name: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: 'inherit',
    });
    child.on('error', (error) => { console.error(`bench/${name}.ts could not start: ${error.message}`); resolve(1); });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function main(only: string[] = []): Promise<number> {
  const unknown = only.filter((name) => !(SUITES as readonly string[]).includes(name));
  if (unknown.length) {
    console.error(`unknown suites: ${unknown.join(', ')} (known: ${SUITES.join(', ')})`);
    return 1;
  }
  const failed: string[] = [];
  for (const name of SUITES.filter((s) => only.length === 0 || only.includes(s))) {
    if (!existsSync(`${BENCH_DIR}${name}.ts`)) {
      console.log(`\n## ${name}: skipped (bench/${name}.ts does not exist yet)`);
      continue;
    }
    console.log(`\n## ${name}: node --import tsx bench/${name}.ts`);
    const started = performance.now();
    const code = await runSuite(name);
    console.log(`## ${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (code !== 0) failed.push(name);
  }
  if (failed.length) console.error(`\nfailed suites: ${failed.join(', ')}`);
  return failed.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
