/**
 * Clerk is used only when its publishable key was set at build time
 * (NEXT_PUBLIC_* values are baked in). Without it, an unconditional
 * ClerkProvider answers 500 on every request, so everything Clerk renders is
 * behind this value and local accounts are the default.
 */
export const clerkPublishableKey: string | null =
  process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY || null;
