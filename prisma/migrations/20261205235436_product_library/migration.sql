-- AlterEnum
ALTER TYPE "FileKind" ADD VALUE 'PRODUCT';

-- AlterTable
ALTER TABLE "Generation" ADD COLUMN     "productPhotoId" TEXT,
ADD COLUMN     "productReport" JSONB;

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdById" TEXT,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductPhoto" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "cutoutFileId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "backdrop" TEXT NOT NULL,
    "notes" TEXT[],
    "confirmedAt" TIMESTAMP(3),
    "confirmedById" TEXT,
    "removedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProductPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Product_workspaceId_archivedAt_updatedAt_idx" ON "Product"("workspaceId", "archivedAt", "updatedAt");

-- CreateIndex
CREATE INDEX "ProductPhoto_productId_removedAt_createdAt_idx" ON "ProductPhoto"("productId", "removedAt", "createdAt");

-- CreateIndex
CREATE INDEX "ProductPhoto_workspaceId_idx" ON "ProductPhoto"("workspaceId");

-- CreateIndex
CREATE INDEX "Generation_productPhotoId_idx" ON "Generation"("productPhotoId");

-- AddForeignKey
ALTER TABLE "Generation" ADD CONSTRAINT "Generation_productPhotoId_fkey" FOREIGN KEY ("productPhotoId") REFERENCES "ProductPhoto"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductPhoto" ADD CONSTRAINT "ProductPhoto_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductPhoto" ADD CONSTRAINT "ProductPhoto_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "StoredFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductPhoto" ADD CONSTRAINT "ProductPhoto_cutoutFileId_fkey" FOREIGN KEY ("cutoutFileId") REFERENCES "StoredFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
