import { safeNextPath } from "@hyperposter/domain";
import { SignIn } from "@clerk/nextjs";
import { AuthFrame } from "@/features/auth/auth-frame";
import { clerkPublishableKey } from "@/features/auth/clerk-config";
import { SignInForm } from "@/features/auth/sign-in-form";

export const metadata = { title: "Sign in · Hyperposter" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; signedOut?: string; reset?: string }>;
}) {
  const { next: asked, signedOut, reset } = await searchParams;
  // The one next-URL check, for local accounts and Clerk alike: another site's URL is dropped.
  const next = safeNextPath(asked);
  if (clerkPublishableKey)
    return (
      <AuthFrame title="Hyperposter">
        <SignIn routing="hash" {...(next ? { forceRedirectUrl: next } : {})} />
      </AuthFrame>
    );
  return (
    <SignInForm
      next={next}
      signedOutEverywhere={signedOut === "everywhere"}
      passwordReset={reset === "done"}
    />
  );
}
