-- "More variations" continues a series: where its first variant counts from (additive, 0 for every existing row).
ALTER TABLE "Generation" ADD COLUMN "variantOffset" INTEGER NOT NULL DEFAULT 0;
-- "Same seed again" with unchanged inputs copies the files of this generation instead of charging.
ALTER TABLE "Generation" ADD COLUMN "sameAsId" TEXT;
