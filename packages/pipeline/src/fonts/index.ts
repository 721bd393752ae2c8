export {
  FONT_CATALOG,
  type CatalogFamily,
  ensureRegistered,
  ensureEmoji,
  slicesOf,
} from "./catalog";
export {
  resolveFamily,
  fontStack,
  cssFont,
  textRuns,
  hasEmoji,
  emojiFont,
  type FontStack,
  type ResolvedFamily,
  type TextRun,
} from "./resolve";
export { type DrawFamily, type UploadedFamily, isUploaded, uploadedFamily } from "./uploaded";
export {
  type DescribedFont,
  type FontFileProblem,
  FontFileError,
  describeFontFile,
  fontMime,
  sniffFontFormat,
} from "./describe";
