import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp, type ApiDeps } from "../src/context";
import { handleTrpcRequest, MAX_BATCH_SIZE } from "../src/http";
import { signUp } from "../src/services/auth";
import { SESSION_IDLE_MS, sessionCookie } from "../src/services/sessions";
import { SIGN_IN_LIMITS } from "../src/services/throttle";
import { conflictFromUniqueViolation, toTRPCError } from "../src/trpc";
import {
  callerAs,
  errorOf,
  httpCall,
  makeUser,
  makeWorkspace,
  startHarness,
  type Harness,
} from "./harness";

// The attacks of issue #11, each through the real fetch handler where the
// browser would send it: parallel batches, spoofed X-Forwarded-For, oversized
// bodies, cross-site posts, racing invitations, owners and unique names.

let h: Harness;
beforeAll(async () => {
  h = await startHarness("guard");
});
afterAll(() => h?.stop());

interface Item {
  result?: { data: unknown };
  error?: { message: string; data: { code: string; httpStatus: number; field: string | null } };
}

/** A POST to /api/trpc with the given raw body and headers. */
function post(
  deps: ApiDeps,
  path: string,
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
  query = "",
) {
  return handleTrpcRequest(
    deps,
    new Request(`http://app.test/api/trpc/${path}${query}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit),
  );
}

/** `count` calls of one procedure in one batched request, as httpBatchLink sends them. */
function batch(
  deps: ApiDeps,
  path: string,
  inputs: unknown[],
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify(Object.fromEntries(inputs.map((input, i) => [String(i), input])));
  return post(deps, inputs.map(() => path).join(","), body, headers, "?batch=1");
}

const statuses = (items: Item[]) =>
  items.map((item) => (item.error ? item.error.data.httpStatus : 200));
const tally = (list: number[]) =>
  list.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe("sign-in throttling holds under parallel requests", () => {
  it(`refuses a batch of 40 calls whole (more than ${MAX_BATCH_SIZE}), evaluating none`, async () => {
    const email = "batch40@example.com";
    const inputs = Array.from({ length: 40 }, (_, i) => ({ email, password: `guess-${i}` }));
    const res = await batch(h.deps, "auth.signIn", inputs);
    expect(res.status).toBe(400);
    const items = (await res.json()) as Item[];
    expect(items).toHaveLength(40);
    expect(items[0]!.error!.message).toMatch(/at most 10 calls; this one has 40/);
    expect(await h.db.signInAttempt.count({ where: { email } })).toBe(0);
  });

  it("40 wrong passwords in 4 parallel batches of 10: 5 evaluated, 35 answered 429", async () => {
    const email = "parallel@example.com";
    await signUp(h.db, {
      name: "P",
      email,
      password: "the right password",
      workspaceName: "Parallel",
    });
    const responses = await Promise.all(
      [0, 1, 2, 3].map((b) =>
        batch(
          h.deps,
          "auth.signIn",
          Array.from({ length: 10 }, (_, i) => ({ email, password: `guess-${b}-${i}` })),
        ).then((r) => r.json() as Promise<Item[]>),
      ),
    );
    const all = responses.flat();
    expect(tally(statuses(all))).toEqual({ 401: SIGN_IN_LIMITS.perPair, 429: 35 });
    const limited = all.find((item) => item.error?.data.httpStatus === 429)!;
    expect(limited.error!.message).toMatch(
      /Too many failed sign-in attempts\. Wait .+, then try again\./,
    );
    expect(await h.db.signInAttempt.count({ where: { email } })).toBe(SIGN_IN_LIMITS.perPair);
  });

  for (const hops of [0, 1]) {
    it(`40 requests, each with its own X-Forwarded-For (TRUSTED_PROXY_HOPS=${hops}): 5 evaluated`, async () => {
      const deps = { ...h.deps, trustedProxyHops: hops };
      const email = `spray-${hops}@example.com`;
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          httpCall(
            deps,
            "auth.signIn",
            { email, password: `guess-${i}` },
            { ip: `198.51.100.${i}` },
          ),
        ),
      );
      expect(tally(results.map((r) => r.status))).toEqual({ 401: 5, 429: 35 });
      const rows = await h.db.signInAttempt.findMany({ where: { email } });
      expect(rows).toHaveLength(5);
      // With one trusted hop the address is the one the proxy appended; with none, none is trusted.
      for (const row of rows) expect(row.ip === null).toBe(hops === 0);
    });
  }

  it("a stranger's failures slow the address down briefly, not for 15 minutes", async () => {
    const deps = { ...h.deps, trustedProxyHops: 1 };
    const email = "owner-elsewhere@example.com";
    const password = "owner's own password";
    await signUp(h.db, { name: "O", email, password, workspaceName: "Elsewhere" });
    for (let i = 0; i < 5; i += 1)
      expect(
        (await httpCall(deps, "auth.signIn", { email, password: `x-${i}` }, { ip: "203.0.113.66" }))
          .status,
      ).toBe(401);
    const right = { email, password };
    // Right after: everyone waits (the address is being guessed at).
    expect((await httpCall(deps, "auth.signIn", right, { ip: "192.0.2.10" })).status).toBe(429);
    // A minute later: the stranger's own IP is still blocked, the owner elsewhere gets in.
    await h.db.signInAttempt.updateMany({
      where: { email },
      data: { createdAt: new Date(Date.now() - 60_000) },
    });
    expect((await httpCall(deps, "auth.signIn", right, { ip: "203.0.113.66" })).status).toBe(429);
    expect((await httpCall(deps, "auth.signIn", right, { ip: "192.0.2.10" })).status).toBe(200);
  });

  it("takes the client address N hops from the right of X-Forwarded-For, never the leftmost", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" });
    expect(clientIp(headers, 0)).toBeNull();
    expect(clientIp(headers, 0, "192.0.2.1")).toBe("192.0.2.1");
    expect(clientIp(headers, 1)).toBe("10.0.0.2");
    expect(clientIp(headers, 2)).toBe("198.51.100.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.7" }), 2)).toBe("198.51.100.7");
    expect(clientIp(new Headers(), 1)).toBeNull();
  });

  it("limits sign-ups per client IP with a 429 sentence", async () => {
    const deps = { ...h.deps, trustedProxyHops: 1 };
    const signUpAs = (i: number, ip: string) =>
      httpCall(
        deps,
        "auth.signUp",
        {
          name: "S",
          email: `signup-${ip}-${i}@example.com`,
          password: "0123456789ab",
          workspaceName: `Sign-up ${i}`,
        },
        { ip },
      );
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signUpAs(i, "203.0.113.5")),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 200: 10, 429: 2 });
    expect(results.find((r) => r.status === 429)!.body.error!.message).toMatch(
      /Too many accounts were created from your network/,
    );
    expect((await signUpAs(99, "203.0.113.6")).status).toBe(200);
  });
});

describe("body limits", () => {
  const signInBody = (size: number) =>
    JSON.stringify({ email: "big@example.com", password: "x".repeat(size) });

  it("an ordinary call over 1 MB is 413 with a sentence (declared length)", async () => {
    const res = await post(h.deps, "auth.signIn", signInBody(1_100_000));
    expect(res.status).toBe(413);
    const body = (await res.json()) as Item;
    expect(body.error!.message).toMatch(/larger than 1 MB/);
  });

  it("a streamed body without Content-Length is cut off at the limit, 413 not 500", async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // An endless body: the handler must stop reading by itself.
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await post(h.deps, "auth.signIn", stream);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });

  it("uploads get 25 MB, no more", async () => {
    const upload = (bytes: number) =>
      post(
        h.deps,
        "font.upload",
        JSON.stringify({
          workspaceSlug: "none",
          fileName: "a.ttf",
          contentBase64: "A".repeat(bytes),
        }),
      );
    // 2 MB passes the limit (and is then refused for being signed out).
    expect((await upload(2_000_000)).status).toBe(401);
    expect((await upload(26 * 1024 * 1024)).status).toBe(413);
  });
});

describe("cross-site requests", () => {
  const wrong = JSON.stringify({ email: "csrf@example.com", password: "wrong password" });

  it("a mutation posted from another origin is 403 with a sentence, and does nothing", async () => {
    const res = await post(h.deps, "auth.signIn", wrong, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Item).error!.message).toMatch(/came from another site/);
    expect(await h.db.signInAttempt.count({ where: { email: "csrf@example.com" } })).toBe(0);
  });

  it("Sec-Fetch-Site: cross-site is 403 even without Origin", async () => {
    const res = await post(h.deps, "auth.signIn", wrong, { "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
  });

  it("the app's own origin and non-browser clients pass", async () => {
    const same = await post(h.deps, "auth.signIn", wrong, {
      origin: "http://app.test",
      "sec-fetch-site": "same-origin",
    });
    expect(same.status).toBe(401);
    expect((await post(h.deps, "auth.signIn", wrong)).status).toBe(401);
  });
});

describe("sessions", () => {
  it("a session idle for longer than 7 days is signed out", async () => {
    const email = "idle@example.com";
    const password = "idle password 1";
    await signUp(h.db, { name: "I", email, password, workspaceName: "Idle" });
    const res = await httpCall(h.deps, "auth.signIn", { email, password });
    const cookie = res.setCookie[0]!.split(";")[0]!;
    const me = () => httpCall(h.deps, "auth.me", undefined, { cookie, query: true });
    expect((await me()).body.result?.data).not.toBeNull();
    await h.db.session.updateMany({
      where: { user: { email } },
      data: { lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - 60_000) },
    });
    expect((await me()).body.result?.data).toBeNull();
  });

  it("over https the cookie is __Host-hp_session with Secure, and the plain name is ignored", async () => {
    const deps = { ...h.deps, appUrl: "https://app.test" };
    const email = "https@example.com";
    const password = "https password 1";
    await signUp(h.db, { name: "H", email, password, workspaceName: "Https" });
    const res = await httpCall(deps, "auth.signIn", { email, password });
    const header = res.setCookie[0]!;
    expect(header).toMatch(/^__Host-hp_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax;/);
    expect(header).toMatch(/; Secure$/);
    expect(header).not.toMatch(/Domain=/i);
    const token = header.split(";")[0]!.split("=")[1]!;
    const me = (cookie: string) => httpCall(deps, "auth.me", undefined, { cookie, query: true });
    expect((await me(`__Host-hp_session=${token}`)).body.result?.data).not.toBeNull();
    expect((await me(`hp_session=${token}`)).body.result?.data).toBeNull();
    expect(sessionCookie("t", new Date(), false)).toMatch(/^hp_session=t;/);
  });
});

describe("invitations and roles under concurrency", () => {
  it("two people accepting one link at once: one joins, the other is told the link is used", async () => {
    const owner = await makeUser(h.db, "inv-owner@example.com");
    const ws = await makeWorkspace(h.db, "race-invite", [{ userId: owner.id, role: "OWNER" }]);
    const invite = await callerAs(h.deps, owner).invitation.create({
      workspaceSlug: ws.slug,
      role: "EDITOR",
      email: null,
    });
    const token = invite.url.split("/").pop()!;
    const a = await makeUser(h.db, "inv-a@example.com");
    const b = await makeUser(h.db, "inv-b@example.com");
    const results = await Promise.allSettled([
      callerAs(h.deps, a).invitation.accept({ token }),
      callerAs(h.deps, b).invitation.accept({ token }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await h.db.membership.count({ where: { workspaceId: ws.id } })).toBe(2);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/not valid any more/);
  });

  it("one person accepting one link twice at once joins once", async () => {
    const owner = await makeUser(h.db, "inv2-owner@example.com");
    const ws = await makeWorkspace(h.db, "race-invite-2", [{ userId: owner.id, role: "OWNER" }]);
    const invite = await callerAs(h.deps, owner).invitation.create({
      workspaceSlug: ws.slug,
      role: "VIEWER",
      email: null,
    });
    const token = invite.url.split("/").pop()!;
    const a = await makeUser(h.db, "inv2-a@example.com");
    const results = await Promise.allSettled([
      callerAs(h.deps, a).invitation.accept({ token }),
      callerAs(h.deps, a).invitation.accept({ token }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await h.db.membership.count({ where: { workspaceId: ws.id, userId: a.id } })).toBe(1);
  });

  it("an admin can neither invite nor promote an admin; an owner can", async () => {
    const owner = await makeUser(h.db, "adm-owner@example.com");
    const admin = await makeUser(h.db, "adm-admin@example.com");
    const editor = await makeUser(h.db, "adm-editor@example.com");
    const ws = await makeWorkspace(h.db, "admins", [
      { userId: owner.id, role: "OWNER" },
      { userId: admin.id, role: "ADMIN" },
      { userId: editor.id, role: "EDITOR" },
    ]);
    const asAdmin = callerAs(h.deps, admin);
    const invite = await errorOf(
      asAdmin.invitation.create({ workspaceSlug: ws.slug, role: "ADMIN", email: null }),
    );
    expect(invite.code).toBe("FORBIDDEN");
    const editorRow = await h.db.membership.findFirstOrThrow({ where: { userId: editor.id } });
    const promote = await errorOf(
      asAdmin.member.changeRole({
        workspaceSlug: ws.slug,
        membershipId: editorRow.id,
        role: "ADMIN",
      }),
    );
    expect(promote.code).toBe("FORBIDDEN");
    expect((await h.db.membership.findUniqueOrThrow({ where: { id: editorRow.id } })).role).toBe(
      "EDITOR",
    );
    // Admins still manage editors and viewers.
    await asAdmin.member.changeRole({
      workspaceSlug: ws.slug,
      membershipId: editorRow.id,
      role: "VIEWER",
    });
    const asOwner = callerAs(h.deps, owner);
    await asOwner.invitation.create({ workspaceSlug: ws.slug, role: "ADMIN", email: null });
    await asOwner.member.changeRole({
      workspaceSlug: ws.slug,
      membershipId: editorRow.id,
      role: "ADMIN",
    });
  });

  it("the last two owners demoting each other at once leave one owner", async () => {
    for (let round = 0; round < 5; round += 1) {
      const a = await makeUser(h.db, `own-a-${round}@example.com`);
      const b = await makeUser(h.db, `own-b-${round}@example.com`);
      const ws = await makeWorkspace(h.db, `owners-${round}`, [
        { userId: a.id, role: "OWNER" },
        { userId: b.id, role: "OWNER" },
      ]);
      const rows = await h.db.membership.findMany({ where: { workspaceId: ws.id } });
      const rowOf = (userId: string) => rows.find((r) => r.userId === userId)!.id;
      await Promise.allSettled([
        callerAs(h.deps, a).member.changeRole({
          workspaceSlug: ws.slug,
          membershipId: rowOf(b.id),
          role: "EDITOR",
        }),
        callerAs(h.deps, b).member.changeRole({
          workspaceSlug: ws.slug,
          membershipId: rowOf(a.id),
          role: "EDITOR",
        }),
      ]);
      expect(await h.db.membership.count({ where: { workspaceId: ws.id, role: "OWNER" } })).toBe(1);
    }
  });

  it("two owners removing each other at once leave one owner", async () => {
    const a = await makeUser(h.db, "rm-a@example.com");
    const b = await makeUser(h.db, "rm-b@example.com");
    const ws = await makeWorkspace(h.db, "owners-remove", [
      { userId: a.id, role: "OWNER" },
      { userId: b.id, role: "OWNER" },
    ]);
    const rows = await h.db.membership.findMany({ where: { workspaceId: ws.id } });
    const rowOf = (userId: string) => rows.find((r) => r.userId === userId)!.id;
    await Promise.allSettled([
      callerAs(h.deps, a).member.remove({ workspaceSlug: ws.slug, membershipId: rowOf(b.id) }),
      callerAs(h.deps, b).member.remove({ workspaceSlug: ws.slug, membershipId: rowOf(a.id) }),
    ]);
    expect(await h.db.membership.count({ where: { workspaceId: ws.id, role: "OWNER" } })).toBe(1);
  });
});

describe("unique-name races are 409 naming the field, never 500", () => {
  it("parallel sign-ups with one email: one account, the rest 409 on email", async () => {
    const input = {
      name: "Race",
      email: "race@example.com",
      password: "race password 1",
      workspaceName: "Race",
    };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => httpCall(h.deps, "auth.signUp", input)),
    );
    expect(tally(results.map((r) => r.status))).toEqual({ 200: 1, 409: 3 });
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body.error!.data.field).toBe("email");
    expect(await h.db.user.count({ where: { email: input.email } })).toBe(1);
  });

  it("a workspace or preset slug taken in a race maps to CONFLICT on slug", async () => {
    await h.db.workspace.create({ data: { slug: "taken-slug", name: "Taken" } });
    const workspaceRace = await h.db.workspace
      .create({ data: { slug: "taken-slug", name: "Again" } })
      .catch((e: unknown) => e);
    const workspaceConflict = conflictFromUniqueViolation(workspaceRace);
    expect(workspaceConflict?.code).toBe("CONFLICT");
    expect(workspaceConflict?.field).toBe("slug");
    expect(toTRPCError(workspaceConflict!).code).toBe("CONFLICT");

    const ws = await h.db.workspace.findUniqueOrThrow({ where: { slug: "taken-slug" } });
    await h.db.brandPreset.create({ data: { workspaceId: ws.id, slug: "p", name: "P" } });
    const presetRace = await h.db.brandPreset
      .create({ data: { workspaceId: ws.id, slug: "p", name: "P2" } })
      .catch((e: unknown) => e);
    expect(conflictFromUniqueViolation(presetRace)?.field).toBe("slug");
    expect(conflictFromUniqueViolation(new Error("other"))).toBeNull();
  });
});
