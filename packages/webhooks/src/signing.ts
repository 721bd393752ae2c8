import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the receiver
 * checks `webhook-signature` = "v1," + base64(HMAC-SHA256(key, id.timestamp.body)),
 * where key is the base64 part of the `whsec_` secret.
 */
export const SECRET_PREFIX = "whsec_";

/** A new endpoint secret: 32 random bytes, shown to the user once. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

/** A message id: stable across retries of one delivery, so receivers can drop duplicates. */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString("hex")}`;
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** The three headers for one attempt; the timestamp is the attempt's, so replays age out. */
export function signWebhook(
  secret: string,
  messageId: string,
  timestamp: Date,
  body: string,
): SignedHeaders {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, timestamp, body),
  };
}
