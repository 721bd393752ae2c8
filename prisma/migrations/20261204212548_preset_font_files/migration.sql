-- AlterTable
ALTER TABLE "BrandPresetVersion" ADD COLUMN     "bodyFontFileId" TEXT,
ADD COLUMN     "headingFontFileId" TEXT;

-- AlterTable
ALTER TABLE "StoredFile" ADD COLUMN     "meta" JSONB;

-- AddForeignKey
ALTER TABLE "BrandPresetVersion" ADD CONSTRAINT "BrandPresetVersion_headingFontFileId_fkey" FOREIGN KEY ("headingFontFileId") REFERENCES "StoredFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrandPresetVersion" ADD CONSTRAINT "BrandPresetVersion_bodyFontFileId_fkey" FOREIGN KEY ("bodyFontFileId") REFERENCES "StoredFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;
