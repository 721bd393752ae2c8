-- Seeds are unsigned 32-bit (0…4294967295): widen the column; every existing value fits.
ALTER TABLE "Generation" ALTER COLUMN "seed" SET DATA TYPE BIGINT;
