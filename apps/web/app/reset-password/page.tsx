import { ResetPassword } from "@/features/auth/email-links";

export const metadata = { title: "Choose a new password · Hyperposter" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  return <ResetPassword token={token ?? null} />;
}
