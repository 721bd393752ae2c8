import Link from "next/link";
import { serverLocale } from "@/i18n/server";

export default async function NotFound() {
  const { t } = await serverLocale();
  return (
    <main className="mx-auto max-w-xl px-5 py-16">
      <h1 className="text-3xl font-bold">{t.errors.notFoundTitle}</h1>
      <p className="mt-3 text-stone-700">{t.errors.notFoundBody}</p>
      <Link className="mt-6 inline-block font-semibold text-indigo-700 underline" href="/">
        {t.errors.backHome}
      </Link>
    </main>
  );
}
