import {
  applyClerkEvent,
  BodyTooLargeError,
  readTextWithin,
  tooLargeResponse,
  verifyClerkWebhook,
} from "@hyperposter/api";
import { env } from "@hyperposter/config";
import { AppError } from "@hyperposter/domain";
import { apiDeps } from "@/server/api";

export const dynamic = "force-dynamic";

/**
 * Clerk → users, workspaces and memberships. The svix signature is checked on
 * the raw body first; a delivery already applied answers 200 without effect.
 */
export async function POST(request: Request) {
  const secret = env().CLERK_WEBHOOK_SIGNING_SECRET;
  if (!secret) return new Response("Clerk is not configured on this server.", { status: 404 });
  let body: string;
  try {
    body = await readTextWithin(request, env().BODY_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLargeResponse(error);
    throw error;
  }
  try {
    const event = verifyClerkWebhook(secret, body, {
      id: request.headers.get("svix-id"),
      timestamp: request.headers.get("svix-timestamp"),
      signature: request.headers.get("svix-signature"),
    });
    const applied = await applyClerkEvent(apiDeps().db, event);
    return Response.json({ ok: true, applied });
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHORIZED")
      return new Response(error.message, { status: 400 });
    // Out-of-order delivery: a non-2xx makes Clerk retry later, when the user or org exists.
    if (error instanceof AppError && error.code === "CONFLICT")
      return new Response(error.message, { status: 409 });
    console.error("[clerk webhook]", error);
    return new Response("The event could not be applied; it will be retried.", { status: 500 });
  }
}
