// The two lookups only operator tools (the CLI) make across workspaces, which both stores implement beside
// the engine's port. Apart from operator-store.ts so that the stores need not import the file that picks them.
export interface WorkshopListing {
  id: string;
  title: string;
  step: string;
  status: string;
  platform: string;
  externalId: string;
}

export interface OperatorStore {
  /** Which workspace holds a workshop. Everything after reads scoped to it. */
  workspaceOfWorkshop(workshopId: string): Promise<string | null>;
  /** Every workshop with its workspace, newest first. */
  allWorkshops(): Promise<WorkshopListing[]>;
}
