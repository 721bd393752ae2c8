import type { FormatName } from "@hyperposter/domain";
import type { ColorKey } from "./color-fields";
import type { FontChoices } from "./font-fields";
import type { LogoValue } from "./logo-field";
import type { StyleReferenceValue } from "./style-references-value";

/** A preset as the editor and the read-only view hold it. */
export interface PresetFormValue {
  name: string;
  colors: Record<ColorKey, string>;
  fonts: FontChoices;
  tone: string;
  keywords: string;
  negative: string;
  defaultFormats: FormatName[];
  logo: LogoValue | null;
  styleReferences: StyleReferenceValue[];
}
