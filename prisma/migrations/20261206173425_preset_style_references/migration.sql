-- AlterEnum
ALTER TYPE "FileKind" ADD VALUE 'STYLE_REFERENCE';

-- CreateTable
CREATE TABLE "PresetStyleReference" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "fileId" TEXT NOT NULL,
    "strength" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "PresetStyleReference_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PresetStyleReference_fileId_idx" ON "PresetStyleReference"("fileId");

-- CreateIndex
CREATE UNIQUE INDEX "PresetStyleReference_versionId_position_key" ON "PresetStyleReference"("versionId", "position");

-- AddForeignKey
ALTER TABLE "PresetStyleReference" ADD CONSTRAINT "PresetStyleReference_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "BrandPresetVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PresetStyleReference" ADD CONSTRAINT "PresetStyleReference_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "StoredFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
