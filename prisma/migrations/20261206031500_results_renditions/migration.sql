-- Small WebP renditions of every asset, stored beside the full files (additive).
ALTER TYPE "FileRole" ADD VALUE 'PREVIEW';
ALTER TYPE "FileRole" ADD VALUE 'THUMBNAIL';
