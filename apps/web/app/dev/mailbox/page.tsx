import Link from "next/link";
import { notFound } from "next/navigation";
import { serverLocale } from "@/i18n/server";
import { listMessages, mailboxDir } from "@/server/mailbox";

export const dynamic = "force-dynamic";
export const metadata = { title: "Development mailbox · Hyperposter" };

/** Development only: the mail the local SMTP server of `npm run dev` kept, newest first. */
export default async function MailboxPage() {
  const dir = mailboxDir();
  if (!dir) notFound();
  const [{ t, locale }, messages] = await Promise.all([serverLocale(), listMessages(dir)]);
  const dateFormat = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "medium",
  });
  return (
    <main className="mx-auto max-w-4xl px-5 py-10">
      <h1 className="text-2xl font-bold">{t.email.mailboxTitle}</h1>
      <p className="mt-2 text-stone-600">{t.email.mailboxLead(dir)}</p>
      {messages.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-stone-300 bg-white px-4 py-8 text-center text-stone-600">
          {t.email.mailboxEmpty}
        </p>
      ) : (
        <ul className="mt-6 divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {messages.map((m) => (
            <li key={m.id} data-testid="mail">
              <Link
                href={`/dev/mailbox/${m.id}`}
                className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3 hover:bg-stone-50"
              >
                <span className="min-w-0 font-medium text-indigo-800">{m.subject}</span>
                <span className="text-sm text-stone-600">
                  {m.to}
                  {m.date ? ` · ${dateFormat.format(new Date(m.date))}` : ""}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
