import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeDevice } from "../src/services/sessions";
import { MAX_OWNED_WORKSPACES } from "../src/services/workspaces";
import { callerAs, errorOf, httpCall, startHarness, type Harness } from "./harness";

// The account screen's API: where a user is signed in, signing one device or
// every device out, and workspaces beyond the first. Through the real fetch
// handler, so cookies behave as in a browser.

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 19_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.1 Mobile/15E148 Safari/604.1";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("account");
});
afterAll(() => h?.stop());

const call = (
  path: string,
  input: unknown,
  options: { cookie?: string; query?: boolean; userAgent?: string } = {},
) => httpCall(h.deps, path, input, options);

const cookieOf = (res: { setCookie: string[] }) => res.setCookie[0]!.split(";")[0]!;

/** Signs up and opens the verification link from the mail, as the person would. */
async function signUp(email: string, userAgent = CHROME_LINUX) {
  const res = await call(
    "auth.signUp",
    { name: "Ana", email, password: "long enough password", workspaceName: "Ana Studio" },
    { userAgent },
  );
  expect(res.status).toBe(200);
  const verified = await call("auth.verifyEmail", {
    token: await h.mail.tokenFrom(email, "/verify-email"),
  });
  expect(verified.status).toBe(200);
  return cookieOf(res);
}

async function signIn(email: string, userAgent: string) {
  const res = await call("auth.signIn", { email, password: "long enough password" }, { userAgent });
  expect(res.status).toBe(200);
  return cookieOf(res);
}

type Sessions = {
  managedBy: string;
  sessions: Array<{ id: string; device: string | null; current: boolean; ip: string | null }>;
};
async function sessionsOf(cookie: string) {
  const res = await call("auth.sessions", undefined, { cookie, query: true });
  return { status: res.status, data: res.body.result?.data as Sessions | undefined };
}

async function signedIn(cookie: string): Promise<boolean> {
  const me = await call("auth.me", undefined, { cookie, query: true });
  return me.body.result?.data !== null;
}

describe("devices", () => {
  it("names browsers and systems from the user agent", () => {
    expect(describeDevice(CHROME_LINUX)).toBe("Chrome 156 on Linux");
    expect(describeDevice(SAFARI_IPHONE)).toBe("Safari 19 on iOS");
    expect(describeDevice(null)).toBeNull();
    expect(describeDevice("curl-ish/?")).toBeNull();
  });
});

describe("sessions", () => {
  it("lists where the user is signed in, this device marked, no one else's", async () => {
    const laptop = await signUp("ana@brand.test");
    const phone = await signIn("ana@brand.test", SAFARI_IPHONE);
    await signUp("someone-else@brand.test");
    const { data } = await sessionsOf(laptop);
    expect(data?.managedBy).toBe("local");
    expect(data?.sessions).toHaveLength(2);
    const current = data!.sessions.filter((s) => s.current);
    expect(current).toEqual([expect.objectContaining({ device: "Chrome 156 on Linux" })]);
    expect(data!.sessions.find((s) => !s.current)?.device).toBe("Safari 19 on iOS");
    expect((await sessionsOf(phone)).data?.sessions.filter((s) => s.current)).toHaveLength(1);
  });

  it("signs one other device out: its cookie dies, this one lives", async () => {
    const laptop = await signIn("ana@brand.test", CHROME_LINUX);
    const tablet = await signIn("ana@brand.test", SAFARI_IPHONE);
    const target = (await sessionsOf(tablet)).data!.sessions.find((s) => s.current)!;
    const res = await call("auth.revokeSession", { sessionId: target.id }, { cookie: laptop });
    expect(res.status).toBe(200);
    expect(res.setCookie).toEqual([]);
    expect(await signedIn(tablet)).toBe(false);
    expect(await signedIn(laptop)).toBe(true);
  });

  it("another user's session id is NOT_FOUND and stays signed in", async () => {
    const mine = await signIn("ana@brand.test", CHROME_LINUX);
    const theirs = await signIn("someone-else@brand.test", CHROME_LINUX);
    const target = (await sessionsOf(theirs)).data!.sessions.find((s) => s.current)!;
    const res = await call("auth.revokeSession", { sessionId: target.id }, { cookie: mine });
    expect(res.status).toBe(404);
    expect(res.body.error?.data.field).toBe("sessionId");
    expect(await signedIn(theirs)).toBe(true);
  });

  it("signs out everywhere: every session of the user ends, other users' do not", async () => {
    const devices = [
      await signIn("ana@brand.test", CHROME_LINUX),
      await signIn("ana@brand.test", SAFARI_IPHONE),
      await signIn("ana@brand.test", CHROME_LINUX),
    ];
    const other = await signIn("someone-else@brand.test", CHROME_LINUX);
    const res = await call("auth.signOutEverywhere", undefined, { cookie: devices[0] });
    expect(res.status).toBe(200);
    expect(res.setCookie[0]).toMatch(/^hp_session=;.*Max-Age=0/);
    expect((res.body.result?.data as { revoked: number }).revoked).toBeGreaterThanOrEqual(3);
    for (const cookie of devices) expect(await signedIn(cookie)).toBe(false);
    expect(await signedIn(other)).toBe(true);
    const user = await h.db.user.findUniqueOrThrow({ where: { email: "ana@brand.test" } });
    expect(await h.db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    // A fresh sign-in works as before.
    expect(await signedIn(await signIn("ana@brand.test", CHROME_LINUX))).toBe(true);
  });

  it("with Clerk, sessions are Clerk's: no list, and signing out everywhere says where to do it", async () => {
    // A request Clerk authenticated carries no local session row.
    const user = await h.db.user.findUniqueOrThrow({ where: { email: "ana@brand.test" } });
    const clerk = callerAs(h.deps, { id: user.id, email: user.email, name: user.name });
    expect(await clerk.auth.sessions()).toEqual({ managedBy: "clerk", sessions: [] });
    const error = await errorOf(clerk.auth.signOutEverywhere());
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/managed by Clerk/);
  });

  it("needs a signed-in user", async () => {
    expect((await call("auth.signOutEverywhere", undefined)).status).toBe(401);
    expect((await sessionsOf("hp_session=forged")).status).toBe(401);
  });
});

