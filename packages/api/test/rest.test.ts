import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { deliverDueWebhooks, queueGenerationEvents } from "@hyperposter/jobs";
import { startReceiver, verifyStandardWebhook, type Receiver } from "@hyperposter/devstack";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleRestRequest, KeyRateLimiter, type RestHandlerDeps } from "../src/rest";
import { generationCharges, getCreditBalance, grantCredits } from "../src/services/credits";
import {
  callerAs,
  makeUser,
  makeWorkspace,
  startHarness,
  TEST_PRESET,
  type Harness,
} from "./harness";

const BASE = "http://app.test/api/v1";
const policy = { requireHttps: false, allowAddresses: ["127.0.0.2"], allowPrivate: false };

let h: Harness;
let deps: RestHandlerDeps;
let receiver: Receiver;
let openapi: {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);

beforeAll(async () => {
  h = await startHarness("rest");
  deps = {
    ...h.deps,
    apiBase: BASE,
    docsUrl: "http://app.test/docs/api",
    rateLimiter: new KeyRateLimiter(h.db, { points: 1000, windowSeconds: 60 }),
    bodyLimitBytes: 64 * 1024,
    webhookPolicy: policy,
  };
  receiver = await startReceiver("whsec_", () => ({ status: 200 }));
  openapi = (await (await call("GET", "/openapi.json")).json()) as typeof openapi;
  ajv.addSchema(openapi, "openapi.json");
});
afterAll(async () => {
  await receiver?.close();
  await h?.stop();
});

function call(
  method: string,
  path: string,
  options: {
    key?: string;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
    d?: RestHandlerDeps;
  } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    body = options.raw ?? JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  return handleRestRequest(
    options.d ?? deps,
    new Request(`${BASE}${path}`, { method, headers, body }),
    {
      ip: "203.0.113.9",
    },
  );
}

