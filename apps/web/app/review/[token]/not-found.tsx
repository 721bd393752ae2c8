import { serverLocale } from "@/i18n/server";

/** Unknown, cut-off, expired or withdrawn review links (status 404). */
export default async function ReviewLinkNotFound() {
  const { t } = await serverLocale();
  return (
    <main className="mx-auto max-w-xl px-5 py-16" data-testid="review-bad-link">
      <h1 className="text-3xl font-bold">{t.review.badLinkTitle}</h1>
      <p className="mt-3 text-stone-700">{t.review.badLinkBody}</p>
    </main>
  );
}