describe("more workspaces", () => {
  it("creates a second workspace the user owns, with starting credits, beside the first", async () => {
    const cookie = await signUp("agency@brand.test");
    const res = await call("workspace.create", { name: "Client: Jade Moon" }, { cookie });
    expect(res.status).toBe(200);
    const created = res.body.result?.data as { id: string; slug: string };
    expect(created.slug).toBe("client-jade-moon");
    const me = await call("auth.me", undefined, { cookie, query: true });
    const workspaces = (
      me.body.result?.data as { workspaces: Array<{ slug: string; role: string }> }
    ).workspaces;
    expect(workspaces.map((w) => [w.slug, w.role])).toEqual([
      [expect.stringMatching(/^ana-studio/), "OWNER"],
      ["client-jade-moon", "OWNER"],
    ]);
    const balance = await call(
      "generation.balance",
      { workspaceSlug: "client-jade-moon" },
      { cookie, query: true },
    );
    expect(balance.body.result?.data).toEqual({ credits: h.deps.signupCredits });
  });

  it("a bad name is BAD_REQUEST naming the field", async () => {
    const cookie = await signIn("agency@brand.test", CHROME_LINUX);
    const res = await call("workspace.create", { name: " x " }, { cookie });
    expect(res.status).toBe(400);
    expect(res.body.error?.data.field).toBe("name");
    expect(res.body.error?.message).toBe("name must be at least 2 characters.");
  });

  it(`stops at ${MAX_OWNED_WORKSPACES} owned workspaces, even when asked for many at once`, async () => {
    const cookie = await signUp("greedy@brand.test");
    const attempts = await Promise.all(
      Array.from({ length: MAX_OWNED_WORKSPACES + 3 }, (_, i) =>
        call("workspace.create", { name: `Greedy ${i}` }, { cookie }),
      ),
    );
    expect(attempts.filter((r) => r.status === 200)).toHaveLength(MAX_OWNED_WORKSPACES - 1);
    const refused = attempts.filter((r) => r.status !== 200);
    expect(refused.map((r) => r.status)).toEqual([409, 409, 409, 409]);
    expect(refused[0]!.body.error?.message).toMatch(/already own 10 workspaces/);
    const user = await h.db.user.findUniqueOrThrow({ where: { email: "greedy@brand.test" } });
    expect(await h.db.membership.count({ where: { userId: user.id, role: "OWNER" } })).toBe(
      MAX_OWNED_WORKSPACES,
    );
  });
});
