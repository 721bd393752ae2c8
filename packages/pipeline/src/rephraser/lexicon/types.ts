/** Chinese term → English rendering for CLIP (lower case, no CJK). */
export type LexiconCategory = Readonly<Record<string, string>>;

export type LexiconCategoryName =
  | "festival"
  | "style"
  | "product"
  | "food"
  | "material"
  | "color"
  | "lighting"
  | "composition"
  | "season"
  | "place"
  | "mood"
  | "motif"
  | "defect";
