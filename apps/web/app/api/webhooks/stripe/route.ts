import { BodyTooLargeError, readTextWithin, tooLargeResponse } from "@hyperposter/api";
import { createStripe, handleStripeWebhook, stripeSettings } from "@hyperposter/billing";
import { env } from "@hyperposter/config";
import { serverDeps } from "@/server/deps";

export const dynamic = "force-dynamic";

/**
 * Stripe → plans, credits and grace periods. The signature is checked on the
 * raw body (constructEvent) before anything is parsed; a redelivered event
 * answers 200 without effect (its id is recorded with its effect).
 */
export async function POST(request: Request) {
  const settings = stripeSettings(env());
  if (!settings) return new Response("Stripe is not configured on this server.", { status: 404 });
  let rawBody: string;
  try {
    rawBody = await readTextWithin(request, env().BODY_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLargeResponse(error);
    throw error;
  }
  const result = await handleStripeWebhook(
    { db: serverDeps().db, stripe: createStripe(settings), settings },
    { rawBody, signature: request.headers.get("stripe-signature") },
  );
  return Response.json(result.body, { status: result.status });
}
