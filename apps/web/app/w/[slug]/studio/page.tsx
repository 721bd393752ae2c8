import { Studio } from "@/features/studio/studio";

export default async function StudioPage({
  searchParams,
}: {
  searchParams: Promise<{ g?: string; from?: string }>;
}) {
  const { g, from } = await searchParams;
  // ?from= (Edit and re-run) fills the form; ?g= shows a generation beside it (and fills the form).
  return <Studio generationId={g ?? null} fromId={from ?? null} />;
}
