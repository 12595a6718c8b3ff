// Pieces of the PostgreSQL reads that fetch a workshop's rows in ONE statement, each list aggregated as JSON
// (ballot-reader-postgres.ts, workshop-reader-postgres.ts): one statement reads one snapshot, as consistent as
// a transaction, in one round trip instead of one per table.

export type Json = Record<string, unknown>;

/** A JSON array of `what` (each row `x` whole by default) from `from`, in `order`; [] when there is none. */
export const list = (from: string, order: string, what = 'x') => `(SELECT coalesce(json_agg(${what} ORDER BY ${order}), '[]'::json) FROM ${from})`;

/** The rows `x` of a table that belong to the workshop `w` read by the statement, and to its workspace. */
export const of = (table: string, more = '') => `"${table}" x WHERE x."workshopId" = w."id" AND x."workspaceId" = w."workspaceId"${more}`;

const DATES = ['createdAt', 'updatedAt', 'closedAt', 'narrativeAt', 'joinedAt', 'revealedAt', 'lastNudgeAt', 'timerEndsAt', 'dueAt'];

/**
 * JSON gives a `timestamp(3)` (stored in UTC, without a zone, as Prisma writes it) as text without its zone: the
 * Date Prisma's client would have read.
 */
export function dated<T>(row: Json): T {
  const out: Json = { ...row };
  for (const key of DATES) if (typeof out[key] === 'string') out[key] = new Date(`${out[key] as string}Z`);
  return out as T;
}
