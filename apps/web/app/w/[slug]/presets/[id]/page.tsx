import { PresetPage } from "@/features/presets/preset-page";

export default async function EditPresetPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  const [{ id }, { created }] = await Promise.all([params, searchParams]);
  return <PresetPage presetId={id} justCreated={created === "1"} />;
}