/** Validates a response against the served document: its status must be documented, its body must match. */
async function checked(response: Response, method: string, template: string): Promise<unknown> {
  const body = (await response.json()) as unknown;
  const operation = openapi.paths[template]?.[method.toLowerCase()];
  expect(operation, `${method} ${template} is documented`).toBeDefined();
  const documented = operation!.responses[String(response.status)];
  expect(documented, `${method} ${template} documents ${response.status}`).toBeDefined();
  const schema = documented!.content?.["application/json"]?.schema;
  if (schema) {
    const validate = ajv.compile({
      $ref:
        "openapi.json#/paths/" +
        encodePointer(template) +
        `/${method.toLowerCase()}/responses/${response.status}/content/application~1json/schema`,
    });
    const valid = validate(body);
    expect(validate.errors ?? [], JSON.stringify(body).slice(0, 300)).toEqual([]);
    expect(valid).toBe(true);
  }
  return body;
}
const encodePointer = (path: string) =>
  path.replace(/~/g, "~0").replace(/\//g, "~1").replace(/[{}]/g, encodeURIComponent);

async function agency(slug: string, credits = 100) {
  const owner = await makeUser(h.db, `owner@${slug}.test`);
  const workspace = await makeWorkspace(h.db, slug, [{ userId: owner.id, role: "OWNER" }]);
  // API keys are an Agency feature (the plan is set directly: no monthly grant muddles the figures).
  await h.db.workspace.update({ where: { id: workspace.id }, data: { plan: "AGENCY" } });
  if (credits > 0)
    await grantCredits(h.deps, {
      workspaceId: workspace.id,
      amount: credits,
      actionId: `t:${slug}`,
    });
  const api = callerAs(h.deps, owner);
  const preset = await api.preset.create({
    workspaceSlug: slug,
    preset: { ...TEST_PRESET, name: `${slug} preset` },
  });
  const key = async (
    scopes: string[] = ["generations:read", "generations:write", "presets:read", "presets:write"],
  ) => api.apiKey.create({ workspaceSlug: slug, name: "ci", scopes: scopes as never });
  return { owner, workspace, api, preset, key };
}

const brief = {
  product: "Osmanthus oolong tea",
  offer: "Second cup half price",
  formats: ["instagram-square", "story"],
};

describe("API keys", () => {
  it("need a plan with API access, and stop working when the workspace leaves it", async () => {
    const a = await agency("rest-plan");
    const { key } = await a.key();
    expect((await call("GET", "/usage", { key })).status).toBe(200);
    await h.db.workspace.update({ where: { id: a.workspace.id }, data: { plan: "PRO" } });
    const refused = await call("GET", "/usage", { key });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: { type: "permission_error", message: expect.stringMatching(/Agency plan/) },
    });
    await expect(a.key()).rejects.toThrow(/API access comes with the Agency plan/);
  });

  it("are shown once, work at once, and stop at the next request after revocation", async () => {
    const a = await agency("rest-keys");
    const created = await a.key();
    expect(created.key).toMatch(/^hp_live_[A-Za-z0-9]{12}[A-Za-z0-9]{43}$/);
    const listed = await a.api.apiKey.list({ workspaceSlug: "rest-keys" });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed[0]?.prefix).toBe(created.key.slice(0, 20));

    const usage = await call("GET", "/usage", { key: created.key });
    expect(usage.status).toBe(200);
    expect(await checked(usage, "GET", "/usage")).toMatchObject({
      workspace: "rest-keys",
      credits: 100,
    });
    const used = (await a.api.apiKey.list({ workspaceSlug: "rest-keys" }))[0];
    expect(used?.lastUsedIp).toBe("203.0.113.9");
    expect(used?.lastUsedAt).not.toBeNull();

    await a.api.apiKey.revoke({ workspaceSlug: "rest-keys", keyId: created.id });
    const revoked = await call("GET", "/usage", { key: created.key });
    expect(revoked.status).toBe(401);
    expect(await checked(revoked, "GET", "/usage")).toMatchObject({
      error: { type: "authentication_error", field: "Authorization" },
    });
    for (const bad of [undefined, "hp_live_nope", `${created.key.slice(0, -1)}x`, "Basic abc"]) {
      const response = await call(
        "GET",
        "/usage",
        bad ? { headers: { authorization: bad.startsWith("Basic") ? bad : `Bearer ${bad}` } } : {},
      );
      expect(response.status, String(bad)).toBe(401);
    }
  });

  it("reach only their own workspace, and only what their scopes allow", async () => {
    const a = await agency("rest-a");
    const b = await agency("rest-b");
    const keyA = (await a.key()).key;
    const keyB = (await b.key()).key;
    const submitted = await call("POST", "/generations", {
      key: keyB,
      body: { brief, preset_id: b.preset.id },
    });
    expect(submitted.status).toBe(202);
    const { id } = (await checked(submitted, "POST", "/generations")) as { id: string };
    for (const [method, path] of [
      ["GET", `/generations/${id}`],
      ["DELETE", `/generations/${id}`],
    ] as const) {
      const response = await call(method, path, { key: keyA });
      expect(response.status).toBe(404);
      await checked(response, method, "/generations/{id}");
    }
    const foreignPreset = await call("POST", "/generations", {
      key: keyA,
      body: { brief, preset_id: b.preset.id },
    });
    expect(foreignPreset.status).toBe(404);
    expect(await foreignPreset.json()).toMatchObject({ error: { field: "presetId" } });

    const readOnly = (await a.key(["generations:read"])).key;
    const refused = await call("POST", "/generations", {
      key: readOnly,
      body: { brief, preset_id: a.preset.id },
    });
    expect(refused.status).toBe(403);
    expect(await checked(refused, "POST", "/generations")).toMatchObject({
      error: { type: "permission_error", message: expect.stringMatching(/generations:write/) },
    });
    expect((await call("GET", "/presets", { key: readOnly })).status).toBe(403);
    expect((await call("GET", "/generations", { key: readOnly })).status).toBe(200);
  });
});

