import { VerifyEmail } from "@/features/auth/email-links";

export const metadata = { title: "Verify your email · Hyperposter" };

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  return <VerifyEmail token={token ?? null} />;
}
