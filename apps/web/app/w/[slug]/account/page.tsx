import { Account } from "@/features/account/account";
import { requireUser, workspacesOf } from "@/server/session";

export default async function AccountPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(`/w/${slug}/account`);
  const workspaces = await workspacesOf(user.id);
  return <Account workspaces={workspaces.map(({ slug, name, role }) => ({ slug, name, role }))} />;
}
