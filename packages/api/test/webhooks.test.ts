import { deliverDueWebhooks, queueGenerationEvents } from "@hyperposter/jobs";
import { startReceiver, type Receiver } from "@hyperposter/devstack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, errorOf, makeUser, makeWorkspace, startHarness, type Harness } from "./harness";

let h: Harness;
let receiver: Receiver;
const devPolicy = { requireHttps: false, allowAddresses: ["127.0.0.2"], allowPrivate: false };
beforeAll(async () => {
  h = await startHarness("webhooks");
  // The secret is only known once the endpoint exists: the receiver learns it then.
  receiver = await startReceiver("whsec_", () => ({ status: 204 }));
});
afterAll(async () => {
  await receiver?.close();
  await h?.stop();
});

async function team(slug: string) {
  const owner = await makeUser(h.db, `owner@${slug}.test`);
  const editor = await makeUser(h.db, `editor@${slug}.test`);
  const workspace = await makeWorkspace(h.db, slug, [
    { userId: owner.id, role: "OWNER" },
    { userId: editor.id, role: "EDITOR" },
  ]);
  return { owner, editor, workspace };
}

describe("webhook endpoints", () => {
  it("shows the secret once, lists without it, and signs deliveries with it", async () => {
    const { owner, workspace } = await team("hooks-a");
    const api = callerAs({ ...h.deps, webhookPolicy: devPolicy }, owner);
    const created = await api.webhook.create({
      workspaceSlug: workspace.slug,
      url: receiver.url(),
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.events).toEqual([
      "generation.succeeded",
      "generation.failed",
      "generation.canceled",
    ]);
    const listed = await api.webhook.list({ workspaceSlug: workspace.slug });
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    await h.db.generation.create({
      data: {
        workspaceId: workspace.id,
        brief: {},
        seed: 1,
        variants: 1,
        formats: [],
        backend: "procedural",
        traceId: "t",
        status: "CANCELED",
        finishedAt: new Date(),
      },
    });
    expect(await queueGenerationEvents(h.db)).toBe(1);
    expect((await deliverDueWebhooks(h.db, { policy: devPolicy })).delivered).toBe(1);
    const { verifyStandardWebhook } = await import("@hyperposter/devstack");
    const got = receiver.received.at(-1)!;
    expect(verifyStandardWebhook(created.secret, got.headers, got.body)).toBe(true);
    expect(JSON.parse(got.body).type).toBe("generation.canceled");

    const log = await api.webhook.deliveries({ workspaceSlug: workspace.slug });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: "DELIVERED", attempts: 1, nextAttemptAt: null });
    expect(log[0]?.attemptLog[0]).toMatchObject({ outcome: "delivered", httpStatus: 204 });
    const replay = await api.webhook.replay({
      workspaceSlug: workspace.slug,
      deliveryId: log[0]!.id,
    });
    expect(replay.id).not.toBe(log[0]!.id);
    expect((await deliverDueWebhooks(h.db, { policy: devPolicy })).delivered).toBe(1);
    expect(receiver.received.at(-1)?.headers["webhook-id"]).toBe(replay.id);
  });

  it("refuses private, loopback and plain-http targets with a sentence naming url", async () => {
    const { owner, workspace } = await team("hooks-b");
    const strict = callerAs(h.deps, owner);
    for (const [url, pattern] of [
      ["http://example.com/hooks", /url must use https/],
      [
        "https://127.0.0.1/hooks",
        /url must point at a public address \(127\.0\.0\.1 is a loopback address\)/,
      ],
      ["https://169.254.169.254/latest", /linkLocal/],
      ["https://localhost/hooks", /localhost resolves to/],
      ["https://user:pw@example.com/", /user name or password/],
    ] as const) {
      const error = await errorOf(strict.webhook.create({ workspaceSlug: workspace.slug, url }));
      expect(error.code, url).toBe("BAD_REQUEST");
      expect(error.message, url).toMatch(pattern);
    }
    expect(await h.db.webhookEndpoint.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("is for admins only, and one workspace cannot touch another's endpoints or deliveries", async () => {
    const a = await team("hooks-c");
    const b = await team("hooks-d");
    const asEditor = callerAs({ ...h.deps, webhookPolicy: devPolicy }, a.editor);
    expect((await errorOf(asEditor.webhook.list({ workspaceSlug: a.workspace.slug }))).code).toBe(
      "FORBIDDEN",
    );
    const ownerA = callerAs({ ...h.deps, webhookPolicy: devPolicy }, a.owner);
    const ownerB = callerAs({ ...h.deps, webhookPolicy: devPolicy }, b.owner);
    const endpoint = await ownerA.webhook.create({
      workspaceSlug: a.workspace.slug,
      url: receiver.url(),
    });
    const notFound = await errorOf(
      ownerB.webhook.delete({ workspaceSlug: b.workspace.slug, endpointId: endpoint.id }),
    );
    expect(notFound.code).toBe("NOT_FOUND");
    expect(
      (
        await errorOf(
          ownerB.webhook.create({ workspaceSlug: a.workspace.slug, url: receiver.url() }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    await ownerA.webhook.delete({ workspaceSlug: a.workspace.slug, endpointId: endpoint.id });
    expect(await ownerA.webhook.list({ workspaceSlug: a.workspace.slug })).toEqual([]);
  });

  it("caps endpoints per workspace and validates events", async () => {
    const { owner, workspace } = await team("hooks-e");
    const api = callerAs({ ...h.deps, webhookPolicy: devPolicy }, owner);
    const bad = await errorOf(
      api.webhook.create({
        workspaceSlug: workspace.slug,
        url: receiver.url(),
        events: ["generation.exploded" as "generation.failed"],
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/events must be among generation\.succeeded/);
    for (let i = 0; i < 10; i += 1)
      await api.webhook.create({ workspaceSlug: workspace.slug, url: receiver.url(`/h${i}`) });
    const full = await errorOf(
      api.webhook.create({ workspaceSlug: workspace.slug, url: receiver.url() }),
    );
    expect(full.code).toBe("CONFLICT");
    expect(full.message).toMatch(/already has 10 webhook endpoints/);
  });
});
