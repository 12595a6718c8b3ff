// Statements sent to PostgreSQL as named prepared statements: each pooled connection plans one the first
// times it runs it, then keeps a generic plan. Sent unnamed (node-postgres' default), a statement is planned
// again on every execution, and for the statements of a vote click planning cost more than running them
// (pg_stat_statements over 50 concurrent clicks: the ballot's read 1.4 ms planning for 1.0 ms running, the
// vote's facts 0.6 for 0.1; bench/README.md, "Teams"). Only for one statement per text, with parameters:
// a script of several statements cannot be prepared.
import { createHash } from 'node:crypto';
import type pg from 'pg';

const names = new Map<string, string>();
/** Texts are the code's own, a few dozen; the bound only keeps a mistake from growing it. */
const MAX_NAMES = 2000;

/** `text` with `values`, as a statement prepared once per connection under a name derived from the text. */
export function prepared(text: string, values: readonly unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (!name) {
    name = `parcours_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
    if (names.size < MAX_NAMES) names.set(text, name);
  }
  return { name, text, values: [...values] };
}
