import type { Db } from "@hyperposter/db";

/** Clerk, when its keys are configured: session tokens verified without a network call. */
export interface ClerkAuth {
  userFromSessionToken(
    db: Db,
    token: string,
  ): Promise<{ id: string; email: string; name: string } | null>;
}
