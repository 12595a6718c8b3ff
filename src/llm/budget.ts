// The per-workshop token budget's port (PARCOURS_AI_TOKEN_BUDGET): what a workshop's suggestions have cost so
// far, from the `usage` each answer reports. src/db/ai-tokens.ts keeps it in Workshop.aiTokensUsed.

export interface TokenLedger {
  /** Tokens spent on the workshop so far (0 for a workshop the workspace does not have). */
  used(workspaceId: string, workshopId: string): Promise<number>;
  /** Adds `tokens` in one atomic increment: concurrent suggestions never lose each other's spending. */
  spend(workspaceId: string, workshopId: string, tokens: number): Promise<void>;
}
