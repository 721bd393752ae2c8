import { afterEach, describe, expect, it } from "vitest";
import {
  attemptDelivery,
  checkWebhookTarget,
  checkWebhookUrl,
  MAX_ATTEMPTS,
  newMessageId,
  newWebhookSecret,
  nextAttemptDelayMs,
  PRODUCTION_POLICY,
  type TargetPolicy,
} from "../src/index";
import { startReceiver, verifyStandardWebhook, type Receiver } from "@hyperposter/devstack";

// Receivers listen on 127.0.0.2, which the policy allows; 127.0.0.1 stays
// forbidden, so "loopback refused" and "redirect to loopback refused" are real.
const policy: TargetPolicy = {
  requireHttps: false,
  allowAddresses: ["127.0.0.2"],
  allowPrivate: false,
};
const secret = newWebhookSecret();
const body = JSON.stringify({
  type: "generation.succeeded",
  data: { id: "gen_1", passthrough: "x" },
});

const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((receiver) => receiver.close()));
});
async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const started = await startReceiver(...args);
  open.push(started);
  return started;
}

describe("webhook delivery", () => {
  it("signs so that a receiver written from the spec verifies it", async () => {
    const target = await receiver(secret, () => ({ status: 204 }));
    const id = newMessageId();
    const result = await attemptDelivery(
      { url: target.url(), messageId: id, body, secret },
      { policy },
    );
    expect(result.outcome).toBe("delivered");
    expect(target.received).toHaveLength(1);
    const [got] = target.received;
    expect(got?.verified).toBe(true);
    expect(got?.body).toBe(body);
    expect(got?.headers["webhook-id"]).toBe(id);
    expect(got?.headers["content-type"]).toBe("application/json");
    // The spec's check fails with another secret or a changed body.
    expect(verifyStandardWebhook(newWebhookSecret(), got!.headers, body)).toBe(false);
    expect(verifyStandardWebhook(secret, got!.headers, body + " ")).toBe(false);
  });

  it("keeps the message id across attempts and re-signs each one", async () => {
    let calls = 0;
    const target = await receiver(secret, () => ({ status: calls++ < 2 ? 500 : 200 }));
    const message = { url: target.url(), messageId: newMessageId(), body, secret };
    const outcomes = [];
    for (let i = 0; i < 3; i += 1) {
      const at = new Date(Date.now() + i * 1000);
      outcomes.push((await attemptDelivery(message, { policy, now: () => at })).outcome);
    }
    expect(outcomes).toEqual(["retry", "retry", "delivered"]);
    expect(new Set(target.received.map((r) => r.headers["webhook-id"]))).toEqual(
      new Set([message.messageId]),
    );
    expect(target.received.every((r) => r.verified)).toBe(true);
    expect(new Set(target.received.map((r) => r.headers["webhook-signature"])).size).toBe(3);
  });

  it("reports 410 as gone and other statuses as retry with the status", async () => {
    const gone = await receiver(secret, () => ({ status: 410 }));
    const busy = await receiver(secret, () => ({ status: 503 }));
    const message = { messageId: newMessageId(), body, secret };
    expect(await attemptDelivery({ ...message, url: gone.url() }, { policy })).toMatchObject({
      outcome: "gone",
    });
    expect(await attemptDelivery({ ...message, url: busy.url() }, { policy })).toMatchObject({
      outcome: "retry",
      status: 503,
    });
  });

  it("refuses loopback, private and metadata addresses before sending anything", async () => {
    const loopback = await receiver(secret, () => ({ status: 200 }), "127.0.0.1");
    const message = { messageId: newMessageId(), body, secret };
    for (const url of [
      loopback.url(),
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.7/hooks",
      "http://[::1]/hooks",
      "http://[::ffff:127.0.0.1]/hooks",
      "http://localhost:1/hooks",
    ]) {
      const result = await attemptDelivery({ ...message, url }, { policy, timeoutMs: 3_000 });
      expect(result, url).toMatchObject({ outcome: "refused" });
    }
    expect(loopback.received).toHaveLength(0);
  });

  it("follows a 307 to an allowed target, refuses one that leads to loopback", async () => {
    const inside = await receiver(secret, () => ({ status: 200 }), "127.0.0.1");
    const final = await receiver(secret, () => ({ status: 200 }));
    const toFinal = await receiver(secret, () => ({
      status: 307,
      headers: { location: final.url("/moved") },
    }));
    const toInside = await receiver(secret, () => ({
      status: 308,
      headers: { location: inside.url() },
    }));
    const message = { messageId: newMessageId(), body, secret };
    expect(await attemptDelivery({ ...message, url: toFinal.url() }, { policy })).toMatchObject({
      outcome: "delivered",
      finalUrl: final.url("/moved"),
    });
    expect(final.received[0]?.verified).toBe(true);
    expect(await attemptDelivery({ ...message, url: toInside.url() }, { policy })).toMatchObject({
      outcome: "refused",
    });
    expect(inside.received).toHaveLength(0);
  });

  it("does not follow a 302 (it would turn the POST into a GET) and stops after 3 hops", async () => {
    const found = await receiver(secret, () => ({
      status: 302,
      headers: { location: "/elsewhere" },
    }));
    const loop = await receiver(secret, (_n, req) => ({
      status: 307,
      headers: { location: req.url ?? "/" },
    }));
    const message = { messageId: newMessageId(), body, secret };
    expect(await attemptDelivery({ ...message, url: found.url() }, { policy })).toMatchObject({
      outcome: "retry",
      status: 302,
    });
    expect(await attemptDelivery({ ...message, url: loop.url() }, { policy })).toMatchObject({
      outcome: "refused",
      error: "more than 3 redirects",
    });
    expect(loop.received).toHaveLength(4);
  });

  it("gives up on a receiver that does not answer in time, as a retry", async () => {
    const slow = await receiver(secret, () => ({ status: 200 }));
    const hang = await import("node:http").then(({ createServer }) =>
      createServer(() => undefined),
    );
    await new Promise<void>((resolve) => hang.listen(0, "127.0.0.2", resolve));
    const port = (hang.address() as { port: number }).port;
    const result = await attemptDelivery(
      { url: `http://127.0.0.2:${port}/`, messageId: newMessageId(), body, secret },
      { policy, timeoutMs: 300 },
    );
    hang.closeAllConnections();
    hang.close();
    expect(result).toMatchObject({
      outcome: "retry",
      status: null,
      error: "no answer within 300 ms",
    });
    expect(slow.received).toHaveLength(0);
  });
});

