import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleTrpcRequest } from "../src/http";
import { appRouter } from "../src/root";
import { createSession, sessionCookie } from "../src/services/sessions";
import {
  httpCall,
  makeUser,
  makeWorkspace,
  startHarness,
  type Harness,
  type TrpcError,
} from "./harness";

// Random bodies against every procedure through the real fetch handler, as a
// signed-in owner: whatever arrives, the answer is never a 5xx. Strings come
// from the full UTF-16 code-unit range, so NUL and lone surrogates are in play.

let h: Harness;
const slug = "prop-space";
beforeAll(async () => {
  h = await startHarness("properties");
  const owner = await makeUser(h.db, "owner@prop.test");
  await makeWorkspace(h.db, slug, [{ userId: owner.id, role: "OWNER" }]);
  ownerId = owner.id;
});
afterAll(() => h?.stop());
let ownerId = "";

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  inputs: unknown[];
}

const procedures = Object.entries(
  (appRouter._def as unknown as { procedures: Record<string, { _def: ProcedureDef }> }).procedures,
).map(([path, procedure]) => ({ path, def: procedure._def }));

/** The keys a procedure's input objects declare (zod objects expose `shape`). */
function keysOf(def: ProcedureDef): string[] {
  const keys = new Set<string>();
  for (const input of def.inputs) {
    const shape = (input as { shape?: Record<string, unknown> }).shape;
    if (shape && typeof shape === "object") for (const key of Object.keys(shape)) keys.add(key);
  }
  return [...keys];
}

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
const hostileString = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("\u0000", "\uD800", "a\uDC00b", "\u001b[2J", "", " ", "x".repeat(5000)),
  fc.constantFrom("Inter", "instagram-post", "EDITOR", "OWNER", "#FF0000", "en", "zh"),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }) },
);

function inputFor(def: ProcedureDef): fc.Arbitrary<unknown> {
  const keys = keysOf(def);
  const shaped = fc.record(
    Object.fromEntries(
      keys.map((key) => [
        key,
        key === "workspaceSlug" ? fc.oneof(fc.constant(slug), hostileString) : value,
      ]),
    ),
    { requiredKeys: keys.filter((key) => key === "workspaceSlug") },
  );
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: value });
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);

describe("no 5xx from any procedure, whatever the body", () => {
  it("knows every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(30);
    expect(procedures.map((p) => p.path)).toContain("generation.create");
  });

  for (const { path, def } of procedures) {
    it(`${path} (${def.type})`, async () => {
      await fc.assert(
        fc.asyncProperty(inputFor(def), fc.boolean(), async (input, signedIn) => {
          // A fresh session per run: a random call may sign the previous one out.
          let cookie: string | undefined;
          if (signedIn) {
            const session = await createSession(h.db, ownerId, { ip: null, userAgent: null });
            cookie = sessionCookie(session.token, session.expiresAt, false).split(";")[0];
          }
          const res = await httpCall(h.deps, path, input, {
            cookie,
            query: def.type === "query",
          });
          if (res.status >= 500)
            throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
          if (res.status >= 400) expect(res.body.error?.message).toMatch(/\S/);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("hostile JSON bodies", () => {
  const post = (path: string, body: string) =>
    handleTrpcRequest(
      h.deps,
      new Request(`http://app.test/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    );

  it("a body nested 200,000 deep is a 400 naming the field, without a stack overflow", async () => {
    const depth = 200_000;
    const res = await post("auth.signIn", `{"email":${"[".repeat(depth)}${"]".repeat(depth)}}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: TrpcError };
    expect(body.error.data.field).toBe("email");
    expect(body.error.message).toMatch(/nested more than 32 levels/);
  });

  it("NUL and lone surrogates escaped in JSON are refused before any schema or query", async () => {
    const res = await post("auth.signUp", '{"name":"A\\u0000","email":"\\ud800@x.y"}');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: TrpcError };
    expect(body.error.data.field).toBe("name");
    expect(body.error.message).toMatch(/^name contains a NUL character/);
  });

  it("broken JSON and wrong types are 400s", async () => {
    expect((await post("auth.signIn", '{"email": ')).status).toBe(400);
    expect((await post("auth.signIn", "[1,2,3]")).status).toBe(400);
    expect((await post("auth.signIn", '{"email": {"$gt": ""}, "password": 1}')).status).toBe(400);
  });
});
