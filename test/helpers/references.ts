// Which rows of a database name something: every table of the database — read from the database's own
// catalogue, never from a list kept here, so a table added later is searched too — and, in each, the rows
// with a column that holds one of the given ids or contains it (a foreign key, a JSON result, a job's data).
// Used to prove that deleting a workshop or purging a workspace leaves no row of it behind.
//   SQLite: every table of sqlite_master (the job queue's "EmbeddedJob" included).
//   PostgreSQL: every table of the application's schema and of the job queue's schema beside it (pg-boss's
//   job, archive…); a partition is searched through its partitioned table (its rows are that table's rows).
import type Database from 'better-sqlite3';
import { quoteIdent, type OpenDatabase } from '../../src/db/client.js';
import { jobSchemaName } from '../../src/db/jobs/index.js';

/** Rows per table (`schema.table` on PostgreSQL, `table` on SQLite) that name one of the needles; every table is listed, 0 included. */
export type RowCounts = Record<string, number>;

interface Table {
  /** How the counts name it. */
  name: string;
  /** Quoted, ready for SQL. */
  sql: string;
  columns: string[];
}

export async function tablesOf(db: Pick<OpenDatabase, 'raw' | 'target'>): Promise<Table[]> {
  if (db.raw.provider === 'sqlite') {
    const conn = db.raw.connection();
    const names = conn.prepare(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY "name"`).all() as { name: string }[];
    return names.map(({ name }) => ({
      name, sql: quoteIdent(name),
      columns: (conn.prepare('SELECT "name" FROM pragma_table_info(?)').all(name) as { name: string }[]).map((c) => c.name),
    }));
  }
  if (db.target.provider !== 'postgresql') throw new Error('expected PostgreSQL');
  const schema = db.target.schema ?? 'public';
  const { rows } = await db.raw.pool.query<{ schema: string; table: string; columns: string[] }>(
    `SELECT c.table_schema AS schema, c.table_name AS table, array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       JOIN pg_namespace n ON n.nspname = c.table_schema
       JOIN pg_class k ON k.relnamespace = n.oid AND k.relname = c.table_name
      WHERE c.table_schema = ANY($1::text[]) AND t.table_type = 'BASE TABLE' AND NOT k.relispartition
      GROUP BY c.table_schema, c.table_name
      ORDER BY 1, 2`,
    [[schema, jobSchemaName(db.target.schema)]],
  );
  return rows.map((r) => ({ name: `${r.schema}.${r.table}`, sql: `${quoteIdent(r.schema)}.${quoteIdent(r.table)}`, columns: r.columns }));
}

/**
 * For every table, the rows that hold one of `needles` in any column, whole or inside its text (ids are
 * cuids and UUIDs: one never appears by chance inside another value).
 */
export async function rowsNaming(db: Pick<OpenDatabase, 'raw' | 'target'>, needles: readonly string[]): Promise<RowCounts> {
  if (needles.length === 0) throw new Error('nothing to look for');
  const counts: RowCounts = {};
  for (const table of await tablesOf(db)) {
    if (db.raw.provider === 'sqlite') {
      const conn: Database.Database = db.raw.connection();
      const where = table.columns.map((c) => `EXISTS (SELECT 1 FROM json_each(@needles) n WHERE instr(CAST(${quoteIdent(c)} AS TEXT), n.value) > 0)`).join(' OR ');
      counts[table.name] = (conn.prepare(`SELECT COUNT(*) AS n FROM ${table.sql} WHERE ${where}`).get({ needles: JSON.stringify(needles) }) as { n: number }).n;
    } else {
      const where = table.columns.map((c) => `EXISTS (SELECT 1 FROM unnest($1::text[]) n(v) WHERE strpos(${quoteIdent(c)}::text, n.v) > 0)`).join(' OR ');
      const { rows } = await db.raw.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table.sql} WHERE ${where}`, [needles]);
      counts[table.name] = rows[0]!.n;
    }
  }
  return counts;
}

/** Only the tables where some row names a needle. */
export function nonZero(counts: RowCounts): RowCounts {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/** The ids of every row that belongs to a workshop: the workshop's and those of the rows with its workshopId. */
export async function idsOfWorkshop(db: Pick<OpenDatabase, 'raw' | 'target'>, workshopId: string): Promise<string[]> {
  const ids = new Set<string>([workshopId]);
  for (const table of await tablesOf(db)) {
    if (!table.columns.includes('id') || !table.columns.includes('workshopId')) continue;
    if (db.raw.provider === 'sqlite') {
      for (const r of db.raw.connection().prepare(`SELECT "id" FROM ${table.sql} WHERE "workshopId" = ?`).all(workshopId) as { id: string }[]) ids.add(r.id);
    } else {
      for (const r of (await db.raw.pool.query<{ id: string }>(`SELECT "id" FROM ${table.sql} WHERE "workshopId" = $1`, [workshopId])).rows) ids.add(r.id);
    }
  }
  return [...ids];
}
