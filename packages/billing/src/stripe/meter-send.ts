import type { Db } from "@hyperposter/db";
import type Stripe from "stripe";
import { MeterEventPayload } from "./meter-outbox";

/**
 * Send one queued overage report to Stripe's Billing Meter (the worker's
 * outbox dispatcher calls this). The identifier is the ledger entry's id:
 * Stripe refuses a second event with the same identifier, so a send whose
 * acknowledgement was lost is safe to repeat.
 */
export async function sendMeterEvent(
  db: Db,
  stripe: Stripe,
  eventName: string,
  raw: unknown,
): Promise<void> {
  const event = MeterEventPayload.parse(raw);
  const ws = await db.workspace.findUniqueOrThrow({
    where: { id: event.workspaceId },
    select: { stripeCustomerId: true },
  });
  if (!ws.stripeCustomerId)
    throw new Error(`Workspace ${event.workspaceId} has no Stripe customer to bill overage to.`);
  await stripe.billing.meterEvents.create(
    {
      event_name: eventName,
      identifier: event.identifier,
      timestamp: event.timestamp,
      payload: { stripe_customer_id: ws.stripeCustomerId, value: String(event.value) },
    },
    { idempotencyKey: `meter:${event.identifier}` },
  );
}
