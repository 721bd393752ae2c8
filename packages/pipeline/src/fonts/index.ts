export {
  FONT_CATALOG,
  type CatalogFamily,
  ensureRegistered,
  ensureEmoji,
  slicesOf,
} from "./catalog";
export { resolveFamily, fontStack, cssFont, type FontStack, type ResolvedFamily } from "./resolve";