describe("generations over REST", () => {
  it("submit → 202 with status and cancel URLs; get, list with a cursor, cancel; every body matches the document", async () => {
    const a = await agency("rest-flow");
    const key = (await a.key()).key;
    const accepted = await call("POST", "/generations", {
      key,
      body: { brief, preset_id: a.preset.id, variants: 2, seed: 7, passthrough: "order-42" },
    });
    expect(accepted.status).toBe(202);
    const body = (await checked(accepted, "POST", "/generations")) as {
      id: string;
      status_url: string;
      cost: number;
    };
    expect(body).toMatchObject({
      status: "queued",
      cost: 4,
      status_url: `${BASE}/generations/${body.id}`,
    });

    const got = await call("GET", `/generations/${body.id}`, { key });
    const generation = (await checked(got, "GET", "/generations/{id}")) as Record<string, unknown>;
    expect(generation).toMatchObject({
      status: "queued",
      seed: 7,
      passthrough: "order-42",
      variants: 2,
    });
    expect(generation.queue_position).toBeGreaterThanOrEqual(1);

    for (let i = 0; i < 2; i += 1)
      await call("POST", "/generations", { key, body: { brief, preset_id: a.preset.id } });
    const first = (await checked(
      await call("GET", "/generations?limit=2", { key }),
      "GET",
      "/generations",
    )) as {
      data: { id: string }[];
      next_cursor: string;
    };
    expect(first.data).toHaveLength(2);
    const second = (await checked(
      await call("GET", `/generations?limit=2&cursor=${first.next_cursor}`, { key }),
      "GET",
      "/generations",
    )) as { data: { id: string }[]; next_cursor: string | null };
    expect(second.data.map((g) => g.id)).toEqual([body.id]);
    expect(second.next_cursor).toBeNull();
    const queued = (await (await call("GET", "/generations?status=canceled", { key })).json()) as {
      data: unknown[];
    };
    expect(queued.data).toHaveLength(0);

    const canceled = await call("DELETE", `/generations/${body.id}`, { key });
    expect(await checked(canceled, "DELETE", "/generations/{id}")).toMatchObject({
      status: "canceled",
      error: { code: "CANCELED" },
    });
    const usage = (await (await call("GET", "/usage", { key })).json()) as { credits: number };
    expect(usage.credits).toBe(100 - 2 - 2);
  });

  it("answers bad input with 4xx in one shape naming the field", async () => {
    const a = await agency("rest-bad");
    const key = (await a.key()).key;
    const cases: Array<[string, string, Parameters<typeof call>[2], number, string | null]> = [
      [
        "POST",
        "/generations",
        { key, body: { brief: { ...brief, product: "" }, preset_id: a.preset.id } },
        400,
        "brief.product",
      ],
      [
        "POST",
        "/generations",
        { key, body: { brief, preset_id: a.preset.id, variants: 9 } },
        400,
        "variants",
      ],
      [
        "POST",
        "/generations",
        { key, body: { brief, preset_id: a.preset.id, extra: 1 } },
        400,
        "extra",
      ],
      [
        "POST",
        "/generations",
        { key, body: { brief, preset_id: a.preset.id, passthrough: "x".repeat(1025) } },
        400,
        "passthrough",
      ],
      [
        "POST",
        "/generations",
        { key, body: { brief, preset_id: a.preset.id, webhook_url: "http://127.0.0.1/h" } },
        400,
        "webhook_url",
      ],
      ["POST", "/generations", { key, raw: "{not json" }, 400, "body"],
      [
        "POST",
        "/generations",
        { key, raw: "{}", headers: { "content-type": "text/plain" } },
        415,
        "Content-Type",
      ],
      [
        "POST",
        "/generations",
        { key, raw: JSON.stringify({ brief: { product: "x".repeat(70_000) } }) },
        413,
        "body",
      ],
      ["GET", "/generations?limit=1000", { key }, 400, "limit"],
      ["GET", "/generations?cursor=zzz", { key }, 400, "cursor"],
      ["GET", "/generations/nope", { key }, 404, "generationId"],
      ["PUT", "/generations", { key }, 405, "method"],
      ["GET", "/nothing-here", { key }, 404, "path"],
      ["PATCH", "/presets/nope", { key, body: { name: "X" } }, 404, "presetId"],
    ];
    for (const [method, path, options, status, field] of cases) {
      const response = await call(method, path, options);
      const text = await response.text();
      expect(response.status, `${method} ${path}: ${text}`).toBe(status);
      const parsed = JSON.parse(text) as {
        error: { field: string | null; message: string; doc_url: string };
      };
      if (field) expect(parsed.error.field, `${method} ${path}: ${text}`).toBe(field);
      expect(parsed.error.message).toMatch(/\.$/);
      expect(parsed.error.doc_url).toMatch(/^http:\/\/app\.test\/docs\/api#error-/);
    }
  });

  it("keeps random bodies, paths and headers on every endpoint to 4xx", async () => {
    const a = await agency("rest-fuzz");
    const key = (await a.key()).key;
    const paths = [
      "/generations",
      "/generations/x",
      `/presets/${a.preset.id}`,
      "/presets",
      "/formats",
      "/usage",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT"),
        fc.constantFrom(...paths),
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify({ brief: v, preset_id: v })),
        ),
        fc.option(fc.string({ maxLength: 40 })),
        async (method, path, raw, idempotencyKey) => {
          const response = await call(method, path, {
            key,
            ...(method === "POST" || method === "PATCH" ? { raw } : {}),
            ...(idempotencyKey !== null ? { headers: { "idempotency-key": idempotencyKey } } : {}),
          });
          expect(response.status, `${method} ${path} ${raw.slice(0, 80)}`).toBeLessThan(500);
          const template = path.startsWith("/generations/")
            ? "/generations/{id}"
            : path.startsWith("/presets/")
              ? "/presets/{id}"
              : path;
          // A documented operation's answer must match the document; others are 405s in the error shape.
          if (openapi.paths[template]?.[method.toLowerCase()])
            await checked(response, method, template);
          else {
            expect(response.status).toBe(405);
            expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
              "invalid_request_error",
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("Idempotency-Key", () => {
  it("20 parallel POSTs with one key make one generation and one hold, and answer the same body 20 times", async () => {
    const a = await agency("rest-idem");
    const key = (await a.key()).key;
    const body = { brief, preset_id: a.preset.id };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        call("POST", "/generations", { key, body, headers: { "idempotency-key": "order-7781" } }),
      ),
    );
    const texts = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
    expect(new Set(texts).size).toBe(1);
    expect(responses.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(
      19,
    );
    const generations = await h.db.generation.findMany({ where: { workspaceId: a.workspace.id } });
    expect(generations).toHaveLength(1);
    // One hold of 2 credits (two formats, one variant), not 20.
    expect(await generationCharges(h.deps, a.workspace.id, generations[0]!.id)).toMatchObject({
      held: 2,
    });
    expect(await getCreditBalance(h.deps, a.workspace.id)).toBe(98);

    const other = await call("POST", "/generations", {
      key,
      body: { ...body, variants: 2 },
      headers: { "idempotency-key": "order-7781" },
    });
    expect(other.status).toBe(422);
    expect(await checked(other, "POST", "/generations")).toMatchObject({
      error: { type: "idempotency_error", field: "Idempotency-Key" },
    });
  });

  it("answers 409 while the first request with the key is still running", async () => {
    const a = await agency("rest-idem-busy");
    // The first request's row, as it is while that request runs.
    const { requestFingerprint } = await import("../src/rest/idempotency");
    const raw = JSON.stringify({ brief, preset_id: a.preset.id });
    await h.db.idempotencyKey.create({
      data: {
        workspaceId: a.workspace.id,
        key: "busy-1",
        requestHash: requestFingerprint("POST", "/generations", raw),
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const { withIdempotencyKey } = await import("../src/rest/idempotency");
    const error = await withIdempotencyKey(
      h.db,
      {
        workspaceId: a.workspace.id,
        key: "busy-1",
        fingerprint: requestFingerprint("POST", "/generations", raw),
      },
      async () => ({ status: 200, body: "{}" }),
      { waitMs: 200 },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: "idempotency_in_progress" });
  });
});

describe("rate limits", () => {
  it("refuse a burst past the window with 429 and Retry-After, then refill", async () => {
    const a = await agency("rest-rate");
    const key = (await a.key()).key;
    const limited = {
      ...deps,
      rateLimiter: new KeyRateLimiter(h.db, { points: 5, windowSeconds: 1 }),
    };
    const statuses = [];
    for (let i = 0; i < 7; i += 1) {
      const response = await call("GET", "/formats", { key, d: limited });
      statuses.push(response.status);
      if (i === 0) {
        expect(response.headers.get("ratelimit-limit")).toBe("5");
        expect(response.headers.get("ratelimit-remaining")).toBe("4");
      }
      if (response.status === 429) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        await checked(response, "GET", "/formats");
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await call("GET", "/formats", { key, d: limited })).status).toBe(200);
  });
});

describe("per-request webhooks", () => {
  it("deliver the terminal event with passthrough, signed with the workspace's API webhook secret", async () => {
    const a = await agency("rest-hook");
    const key = (await a.key()).key;
    const accepted = (await (
      await call("POST", "/generations", {
        key,
        body: {
          brief,
          preset_id: a.preset.id,
          webhook_url: receiver.url("/api-hook"),
          passthrough: "job 9",
        },
      })
    ).json()) as { id: string };
    await call("DELETE", `/generations/${accepted.id}`, { key });
    expect(await queueGenerationEvents(h.db)).toBeGreaterThanOrEqual(1);
    await deliverDueWebhooks(h.db, { policy });
    const got = receiver.received.find((r) => JSON.parse(r.body).data.id === accepted.id);
    expect(got).toBeDefined();
    const { secret } = await a.api.apiKey.webhookSecret({ workspaceSlug: "rest-hook" });
    expect(verifyStandardWebhook(secret, got!.headers, got!.body)).toBe(true);
    expect(JSON.parse(got!.body)).toMatchObject({
      type: "generation.canceled",
      data: { id: accepted.id, passthrough: "job 9" },
    });
  });
});

describe("products over REST", () => {
  it("uploads a product photo, lists the library, and generates with product_id", async () => {
    const { readFileSync } = await import("node:fs");
    const bottle = readFileSync(
      new URL("../../../examples/products/cold-brew-bottle.jpg", import.meta.url),
    );
    const a = await agency("rest-products");
    const { key } = await a.key();
    const d = { ...deps, uploadBodyLimitBytes: 2 * 1024 * 1024 };
    const made = await call("POST", "/products", {
      key,
      d,
      body: {
        name: "Cold brew",
        file_name: "bottle.jpg",
        content_base64: bottle.toString("base64"),
      },
    });
    expect(made.status).toBe(201);
    const product = (await checked(made, "POST", "/products")) as {
      id: string;
      photos: Array<{ id: string; method: string; needs_confirmation: boolean }>;
    };
    expect(product.photos).toMatchObject([{ method: "backdrop", needs_confirmation: false }]);
    // The upload body limit applies to an upload (the ordinary 64 KB one does not).
    const tooBig = await call("POST", "/products", {
      key,
      d: { ...deps, uploadBodyLimitBytes: 16 * 1024 },
      body: { file_name: "bottle.jpg", content_base64: bottle.toString("base64") },
    });
    expect(tooBig.status).toBe(413);
    const notImage = await call("POST", "/products", {
      key,
      d,
      body: { file_name: "a.txt", content_base64: Buffer.from("hello").toString("base64") },
    });
    expect(notImage.status).toBe(400);
    expect(await notImage.json()).toMatchObject({
      error: { field: "file", message: "file must be a PNG, JPEG or WebP photo." },
    });
    const list = (await checked(await call("GET", "/products", { key }), "GET", "/products")) as {
      data: Array<{ id: string }>;
    };
    expect(list.data.map((p) => p.id)).toEqual([product.id]);

    const accepted = await call("POST", "/generations", {
      key,
      body: { brief, preset_id: a.preset.id, product_id: product.id },
    });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    const view = (await checked(
      await call("GET", `/generations/${id}`, { key }),
      "GET",
      "/generations/{id}",
    )) as { product: unknown };
    expect(view.product).toEqual({
      id: product.id,
      photo_id: product.photos[0]!.id,
      name: "Cold brew",
      cutout: null,
    });
    const both = await call("POST", "/generations", {
      key,
      body: {
        brief,
        preset_id: a.preset.id,
        product_id: product.id,
        product_photo_id: product.photos[0]!.id,
      },
    });
    expect(both.status).toBe(400);
    const unknown = await call("POST", "/generations", {
      key,
      body: { brief, preset_id: a.preset.id, product_photo_id: "nope" },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { field: "product_photo_id" } });
  });

  it("renames, describes, confirms an uncertain cut-out, removes a photo and deletes a product", async () => {
    const { syntheticPhoto } = await import("@hyperposter/pipeline");
    const sharp = (await import("sharp")).default;
    const { readFileSync } = await import("node:fs");
    const bottle = readFileSync(
      new URL("../../../examples/products/cold-brew-bottle.jpg", import.meta.url),
    );
    const busy = syntheticPhoto(4);
    const busyPng = await sharp(Buffer.from(busy.photo.data), {
      raw: { width: busy.photo.width, height: busy.photo.height, channels: 4 },
    })
      .removeAlpha()
      .png()
      .toBuffer();
    const a = await agency("rest-products-edit");
    const { key } = await a.key();
    const d = { ...deps, uploadBodyLimitBytes: 2 * 1024 * 1024 };
    type P = {
      id: string;
      name: string;
      photos: Array<{ id: string; needs_confirmation: boolean }>;
    };
    const made = (await checked(
      await call("POST", "/products", {
        key,
        d,
        body: { file_name: "bottle.jpg", content_base64: bottle.toString("base64") },
      }),
      "POST",
      "/products",
    )) as P;
    const withBusy = (await checked(
      await call("POST", "/products", {
        key,
        d,
        body: {
          product_id: made.id,
          file_name: "busy.png",
          content_base64: busyPng.toString("base64"),
        },
      }),
      "POST",
      "/products",
    )) as P;
    const uncertain = withBusy.photos.find((p) => p.needs_confirmation);
    expect(uncertain).toBeDefined();

    // Rename: the name is checked like in the studio.
    const renamed = (await checked(
      await call("PATCH", `/products/${made.id}`, { key, body: { name: "  Cold brew 1L " } }),
      "PATCH",
      "/products/{id}",
    )) as P;
    expect(renamed.name).toBe("Cold brew 1L");
    const blank = await call("PATCH", `/products/${made.id}`, { key, body: { name: " " } });
    expect(blank.status).toBe(400);
    expect(await blank.json()).toMatchObject({ error: { field: "name" } });
    const missing = await call("PATCH", "/products/nope", { key, body: { name: "x" } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { field: "id" } });

    // Describe: without a vision endpoint, the photo's colours, ready for brief.productDescription.
    const described = (await checked(
      await call("POST", `/products/${made.id}/photos/${made.photos[0]!.id}/describe`, { key }),
      "POST",
      "/products/{id}/photos/{photo_id}/describe",
    )) as { source: string; colors: string[]; product_description: { colors: string[] } };
    expect(described.source).toBe("local");
    expect(described.colors.length).toBeGreaterThan(0);
    expect(described.product_description.colors).toEqual(described.colors);

    // An uncertain cut-out cannot start a generation until it is confirmed over REST.
    const refused = await call("POST", "/generations", {
      key,
      body: { brief, preset_id: a.preset.id, product_photo_id: uncertain!.id },
    });
    expect(refused.status).toBe(400);
    const confirmed = (await checked(
      await call("POST", `/products/${made.id}/photos/${uncertain!.id}/confirm`, { key }),
      "POST",
      "/products/{id}/photos/{photo_id}/confirm",
    )) as P;
    expect(confirmed.photos.find((p) => p.id === uncertain!.id)?.needs_confirmation).toBe(false);
    const accepted = await call("POST", "/generations", {
      key,
      body: {
        brief: { ...brief, productDescription: described.product_description },
        preset_id: a.preset.id,
        product_photo_id: uncertain!.id,
      },
    });
    expect(accepted.status).toBe(202);
    // A photo of another product is not found under this one.
    const wrong = await call("POST", `/products/nope/photos/${uncertain!.id}/confirm`, { key });
    expect(wrong.status).toBe(404);

    // Remove a photo, then delete the product: it leaves the library.
    const fewer = (await checked(
      await call("DELETE", `/products/${made.id}/photos/${uncertain!.id}`, { key }),
      "DELETE",
      "/products/{id}/photos/{photo_id}",
    )) as P;
    expect(fewer.photos.map((p) => p.id)).toEqual([made.photos[0]!.id]);
    const gone = await call("DELETE", `/products/${made.id}/photos/${uncertain!.id}`, { key });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { field: "photo_id" } });
    expect(
      await checked(
        await call("DELETE", `/products/${made.id}`, { key }),
        "DELETE",
        "/products/{id}",
      ),
    ).toEqual({ id: made.id, object: "product", deleted: true });
    const list = (await (await call("GET", "/products", { key })).json()) as { data: unknown[] };
    expect(list.data).toEqual([]);

    // A read-only key may not change the library.
    const { key: reader } = await a.key(["presets:read"]);
    const forbidden = await call("DELETE", `/products/${made.id}`, { key: reader });
    expect(forbidden.status).toBe(403);
  });
});