describe("webhook targets", () => {
  it("asks for https in production and names the field", () => {
    expect(checkWebhookUrl("http://example.com/hooks", PRODUCTION_POLICY)).toMatchObject({
      ok: false,
      message: "webhook_url must use https.",
    });
    expect(checkWebhookUrl("https://user:pw@example.com/", PRODUCTION_POLICY)).toMatchObject({
      ok: false,
    });
    expect(checkWebhookUrl("not a url", PRODUCTION_POLICY)).toMatchObject({ ok: false });
    expect(
      checkWebhookUrl(`https://example.com/${"a".repeat(2_000)}`, PRODUCTION_POLICY),
    ).toMatchObject({
      ok: false,
    });
    expect(checkWebhookUrl("https://example.com/hooks", PRODUCTION_POLICY)).toMatchObject({
      ok: true,
    });
  });

  it("refuses names that resolve to non-public addresses", async () => {
    const result = await checkWebhookTarget("https://localhost/hooks", PRODUCTION_POLICY);
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.message).toMatch(
      /localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
    expect(await checkWebhookTarget("https://[fd00::1]/", PRODUCTION_POLICY)).toMatchObject({
      ok: false,
    });
    expect(await checkWebhookTarget("https://100.64.0.1/", PRODUCTION_POLICY)).toMatchObject({
      ok: false,
    });
  });
});

describe("retry schedule", () => {
  it("spreads eight attempts over about a day", () => {
    const mid = () => 0.5;
    const delays = Array.from({ length: MAX_ATTEMPTS }, (_, i) => nextAttemptDelayMs(i + 1, mid));
    expect(delays.at(-1)).toBeNull();
    const total = delays.reduce<number>((sum, d) => sum + (d ?? 0), 0);
    expect(total / 3_600_000).toBeGreaterThan(24);
    expect(total / 3_600_000).toBeLessThan(30);
  });
});
