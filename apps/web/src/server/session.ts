import { listWorkspacesOf, resolveSession, SESSION_COOKIE } from "@hyperposter/api";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { apiDeps } from "./api";

/** The signed-in user for a server component, or null. */
export async function currentUser() {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const auth = await resolveSession(apiDeps().db, token);
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
