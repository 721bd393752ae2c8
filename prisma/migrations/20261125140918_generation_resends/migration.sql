-- AlterTable
ALTER TABLE "Generation" ADD COLUMN     "resends" INTEGER NOT NULL DEFAULT 0;
