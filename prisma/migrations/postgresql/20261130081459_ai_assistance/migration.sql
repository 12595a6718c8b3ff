-- AlterTable
ALTER TABLE "Workshop" ADD COLUMN     "aiTokensUsed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "narrative" TEXT,
ADD COLUMN     "narrativeAt" TIMESTAMP(3);
