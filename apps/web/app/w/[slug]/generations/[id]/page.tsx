import { GenerationPage } from "@/features/generation/generation-page";

export default async function GenerationRoute({ params }: { params: Promise<{ id: string }> }) {
  return <GenerationPage generationId={(await params).id} />;
}
