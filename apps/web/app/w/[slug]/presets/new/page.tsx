import { NewPresetEditor } from "@/features/presets/preset-editor";

export default function NewPresetPage() {
  return <NewPresetEditor />;
}
