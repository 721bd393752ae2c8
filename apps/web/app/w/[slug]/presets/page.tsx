import { PresetList } from "@/features/presets/preset-list";

export default function PresetsPage() {
  return <PresetList />;
}
