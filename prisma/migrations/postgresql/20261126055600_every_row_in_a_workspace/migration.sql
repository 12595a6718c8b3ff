-- Every row carries its workspace: the four tables that reached it only through a parent row get their own
-- column, filled from that parent (hand-edited from the generated diff, which could not fill existing rows).

-- AlterTable
ALTER TABLE "StepDeadline" ADD COLUMN     "workspaceId" TEXT;
UPDATE "StepDeadline" SET "workspaceId" = p."workspaceId" FROM "Workshop" p WHERE p."id" = "StepDeadline"."workshopId";
ALTER TABLE "StepDeadline" ALTER COLUMN "workspaceId" SET NOT NULL;

-- AlterTable
ALTER TABLE "Persona" ADD COLUMN     "workspaceId" TEXT;
UPDATE "Persona" SET "workspaceId" = p."workspaceId" FROM "Workshop" p WHERE p."id" = "Persona"."workshopId";
ALTER TABLE "Persona" ALTER COLUMN "workspaceId" SET NOT NULL;

-- AlterTable
ALTER TABLE "Goal" ADD COLUMN     "workspaceId" TEXT;
UPDATE "Goal" SET "workspaceId" = p."workspaceId" FROM "Workshop" p WHERE p."id" = "Goal"."workshopId";
ALTER TABLE "Goal" ALTER COLUMN "workspaceId" SET NOT NULL;

-- AlterTable
ALTER TABLE "SolutionObservation" ADD COLUMN     "workspaceId" TEXT;
UPDATE "SolutionObservation" SET "workspaceId" = p."workspaceId" FROM "Solution" p WHERE p."id" = "SolutionObservation"."solutionId";
ALTER TABLE "SolutionObservation" ALTER COLUMN "workspaceId" SET NOT NULL;

-- AddForeignKey
ALTER TABLE "StepDeadline" ADD CONSTRAINT "StepDeadline_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Persona" ADD CONSTRAINT "Persona_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Goal" ADD CONSTRAINT "Goal_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SolutionObservation" ADD CONSTRAINT "SolutionObservation_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
