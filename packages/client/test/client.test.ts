import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createApiKey,
  createPreset,
  grantCredits,
  handleRestRequest,
  KeyRateLimiter,
  type RestHandlerDeps,
} from "@hyperposter/api";
import { createDb, type Db } from "@hyperposter/db";
import { createTestDatabase, type TestDatabase } from "@hyperposter/devstack";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createHyperposterClient, type HyperposterClient } from "../src";
import { renderSchemaTypes } from "../scripts/render";

describe("the generated types", () => {
  it("match the OpenAPI document the API serves (npm run generate -w @hyperposter/client)", async () => {
    const committed = readFileSync(join(import.meta.dirname, "../src/schema.ts"), "utf8");
    expect(committed).toBe(await renderSchemaTypes());
  });
});

describe("the typed client against the real handler", () => {
  let database: TestDatabase;
  let db: Db;
  let client: HyperposterClient;
  let presetId: string;
  beforeAll(async () => {
    database = await createTestDatabase(inject("pgAdminUrl"), "client");
    db = createDb(database.url, { max: 4 });
    const workspace = await db.workspace.create({
      data: { slug: "client-ws", name: "Client", plan: "AGENCY" },
    });
    await grantCredits({ db }, { workspaceId: workspace.id, amount: 20, actionId: "client:grant" });
    const deps: RestHandlerDeps = {
      db,
      // Nothing here reads assets: a storage is only needed for presigned URLs of finished work.
      storage: undefined as never,
      assetUrlTtlSeconds: 600,
      apiBase: "http://api.test/api/v1",
      docsUrl: "http://api.test/docs/api",
      rateLimiter: new KeyRateLimiter(db),
      bodyLimitBytes: 64 * 1024,
    };
    const preset = await createPreset(deps, workspace.id, null, {
      name: "Client preset",
      colors: {
        primary: "#111111",
        secondary: "#222222",
        accent: "#333333",
        background: "#FFFFFF",
        text: "#000000",
      },
      fonts: { heading: "Inter", body: "Inter" },
      tone: "",
      styleKeywords: [],
      negative: [],
      logoFileId: null,
      headingFontFileId: null,
      bodyFontFileId: null,
      styleReferences: [],
    });
    presetId = preset.id;
    const { key } = await createApiKey(db, workspace.id, {
      name: "client test",
      scopes: ["generations:read", "generations:write"],
      createdById: "nobody",
    });
    client = createHyperposterClient({
      baseUrl: "http://api.test/api/v1",
      apiKey: key,
      fetch: (input, init) =>
        handleRestRequest(deps, new Request(input, init), { ip: "198.51.100.1" }),
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("submits, reads, lists and cancels with typed bodies and errors", async () => {
    const submitted = await client.POST("/generations", {
      body: {
        brief: { product: "Cold brew", formats: ["instagram-square"] },
        preset_id: presetId,
        passthrough: "crm-17",
      },
      headers: { "Idempotency-Key": "client-1" },
    });
    expect(submitted.response.status).toBe(202);
    const id = submitted.data!.id;
    const read = await client.GET("/generations/{id}", { params: { path: { id } } });
    expect(read.data).toMatchObject({
      id,
      status: "queued",
      passthrough: "crm-17",
      formats: ["instagram-square"],
    });
    const list = await client.GET("/generations", { params: { query: { limit: 5 } } });
    expect(list.data?.data.map((g) => g.id)).toEqual([id]);
    const canceled = await client.DELETE("/generations/{id}", { params: { path: { id } } });
    expect(canceled.data?.status).toBe("canceled");
    const missing = await client.GET("/generations/{id}", { params: { path: { id: "nope" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.type).toBe("not_found_error");
    const noScope = await client.GET("/presets");
    expect(noScope.error?.error).toMatchObject({
      type: "permission_error",
      field: "Authorization",
    });
  });
});
