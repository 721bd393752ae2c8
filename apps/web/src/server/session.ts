import { authenticate, listWorkspacesOf, requestMetaOf } from "@hyperposter/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { apiDeps } from "./api";

/** The signed-in user for a server component (local session or Clerk token), or null. */
export async function currentUser() {
  const deps = apiDeps();
  const auth = await authenticate(deps, requestMetaOf(deps, { headers: await headers() }));
  return auth?.user ?? null;
}

export async function requireUser(next: string) {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return user;
}

export async function workspacesOf(userId: string) {
  return listWorkspacesOf(apiDeps().db, userId);
}

/** Whether the user's address is verified (local link or Clerk); the app shell's banner asks otherwise. */
export async function emailVerifiedOf(userId: string): Promise<boolean> {
  const row = await apiDeps().db.user.findUnique({
    where: { id: userId },
    select: { emailVerifiedAt: true },
  });
  return Boolean(row?.emailVerifiedAt);
}
