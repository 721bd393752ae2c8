import { env } from "@hyperposter/config";
import {
  createClerkAuth,
  createSmtpMailer,
  segmenterFromSettings,
  type ApiDeps,
} from "@hyperposter/api";
import { createStripe, stripeSettings } from "@hyperposter/billing";
import { createOutboxNudge } from "@hyperposter/jobs";
import { targetPolicy } from "@hyperposter/webhooks";
import { serverDeps } from "./deps";

let cached: ApiDeps | undefined;

/** What the tRPC API needs, built once per server process from the shared clients. */
export function apiDeps(): ApiDeps {
  if (cached) return cached;
  const config = env();
  const { db, storage, sqs, queueUrl } = serverDeps();
  const stripe = stripeSettings(config);
  const segmenter = segmenterFromSettings(config);
  cached = {
    db,
    storage,
    assetUrlTtlSeconds: config.ASSET_URL_TTL_SECONDS,
    appUrl: config.APP_URL,
    signupCredits: config.SIGNUP_CREDITS,
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    uploadBodyLimitBytes: config.UPLOAD_BODY_LIMIT_BYTES,
    webhookPolicy: targetPolicy(config.WEBHOOK_ALLOW_LOCAL_TARGETS),
    log: (line) => console.log(line),
    // "Fill the brief from the photo" asks this vision endpoint; without it a local analysis answers.
    ...(config.VLM_BASE_URL && config.VLM_MODEL
      ? {
          vlm: {
            baseUrl: config.VLM_BASE_URL,
            model: config.VLM_MODEL,
            timeoutMs: config.VLM_TIMEOUT_MS,
            ...(config.VLM_API_KEY ? { apiKey: config.VLM_API_KEY } : {}),
          },
        }
      : {}),
    // Product uploads cut out with the operator's ONNX model when SEGMENTATION_MODEL is set.
    ...(segmenter ? { segmenter } : {}),
    // Verification, password-reset and invitation mail; unset SMTP_URL sends nothing (and says so).
    ...(config.SMTP_URL ? { mailer: createSmtpMailer(config.SMTP_URL, config.MAIL_FROM) } : {}),
    // Sends a just-accepted job right after its transaction; the worker's dispatcher is the fallback.
    nudge: createOutboxNudge(db, sqs, queueUrl, (error) =>
      console.error("[outbox] dispatch after submit failed; the worker will send it", error),
    ),
    // Checkout, the Customer Portal and invoices; without STRIPE_SECRET_KEY billing is in local mode.
    ...(stripe ? { stripe: { stripe: createStripe(stripe), settings: stripe } } : {}),
    // With Clerk's key configured its session tokens are accepted too; local accounts keep working.
    ...(config.CLERK_JWT_KEY
      ? {
          clerk: createClerkAuth({
            jwtKey: config.CLERK_JWT_KEY,
            authorizedParties: [config.APP_URL],
          }),
        }
      : {}),
  };
  return cached;
}
