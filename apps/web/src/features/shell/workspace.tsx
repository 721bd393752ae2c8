"use client";

import { createContext, useContext, type ReactNode } from "react";

export type Role = "OWNER" | "ADMIN" | "EDITOR" | "VIEWER";
export const ROLES: Role[] = ["VIEWER", "EDITOR", "ADMIN", "OWNER"];
const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2, OWNER: 3 };

export interface WorkspaceInfo {
  slug: string;
  name: string;
  role: Role;
  user: { id: string; name: string; email: string };
}

const WorkspaceContext = createContext<WorkspaceInfo | null>(null);

export function WorkspaceProvider({
  value,
  children,
}: {
  value: WorkspaceInfo;
  children: ReactNode;
}) {
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace() {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace outside a workspace page");
  // The server enforces roles; the UI only hides what would be refused.
  const can = (minRole: Role) => RANK[value.role] >= RANK[minRole];
  return { ...value, can };
}
