// `npm run db:diff -- <name>`: writes the migration that takes the committed schema snapshot to the current
// prisma/schema.prisma, for SQLite and PostgreSQL alike (see src/db/migrations.ts for the folder layout).
import { relative } from 'node:path';
import { createMigration } from '../src/db/migrations.js';

const name = process.argv[2];
if (!name || name.startsWith('-')) {
  console.error('usage: npm run db:diff -- <migration_name>');
  process.exit(2);
}

const results = await createMigration(name);
for (const { provider, directory } of results) {
  console.log(directory ? `${provider}: wrote ${relative(process.cwd(), directory)}/migration.sql` : `${provider}: no model change, nothing written`);
}
