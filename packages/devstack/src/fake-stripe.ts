import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for api.stripe.com, for tests and the browser suite only:
 * it answers the calls Hyperposter makes (customers, Checkout Sessions, the
 * Customer Portal, subscriptions, invoices, meter events) with objects shaped
 * as in Stripe's API reference, records every request, and replays a
 * response for a repeated Idempotency-Key as Stripe does. Tests drive what
 * happens on Stripe's side (a checkout paid, an invoice failed) through its
 * methods, then post the signed webhook themselves.
 */

type Json = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  path: string;
  body: Json;
  idempotencyKey: string | undefined;
}

/** `a[b][0][c]=x` form bodies (what the SDK sends) into nested objects and arrays. */
export function parseStripeForm(text: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.split(/\[|\]\[|\]/).filter((p) => p !== "");
    let node: Json | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = /^\d+$/.test(parts[i + 1] ?? "");
      const slot = Array.isArray(node) ? Number(part) : part;
      const container = node as Record<string | number, unknown>;
      if (last) container[slot] = value;
      else {
        container[slot] ??= nextIsIndex ? [] : {};
        node = container[slot] as Json | unknown[];
      }
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const MONTH = 30 * 86_400;

export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  readonly customers = new Map<string, Json>();
  readonly sessions = new Map<string, Json>();
  readonly subscriptions = new Map<string, Json>();
  readonly invoices = new Map<string, Json>();
  readonly charges = new Map<string, Json>();
  readonly refunds = new Map<string, Json>();
  readonly meterEvents: Json[] = [];
  private readonly replies = new Map<string, { status: number; body: Json }>();
  private server: Server | undefined;
  url = "";

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Meter events Stripe would bill: one per identifier. */
  billedMeterEvents(): Json[] {
    const seen = new Map<string, Json>();
    for (const e of this.meterEvents) seen.set(String(e.identifier), e);
    return [...seen.values()];
  }

  /** The customer pays a Checkout Session: a subscription with a paid first invoice, or a paid pack. */
  completeCheckout(sessionId: string): Json {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    session.status = "complete";
    session.payment_status = "paid";
    if (session.mode === "subscription") {
      const items = (session.line_items as { price: string }[]) ?? [];
      const subscription = this.createSubscription(String(session.customer), items, {
        ...((session.subscription_data as { metadata?: Json } | undefined)?.metadata ?? {}),
      });
      session.subscription = subscription.id;
    } else {
      // Payment mode: the PaymentIntent's charge, which a refund later points at.
      const paymentIntent = id("pi");
      const amount = Number(session.amount_total ?? 1000);
      const charge: Json = {
        id: id("ch"),
        object: "charge",
        amount,
        amount_refunded: 0,
        refunded: false,
        currency: "usd",
        customer: session.customer,
        payment_intent: paymentIntent,
        paid: true,
        status: "succeeded",
        created: nowSeconds(),
        livemode: false,
      };
      this.charges.set(String(charge.id), charge);
      session.payment_intent = paymentIntent;
    }
    return session;
  }

  /** Refund (part of) the charge behind a paid payment-mode session; returns the charge as it is now. */
  refund(sessionId: string, amount?: number): Json {
    const session = this.sessions.get(sessionId);
    const charge = [...this.charges.values()].find(
      (c) => c.payment_intent === session?.payment_intent,
    );
    if (!charge) throw new Error(`no charge for session ${sessionId}`);
    const value = amount ?? Number(charge.amount) - Number(charge.amount_refunded);
    const refund: Json = {
      id: id("re"),
      object: "refund",
      amount: value,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      currency: charge.currency,
      status: "succeeded",
      created: nowSeconds(),
    };
    this.refunds.set(String(refund.id), refund);
    charge.amount_refunded = Number(charge.amount_refunded) + value;
    charge.refunded = charge.amount_refunded === charge.amount;
    return charge;
  }

  createSubscription(customer: string, items: { price: string }[], metadata: Json = {}): Json {
    const start = nowSeconds();
    const subscription: Json = {
      id: id("sub"),
      object: "subscription",
      customer,
      status: "active",
      metadata,
      cancel_at_period_end: false,
      created: start,
      livemode: false,
      items: {
        object: "list",
        data: items.map((item) => ({
          id: id("si"),
          object: "subscription_item",
          price: { id: item.price, object: "price", recurring: { interval: "month" } },
          quantity: 1,
          current_period_start: start,
          current_period_end: start + MONTH,
        })),
        has_more: false,
      },
      latest_invoice: null,
    };
    this.subscriptions.set(String(subscription.id), subscription);
    subscription.latest_invoice = this.createInvoice(subscription, "paid", start).id;
    return subscription;
  }

  /** The next period's invoice of a subscription, paid or failed. */
  renew(subscriptionId: string, outcome: "paid" | "failed"): Json {
    const subscription = this.subscriptions.get(subscriptionId)!;
    const item = (subscription.items as { data: Json[] }).data[0]!;
    const start = Number(item.current_period_end);
    if (outcome === "paid") {
      item.current_period_start = start;
      item.current_period_end = start + MONTH;
      subscription.status = "active";
    } else subscription.status = "past_due";
    const invoice = this.createInvoice(subscription, outcome === "paid" ? "paid" : "open", start);
    subscription.latest_invoice = invoice.id;
    return invoice;
  }

  cancel(subscriptionId: string): Json {
    const subscription = this.subscriptions.get(subscriptionId)!;
    subscription.status = "canceled";
    subscription.ended_at = nowSeconds();
    return subscription;
  }

  private createInvoice(subscription: Json, status: "paid" | "open", start: number): Json {
    const items = (subscription.items as { data: { price: { id: string } }[] }).data;
    const invoice: Json = {
      id: id("in"),
      object: "invoice",
      customer: subscription.customer,
      number: `HP-${this.invoices.size + 1001}`,
      status,
      currency: "usd",
      total: 2900,
      amount_paid: status === "paid" ? 2900 : 0,
      attempt_count: status === "paid" ? 1 : 2,
      created: start,
      period_start: start,
      period_end: start + MONTH,
      hosted_invoice_url: `${this.url}/invoice/${this.invoices.size + 1}`,
      parent: {
        type: "subscription_details",
        quote_details: null,
        subscription_details: { subscription: subscription.id, metadata: {} },
      },
      lines: {
        object: "list",
        data: items.map((item) => ({
          id: id("il"),
          object: "line_item",
          amount: 2900,
          period: { start, end: start + MONTH },
          pricing: { type: "price_details", price_details: { price: item.price.id } },
        })),
        has_more: false,
      },
      livemode: false,
    };
    this.invoices.set(String(invoice.id), invoice);
    return invoice;
  }

  /** An event envelope as Stripe posts it (sign the JSON with generateTestHeaderString). */
  event(type: string, object: Json): Json {
    return {
      id: id("evt"),
      object: "event",
      api_version: "2026-11-18.endive",
      created: nowSeconds(),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", this.url);
    const body =
      req.method === "GET"
        ? Object.fromEntries(url.searchParams)
        : parseStripeForm(Buffer.concat(chunks).toString("utf8"));
    const idempotencyKey = req.headers["idempotency-key"] as string | undefined;
    this.requests.push({ method: req.method ?? "GET", path: url.pathname, body, idempotencyKey });
    const send = (status: number, payload: Json) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": id("req") });
      res.end(JSON.stringify(payload));
    };
    // The browser lands here from Checkout / the Portal: a page saying so, not an API error.
    if (req.method === "GET" && /^\/(c\/pay|p\/session)\//.test(url.pathname)) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><title>Test Stripe</title><h1>Local Stripe test page</h1><p>${url.pathname}</p>`,
      );
      return;
    }
    // Tests in another process drive Stripe's side over HTTP: the customer pays a session.
    const control =
      req.method === "POST" && url.pathname.match(/^\/_test\/checkout\/([^/]+)\/complete$/);
    if (control) {
      if (!this.sessions.has(control[1]!)) return send(404, { error: { message: "no session" } });
      return send(
        200,
        this.event("checkout.session.completed", this.completeCheckout(control[1]!)),
      );
    }
    const replayKey = idempotencyKey ? `${req.method} ${url.pathname} ${idempotencyKey}` : null;
    const earlier = replayKey ? this.replies.get(replayKey) : undefined;
    if (earlier) return send(earlier.status, earlier.body);
    const { status, payload } = this.route(req.method ?? "GET", url.pathname, body);
    if (replayKey && req.method === "POST") this.replies.set(replayKey, { status, body: payload });
    send(status, payload);
  }

  private route(method: string, path: string, body: Json): { status: number; payload: Json } {
    const ok = (payload: Json) => ({ status: 200, payload });
    const missing = (what: string) => ({
      status: 404,
      payload: {
        error: {
          type: "invalid_request_error",
          code: "resource_missing",
          message: `No such ${what}`,
        },
      },
    });
    const found = (map: Map<string, Json>, key: string, what: string) => {
      const object = map.get(key);
      return object ? ok(object) : missing(what);
    };
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/customers") {
      const customer = {
        id: id("cus"),
        object: "customer",
        name: body.name ?? null,
        email: body.email ?? null,
        metadata: body.metadata ?? {},
        created: nowSeconds(),
        livemode: false,
      };
      this.customers.set(customer.id, customer);
      return ok(customer);
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const sessionId = id("cs_test");
      const session: Json = {
        id: sessionId,
        object: "checkout.session",
        mode: body.mode,
        customer: body.customer ?? null,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        line_items: body.line_items ?? [],
        subscription_data: body.subscription_data ?? null,
        status: "open",
        payment_status: "unpaid",
        subscription: null,
        payment_intent: null,
        amount_total: body.mode === "payment" ? 1000 : null,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        url: `${this.url}/c/pay/${sessionId}`,
        created: nowSeconds(),
        livemode: false,
      };
      this.sessions.set(sessionId, session);
      return ok(session);
    }
    if (method === "GET" && path === "/v1/checkout/sessions") {
      const data = [...this.sessions.values()].filter(
        (session) => !body.payment_intent || session.payment_intent === body.payment_intent,
      );
      return ok({ object: "list", url: path, has_more: false, data });
    }
    if (method === "GET" && (m = path.match(/^\/v1\/charges\/([^/]+)$/)))
      return found(this.charges, m[1]!, "charge");
    if (method === "GET" && path === "/v1/refunds") {
      const data = [...this.refunds.values()].filter(
        (refund) => !body.charge || refund.charge === body.charge,
      );
      return ok({ object: "list", url: path, has_more: false, data });
    }
    if (method === "GET" && (m = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/)))
      return found(this.sessions, m[1]!, "checkout.session");
    if (method === "POST" && path === "/v1/billing_portal/sessions")
      return ok({
        id: id("bps"),
        object: "billing_portal.session",
        customer: body.customer,
        return_url: body.return_url ?? null,
        url: `${this.url}/p/session/${id("test")}`,
        created: nowSeconds(),
        livemode: false,
      });
    if (method === "GET" && (m = path.match(/^\/v1\/subscriptions\/([^/]+)$/)))
      return found(this.subscriptions, m[1]!, "subscription");
    if (method === "GET" && (m = path.match(/^\/v1\/invoices\/([^/]+)$/)))
      return found(this.invoices, m[1]!, "invoice");
    if (method === "GET" && path === "/v1/invoices") {
      const data = [...this.invoices.values()]
        .filter((inv) => !body.customer || inv.customer === body.customer)
        .sort((a, b) => Number(b.created) - Number(a.created))
        .slice(0, Number(body.limit ?? 10));
      return ok({ object: "list", url: "/v1/invoices", has_more: false, data });
    }
    if (method === "POST" && path === "/v1/billing/meter_events") {
      const event = {
        object: "billing.meter_event",
        event_name: body.event_name,
        identifier: body.identifier,
        payload: body.payload,
        timestamp: Number(body.timestamp),
        created: nowSeconds(),
        livemode: false,
      };
      this.meterEvents.push(event);
      return ok(event);
    }
    return missing(`route ${method} ${path}`);
  }
}

export async function startFakeStripe(port = 0): Promise<FakeStripe> {
  return new FakeStripe().start(port);
}
