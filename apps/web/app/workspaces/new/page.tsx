import { apiDeps } from "@/server/api";
import { NewWorkspaceForm } from "@/features/workspaces/new-workspace";
import { requireUser, workspacesOf } from "@/server/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "New workspace · Hyperposter" };

export default async function NewWorkspacePage({
  searchParams,
}: {
  searchParams: Promise<{ from?: string }>;
}) {
  const user = await requireUser("/workspaces/new");
  const workspaces = await workspacesOf(user.id);
  const { from } = await searchParams;
  // "Back" returns to the workspace the user came from, else their first one.
  const back = workspaces.find((w) => w.slug === from) ?? workspaces[0] ?? null;
  return (
    <NewWorkspaceForm
      back={back ? { slug: back.slug, name: back.name } : null}
      startingCredits={apiDeps().signupCredits}
    />
  );
}
