#!/usr/bin/env node
// The `parcours` command. Parcours runs its TypeScript sources directly through tsx (no build step),
// registered here from the package's own node_modules so it works from any working directory.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
