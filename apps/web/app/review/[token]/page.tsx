import { openReview, ReviewToken } from "@hyperposter/api";
import { AppError } from "@hyperposter/domain";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReviewRoom } from "@/features/review/review-room";
import { apiDeps } from "@/server/api";

export const dynamic = "force-dynamic";

// The token is in the path: never send it to another site as a Referer, never index it.
export const metadata: Metadata = { referrer: "no-referrer", robots: { index: false } };

/**
 * A client's review page, no account needed: the link's token is the whole
 * authority, checked here (and on every call the page makes). A bad, expired
 * or withdrawn link answers 404 with one sentence that covers all three.
 */
export default async function ReviewPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!ReviewToken.safeParse(token).success) notFound();
  let view;
  try {
    view = await openReview(apiDeps(), token);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return <ReviewRoom token={token} initial={view} />;
}
