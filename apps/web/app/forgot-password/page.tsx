import { ForgotPassword } from "@/features/auth/email-links";

export const metadata = { title: "Reset your password · Hyperposter" };

export default function ForgotPasswordPage() {
  return <ForgotPassword />;
}
