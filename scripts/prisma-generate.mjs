#!/usr/bin/env node
// Derives the PostgreSQL schema from the one source of truth (prisma/schema.prisma, SQLite) and generates
// both Prisma clients. Runs offline: `prisma generate` only needs PRISMA_SCHEMA_ENGINE_BINARY to name an
// existing file, because generation itself runs in WebAssembly.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const base = join(root, 'prisma', 'schema.prisma');
const derived = join(root, 'prisma', 'postgresql', 'schema.prisma');

export function derivePostgresSchema(text) {
  const out = text
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../src/db/generated/sqlite"', 'output       = "../../src/db/generated/postgresql"');
  if (out === text || !out.includes('"postgresql"') || !out.includes('generated/postgresql')) {
    throw new Error('prisma/schema.prisma no longer has the provider/output lines this script rewrites');
  }
  return `// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs — edit that file, not this one.\n${out}`;
}

function main() {
  mkdirSync(dirname(derived), { recursive: true });
  writeFileSync(derived, derivePostgresSchema(readFileSync(base, 'utf8')));
  const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
  for (const schema of [base, derived]) {
    execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schema], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
