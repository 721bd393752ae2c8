import { SignInForm } from "@/features/auth/sign-in-form";

export const metadata = { title: "Sign in · Hyperposter" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  return <SignInForm next={(await searchParams).next ?? null} />;
}
