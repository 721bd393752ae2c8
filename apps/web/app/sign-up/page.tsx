import { SignUpForm } from "@/features/auth/sign-up-form";

export const metadata = { title: "Create an account · Hyperposter" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  return <SignUpForm next={(await searchParams).next ?? null} />;
}
