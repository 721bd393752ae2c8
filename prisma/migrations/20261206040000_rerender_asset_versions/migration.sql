-- AlterTable
ALTER TABLE "GenerationOutput" ADD COLUMN     "currentVersion" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "OutputVersion" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "outputId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "copy" JSONB NOT NULL,
    "template" TEXT NOT NULL,
    "layout" JSONB NOT NULL,
    "quality" JSONB NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "files" JSONB NOT NULL,
    "createdById" TEXT,
    "renderMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutputVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OutputVersion_workspaceId_idx" ON "OutputVersion"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "OutputVersion_outputId_version_key" ON "OutputVersion"("outputId", "version");

-- AddForeignKey
ALTER TABLE "OutputVersion" ADD CONSTRAINT "OutputVersion_outputId_fkey" FOREIGN KEY ("outputId") REFERENCES "GenerationOutput"("id") ON DELETE CASCADE ON UPDATE CASCADE;
