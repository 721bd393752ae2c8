import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/features/shell/app-shell";
import { WorkspaceProvider } from "@/features/shell/workspace";
import { emailVerifiedOf, requireUser, workspacesOf } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const user = await requireUser(`/w/${slug}/studio`);
  const [workspaces, emailVerified] = await Promise.all([
    workspacesOf(user.id),
    emailVerifiedOf(user.id),
  ]);
  const current = workspaces.find((w) => w.slug === slug);
  if (!current) notFound();
  return (
    <WorkspaceProvider value={{ slug, name: current.name, role: current.role, user }}>
      <AppShell
        workspaces={workspaces.map(({ slug, name }) => ({ slug, name }))}
        emailVerified={emailVerified}
      >
        {children}
      </AppShell>
    </WorkspaceProvider>
  );
}
