// Fails the whole run at once, with one clear message, when PostgreSQL is down — rather than every
// PostgreSQL suite failing on its own. PARCOURS_SKIP_POSTGRES=1 skips those suites knowingly.
import { assertPostgresReachable, SKIP_POSTGRES } from './helpers/database.js';

export default async function setup(): Promise<void> {
  if (!SKIP_POSTGRES) await assertPostgresReachable();
}
