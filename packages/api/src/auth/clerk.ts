import type { Db } from "@hyperposter/db";
import { verifyToken } from "@clerk/backend";

/** Clerk, when its keys are configured: session tokens verified without a network call. */
export interface ClerkAuth {
  userFromSessionToken(
    db: Db,
    token: string,
  ): Promise<{ id: string; email: string; name: string } | null>;
}

export interface ClerkAuthOptions {
  /** The instance's PEM public key (CLERK_JWT_KEY): verification never calls Clerk. */
  jwtKey: string;
  /** Origins allowed in the token's `azp` claim (our APP_URL), against subdomain cookie leaks. */
  authorizedParties?: string[];
}

/**
 * Verifies a Clerk session token (RS256, signature, expiry, not-before, azp)
 * and maps its subject to the user the webhook synced. An unknown, expired or
 * forged token is simply "not signed in".
 */
export function createClerkAuth(options: ClerkAuthOptions): ClerkAuth {
  return {
    async userFromSessionToken(db, token) {
      let subject: string;
      try {
        const payload = await verifyToken(token, {
          jwtKey: options.jwtKey,
          ...(options.authorizedParties ? { authorizedParties: options.authorizedParties } : {}),
        });
        subject = payload.sub;
      } catch {
        return null;
      }
      return db.user.findUnique({
        where: { clerkUserId: subject },
        select: { id: true, email: true, name: true },
      });
    },
  };
}
