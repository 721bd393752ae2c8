import { z } from "zod";
import type { DbTx } from "../tx";

/** Outbox topic of Agency overage, sent to Stripe's Billing Meter by the worker's dispatcher. */
export const METER_TOPIC = "stripe.meter_event";

export const MeterEventPayload = z.object({
  /** The OVERAGE ledger entry's id: Stripe drops a second event with the same identifier. */
  identifier: z.string().min(1),
  workspaceId: z.string().min(1),
  value: z.number().int().positive(),
  /** Seconds since the epoch, when the credits were spent. */
  timestamp: z.number().int().positive(),
});
export type MeterEventPayload = z.infer<typeof MeterEventPayload>;

/** Queue the meter event in the caller's transaction (with the ledger entry it reports). */
export async function enqueueMeterEvent(
  tx: DbTx,
  event: Omit<MeterEventPayload, "timestamp">,
): Promise<void> {
  await tx.outboxMessage.create({
    data: {
      topic: METER_TOPIC,
      payload: { ...event, timestamp: Math.floor(Date.now() / 1000) },
    },
  });
}
