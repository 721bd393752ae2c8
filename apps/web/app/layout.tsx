import type { Metadata } from "next";
import { ClerkProvider } from "@clerk/nextjs";
import type { ReactNode } from "react";
import { clerkPublishableKey } from "@/features/auth/clerk-config";
import { LocaleProvider } from "@/i18n/locale";
import { serverLocale } from "@/i18n/server";
import { TRPCReactProvider } from "@/trpc/react";
// Chinese UI text from npm, sliced by unicode-range so browsers fetch only the
// characters a page uses; no request leaves the app's own origin.
import "@fontsource/noto-sans-sc/400.css";
import "@fontsource/noto-sans-sc/700.css";
import "./globals.css";

export const metadata: Metadata = {
  title: "Hyperposter",
  description: "Marketing briefs in, poster-ready creatives out.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale } = await serverLocale();
  const app = (
    <LocaleProvider initial={locale}>
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </LocaleProvider>
  );
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"}>
      <body className="min-h-screen bg-stone-50 text-stone-900 antialiased">
        {clerkPublishableKey ? (
          <ClerkProvider publishableKey={clerkPublishableKey}>{app}</ClerkProvider>
        ) : (
          app
        )}
      </body>
    </html>
  );
}
