import { Studio } from "@/features/studio/studio";

export default async function StudioPage({
  searchParams,
}: {
  searchParams: Promise<{ g?: string }>;
}) {
  const { g } = await searchParams;
  return <Studio generationId={g ?? null} />;
}
