// Running SQL on the embedded SQLite file straight through better-sqlite3, and reading its rows the way
// Prisma writes them: the tables, columns and formats are Prisma's (src/db/rows.ts maps Prisma's rows),
// so rows written here and rows written by the Prisma client are interchangeable.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type * as P from './generated/sqlite/client.js';

export type SqlValue = string | number | bigint | Buffer | null;
export type SqlRow = Record<string, unknown>;

/** Prisma's SQLite DateTime text: ISO 8601 with an explicit offset ("2026-11-26T05:19:54.159+00:00"). */
export function sqliteTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace('Z', '+00:00');
}

/** Booleans are 0/1 and dates are Prisma's text; better-sqlite3 binds nothing else. */
export function sqlValue(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return sqliteTimestamp(value);
  return value as SqlValue;
}

/** New primary keys. Prisma's own default is a cuid; any unique text works, and UUIDs need no package. */
export function newId(): string {
  return randomUUID();
}

/**
 * Prepared statements, cached by their text: preparing is most of a small statement's cost on this driver
 * (bench/README.md). The connection is opened on first use.
 */
export class SqliteStatements {
  private readonly cache = new Map<string, Database.Statement>();
  private db: Database.Database | undefined;

  constructor(private readonly connect: () => Database.Database) {}

  get connection(): Database.Database {
    return (this.db ??= this.connect());
  }

  private statement(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) this.cache.set(sql, (statement = this.connection.prepare(sql)));
    return statement;
  }

  all<R = SqlRow>(sql: string, ...params: unknown[]): R[] {
    return this.statement(sql).all(...params.map(sqlValue)) as R[];
  }

  get<R = SqlRow>(sql: string, ...params: unknown[]): R | undefined {
    return this.statement(sql).get(...params.map(sqlValue)) as R | undefined;
  }

  /** Returns how many rows changed. */
  run(sql: string, ...params: unknown[]): number {
    return this.statement(sql).run(...params.map(sqlValue)).changes;
  }
}

// Raw rows → the shapes of Prisma's generated row types, so that the mappers of rows.ts serve both stores.
// Only booleans and dates differ; every other column reads the same.

const date = (value: unknown): Date => new Date(value as string);
const optionalDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));

export function workshopRow(r: SqlRow): P.Workshop {
  return {
    ...(r as unknown as P.Workshop), anonymous: r.anonymous === 1, votesLive: r.votesLive === 1, createdAt: date(r.createdAt), updatedAt: date(r.updatedAt), closedAt: optionalDate(r.closedAt),
    remindAnyTime: r.remindAnyTime === 1, autoAdvance: r.autoAdvance === 1, narrativeAt: optionalDate(r.narrativeAt),
  };
}

export function stepStateRow(r: SqlRow): Pick<P.StepState, 'step' | 'lastNudgeAt' | 'timerEndsAt' | 'timerLeftMs' | 'timerEnded'> {
  return {
    step: String(r.step), lastNudgeAt: optionalDate(r.lastNudgeAt), timerEndsAt: optionalDate(r.timerEndsAt),
    timerLeftMs: r.timerLeftMs === null || r.timerLeftMs === undefined ? null : Number(r.timerLeftMs), timerEnded: r.timerEnded === 1,
  };
}

export function voteRevealRow(r: SqlRow): Pick<P.VoteReveal, 'step' | 'revealedAt'> {
  return { step: String(r.step), revealedAt: date(r.revealedAt) };
}

export function observationRow(r: SqlRow): P.Observation {
  return { ...(r as unknown as P.Observation), momentOfTruth: r.momentOfTruth === 1, createdAt: date(r.createdAt) };
}

export function solutionRow(r: SqlRow): P.Solution {
  return { ...(r as unknown as P.Solution), createdAt: date(r.createdAt) };
}

export function deadlineRow(r: SqlRow): { step: string; dueAt: Date } {
  return { step: r.step as string, dueAt: date(r.dueAt) };
}

/** Rows whose columns are all text and numbers read as they are. */
export function plainRow<T>(r: SqlRow): T {
  return r as T;
}
