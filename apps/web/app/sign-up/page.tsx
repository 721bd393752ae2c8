import { safeNextPath } from "@hyperposter/domain";
import { SignUp } from "@clerk/nextjs";
import { AuthFrame } from "@/features/auth/auth-frame";
import { clerkPublishableKey } from "@/features/auth/clerk-config";
import { SignUpForm } from "@/features/auth/sign-up-form";

export const metadata = { title: "Create an account · Hyperposter" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  // The one next-URL check, for local accounts and Clerk alike: another site's URL is dropped.
  const next = safeNextPath((await searchParams).next);
  if (clerkPublishableKey)
    return (
      <AuthFrame title="Hyperposter">
        <SignUp routing="hash" {...(next ? { forceRedirectUrl: next } : {})} />
      </AuthFrame>
    );
  return <SignUpForm next={next} />;
}
