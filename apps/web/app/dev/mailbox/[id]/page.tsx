import Link from "next/link";
import { notFound } from "next/navigation";
import { serverLocale } from "@/i18n/server";
import { linkify, mailboxDir, readMessage } from "@/server/mailbox";

export const dynamic = "force-dynamic";
export const metadata = { title: "Development mailbox · Hyperposter" };

/** One kept message: its headers and plain-text body, links clickable. */
export default async function MailPage({ params }: { params: Promise<{ id: string }> }) {
  const dir = mailboxDir();
  if (!dir) notFound();
  const { id } = await params;
  const [{ t }, message] = await Promise.all([serverLocale(), readMessage(dir, id)]);
  if (!message) notFound();
  return (
    <main className="mx-auto max-w-4xl px-5 py-10">
      <Link href="/dev/mailbox" className="text-sm text-indigo-700 underline">
        {t.email.allMessages}
      </Link>
      <article className="mt-4 rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
        <h1 className="text-xl font-bold">{message.subject}</h1>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-stone-500">{t.email.from}</dt>
          <dd>{message.from}</dd>
          <dt className="text-stone-500">{t.email.to}</dt>
          <dd data-testid="mail-to">{message.to}</dd>
          {message.date ? (
            <>
              <dt className="text-stone-500">{t.email.date}</dt>
              <dd>{message.date}</dd>
            </>
          ) : null}
        </dl>
        <div className="mt-5 whitespace-pre-wrap break-words border-t border-stone-100 pt-4 text-stone-800">
          {linkify(message.text).map((part, index) =>
            "href" in part ? (
              <a key={index} href={part.href} className="text-indigo-700 underline">
                {part.href}
              </a>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
        </div>
      </article>
    </main>
  );
}
