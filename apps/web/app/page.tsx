import Link from "next/link";
import { redirect } from "next/navigation";
import { LanguageSwitch } from "@/i18n/locale";
import { serverLocale } from "@/i18n/server";
import { currentUser, workspacesOf } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await currentUser();
  if (user) {
    const [first] = await workspacesOf(user.id);
    // Signed in but in no workspace (the last one was deleted, or they left): make one.
    redirect(first ? `/w/${first.slug}/studio` : "/workspaces/new");
  }
  const { t } = await serverLocale();
  return (
    <main className="mx-auto max-w-2xl px-5 py-12 sm:py-16">
      <div className="flex items-center justify-between">
        <p className="text-sm font-semibold uppercase tracking-wide text-stone-500">Hyperposter</p>
        <LanguageSwitch />
      </div>
      <h1 className="mt-6 text-3xl font-bold leading-tight sm:text-4xl">{t.home.title}</h1>
      <p className="mt-4 text-lg text-stone-700">{t.home.lead}</p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link
          href="/sign-up"
          className="rounded-lg bg-indigo-600 px-5 py-3 font-semibold text-white hover:bg-indigo-700"
        >
          {t.home.signUp}
        </Link>
        <Link
          href="/sign-in"
          className="rounded-lg border border-stone-300 bg-white px-5 py-3 font-semibold hover:bg-stone-100"
        >
          {t.home.signIn}
        </Link>
      </div>
      <p className="mt-10">
        <Link className="text-sm text-stone-600 underline" href="/status">
          {t.home.status}
        </Link>
      </p>
    </main>
  );
}
