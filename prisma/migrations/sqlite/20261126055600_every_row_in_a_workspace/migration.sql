-- Every row carries its workspace: the four tables that reached it only through a parent row get their own
-- column, filled from that parent (hand-edited from the generated diff, which could not fill existing rows).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StepDeadline" (
    "workspaceId" TEXT NOT NULL,
    "workshopId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,

    PRIMARY KEY ("workshopId", "step"),
    CONSTRAINT "StepDeadline_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StepDeadline_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_StepDeadline" ("workspaceId", "dueAt", "step", "workshopId") SELECT (SELECT w."workspaceId" FROM "Workshop" w WHERE w."id" = "StepDeadline"."workshopId"), "dueAt", "step", "workshopId" FROM "StepDeadline";
DROP TABLE "StepDeadline";
ALTER TABLE "new_StepDeadline" RENAME TO "StepDeadline";
CREATE TABLE "new_Persona" (
    "workshopId" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "segment" TEXT NOT NULL DEFAULT '',
    "context" TEXT NOT NULL DEFAULT '',
    "needs" TEXT NOT NULL DEFAULT '',
    "channelHabits" TEXT NOT NULL DEFAULT '',
    "expertise" TEXT NOT NULL DEFAULT '',
    "quote" TEXT NOT NULL DEFAULT '',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Persona_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Persona_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Persona" ("workspaceId", "channelHabits", "context", "expertise", "name", "needs", "quote", "segment", "updatedAt", "workshopId") SELECT (SELECT w."workspaceId" FROM "Workshop" w WHERE w."id" = "Persona"."workshopId"), "channelHabits", "context", "expertise", "name", "needs", "quote", "segment", "updatedAt", "workshopId" FROM "Persona";
DROP TABLE "Persona";
ALTER TABLE "new_Persona" RENAME TO "Persona";
CREATE TABLE "new_Goal" (
    "workshopId" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Goal_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Goal_workshopId_fkey" FOREIGN KEY ("workshopId") REFERENCES "Workshop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Goal" ("workspaceId", "text", "updatedAt", "workshopId") SELECT (SELECT w."workspaceId" FROM "Workshop" w WHERE w."id" = "Goal"."workshopId"), "text", "updatedAt", "workshopId" FROM "Goal";
DROP TABLE "Goal";
ALTER TABLE "new_Goal" RENAME TO "Goal";
CREATE TABLE "new_SolutionObservation" (
    "workspaceId" TEXT NOT NULL,
    "solutionId" TEXT NOT NULL,
    "observationId" TEXT NOT NULL,

    PRIMARY KEY ("solutionId", "observationId"),
    CONSTRAINT "SolutionObservation_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SolutionObservation_solutionId_fkey" FOREIGN KEY ("solutionId") REFERENCES "Solution" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SolutionObservation_observationId_fkey" FOREIGN KEY ("observationId") REFERENCES "Observation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SolutionObservation" ("workspaceId", "observationId", "solutionId") SELECT (SELECT s."workspaceId" FROM "Solution" s WHERE s."id" = "SolutionObservation"."solutionId"), "observationId", "solutionId" FROM "SolutionObservation";
DROP TABLE "SolutionObservation";
ALTER TABLE "new_SolutionObservation" RENAME TO "SolutionObservation";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
