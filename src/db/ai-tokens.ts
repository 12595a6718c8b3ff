// The AI token budget's ledger (src/llm/budget.ts) on Workshop.aiTokensUsed, for both databases. Every query
// is scoped to the workspace. Spending is one UPDATE … SET n = n + k, atomic on both databases, written in SQL
// so that it leaves `updatedAt` alone: a suggestion asked for is not a change of the workshop.
import type { TokenLedger } from '../llm/budget.js';
import type { Db } from './client.js';
import { retryingClient, withConflictRetry } from './retry.js';

const MAX_SPEND = 100_000_000;

export class AiTokens implements TokenLedger {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = retryingClient(db);
  }

  async used(workspaceId: string, workshopId: string): Promise<number> {
    const row = await this.db.workshop.findFirst({ where: { id: workshopId, workspaceId }, select: { aiTokensUsed: true } });
    return row?.aiTokensUsed ?? 0;
  }

  async spend(workspaceId: string, workshopId: string, tokens: number): Promise<void> {
    // Clamped so that a server reporting absurd usage cannot overflow the column (a 32-bit integer on
    // PostgreSQL): budgets stop at 10⁹ and spending stops once one is reached.
    const amount = Number.isFinite(tokens) ? Math.min(MAX_SPEND, Math.max(0, Math.ceil(tokens))) : 0;
    if (amount === 0) return;
    await withConflictRetry(() => this.db.$executeRaw`
      UPDATE "Workshop" SET "aiTokensUsed" = "aiTokensUsed" + ${amount}
      WHERE "id" = ${workshopId} AND "workspaceId" = ${workspaceId}`);
  }
}
