// Dependencies point inward, checked by dependency-cruiser with the repository's own configuration
// (.dependency-cruiser.cjs, which says why each rule exists; `npm run lint:layers` prints the same report).
// The second test cruises a miniature of src/ with planted violations, so a rule that silently stopped
// matching (a renamed folder, a resolution that broke) fails here instead of passing everything.
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const configFile = join(root, '.dependency-cruiser.cjs');
const tsConfigFile = join(root, 'tsconfig.json');
const planted = join(import.meta.dirname, 'fixtures', 'planted');

/** Cruises `<baseDir>/src` with the repository's configuration, as `npm run lint:layers` does. */
async function cruiseSrc(baseDir: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(configFile);
  const { output } = await cruise(
    ['src'],
    { ...options, baseDir, tsConfig: { fileName: tsConfigFile }, outputType: 'json' },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  return typeof output === 'string' ? (JSON.parse(output) as ICruiseResult) : output;
}

/** A package by its name (not the file its types resolved to), a built-in as `node:x`, our files as they are. */
function shortName(resolved: string, result: ICruiseResult): string {
  const inPackage = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(resolved);
  if (inPackage) return inPackage[1]!;
  const isCore = result.modules.some((m) => m.source === resolved && m.coreModule);
  return isCore ? `node:${resolved.replace(/^node:/, '')}` : resolved;
}

/** `from → to (rule)`; a cycle as its whole path. */
function describeViolation(v: IViolation, result: ICruiseResult): string {
  const path = v.cycle?.length ? [v.from, ...v.cycle.map((step) => step.name)] : [v.from, v.to];
  return `${path.map((p) => shortName(p, result)).join(' → ')} (${v.rule.name})`;
}

function violations(result: ICruiseResult, severity: 'error' | 'warn'): string[] {
  return result.summary.violations
    .filter((v) => v.rule.severity === severity)
    .map((v) => describeViolation(v, result))
    .sort();
}

describe('layers (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  it('src breaks no layer rule', { timeout: 120_000 }, async () => {
    const result = await cruiseSrc(root);

    // The cruise saw the layers it checks (a wrong baseDir or extension list would pass vacuously).
    for (const layer of ['core', 'db', 'present', 'render', 'slack']) {
      expect(result.modules.filter((m) => m.source.startsWith(`src/${layer}/`)).length, `modules in src/${layer}`)
        .toBeGreaterThan(0);
    }

    const warnings = violations(result, 'warn');
    if (warnings.length > 0) console.warn(`Layer warnings (not failures):\n  ${warnings.join('\n  ')}`);

    const errors = violations(result, 'error');
    expect(errors, `Layer violations (rules and their reasons: .dependency-cruiser.cjs):\n  ${errors.join('\n  ')}\n`)
      .toEqual([]);
  });

  it('fails on planted violations, each rule on its own plant, and on nothing else', { timeout: 120_000 }, async () => {
    const result = await cruiseSrc(planted);

    expect(violations(result, 'error')).toEqual([
      'src/core/bad.ts → @slack/bolt (core-imports-only-core-and-zod)',
      'src/core/bad.ts → node:fs (core-imports-only-core-and-zod)',
      'src/core/bad.ts → src/db/client.ts (core-imports-only-core-and-zod)',
      'src/db/client.ts → src/render/summary.ts (db-imports-no-platform-or-presentation)',
      'src/demo/run.ts → src/db/client.ts (only-entry-points-wire-outer-layers)',
      'src/present/view.ts → pg (neutral-layers-import-no-platform-database-or-server)',
      'src/present/view.ts → src/db/client.ts (neutral-layers-import-no-platform-database-or-server)',
      'src/server.ts → ./nowhere.js (not-to-unresolvable)',
      'src/server.ts → src/teams/bot.ts → src/server.ts (no-circular)',
      'src/slack/app.ts → src/db/client.ts (adapters-import-no-database)',
      'src/slack/app.ts → src/teams/bot.ts (adapters-import-not-each-other)',
      'src/conversation/port.ts → src/slack/app.ts (neutral-layers-import-no-platform-database-or-server)',
      'src/teams/bot.ts → src/server.ts (entry-points-are-not-imported)',
      'src/teams/cards.ts → botbuilder (only-the-teams-sdk-file-imports-the-bot-framework)',
      'src/server.ts → src/slack/app.ts → src/teams/bot.ts → src/server.ts (no-circular)',
    ].sort());
    // A cycle through a type-only import is a warning; server ↔ teams above is a run-time cycle, an error.
    expect(violations(result, 'warn')).toEqual([
      'src/conversation/port.ts → src/slack/app.ts → src/conversation/port.ts (no-circular-through-types)',
    ]);
  });
});
