import { ledgerEntries } from "@hyperposter/billing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "../src/services/auth";
import { httpCall, startHarness, type Harness, TEST_PRESET } from "./harness";

// Through the real fetch handler: cookies, sessions, the rate limit and the
// error shape the browser receives (BAD_REQUEST naming the field).

let h: Harness;
beforeAll(async () => {
  h = await startHarness("http");
});
afterAll(() => h?.stop());

const call = (
  path: string,
  input: unknown,
  options: { cookie?: string; ip?: string; query?: boolean } = {},
) => httpCall(h.deps, path, input, options);

const account = {
  name: "Mei Lin",
  email: "Mei@Example.com",
  password: "correct horse battery",
  workspaceName: "Jade Moon Foods",
};

describe("local accounts", () => {
  let cookie = "";

  it("signs up, creates the workspace, mails a verification link and sets an httpOnly SameSite cookie", async () => {
    const res = await call("auth.signUp", account);
    expect(res.status).toBe(200);
    const setCookie = res.setCookie[0] ?? "";
    expect(setCookie).toMatch(/^hp_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    cookie = setCookie.split(";")[0]!;
    const token = cookie.split("=")[1]!;
    const sessions = await h.db.session.findMany();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.tokenHash).not.toContain(token);
    const me = await call("auth.me", undefined, { cookie, query: true });
    const data = me.body.result?.data as {
      user: { email: string };
      workspaces: Array<{ slug: string; role: string }>;
    };
    expect(data.user.email).toBe("mei@example.com");
    expect(data.workspaces).toEqual([
      expect.objectContaining({ slug: "jade-moon-foods", role: "OWNER" }),
    ]);
    // The starting credits wait for the verified address.
    expect(await ledgerEntries(h.db)).toHaveLength(0);
    const mail = await h.mail.latest("mei@example.com");
    expect(mail.subject).toBe("Verify your email for Hyperposter");
    const verified = await call("auth.verifyEmail", {
      token: await h.mail.tokenFrom("mei@example.com", "/verify-email"),
    });
    expect(verified.status).toBe(200);
    const ledger = await ledgerEntries(h.db);
    expect(ledger.map((e) => e.amount)).toEqual([h.deps.signupCredits]);
  });

  it("refuses a second account with the same email, naming the field", async () => {
    const res = await call("auth.signUp", { ...account, email: "mei@example.com" });
    expect(res.status).toBe(409);
    expect(res.body.error?.data.field).toBe("email");
  });

  it("signs out by revoking the session row: the old cookie stops working", async () => {
    const out = await call("auth.signOut", undefined, { cookie });
    expect(out.status).toBe(200);
    expect(out.setCookie[0]).toMatch(/Max-Age=0/);
    const me = await call("auth.me", undefined, { cookie, query: true });
    expect(me.body.result?.data).toBeNull();
    const revoked = await h.db.session.findFirstOrThrow();
    expect(revoked.revokedAt).not.toBeNull();
  });

  it("signs in with the right password and not with a wrong one", async () => {
    const bad = await call("auth.signIn", { email: account.email, password: "wrong password!" });
    expect(bad.status).toBe(401);
    expect(bad.body.error?.message).toMatch(/email or password is not right/);
    const good = await call("auth.signIn", {
      email: "mei@example.com",
      password: account.password,
    });
    expect(good.status).toBe(200);
    expect(good.setCookie[0]).toMatch(/^hp_session=/);
  });

  it(`locks an address after ${SIGN_IN_LIMITS.perEmail} failures, even with the right password`, async () => {
    const email = "mei@example.com";
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i += 1)
      expect(
        (await call("auth.signIn", { email, password: `nope-${i}` }, { ip: `10.9.0.${i}` })).status,
      ).toBe(401);
    const locked = await call(
      "auth.signIn",
      { email, password: account.password },
      { ip: "10.9.1.1" },
    );
    expect(locked.status).toBe(429);
    expect(locked.body.error?.message).toMatch(/Wait 15 minutes/);
    // Attempts older than the window no longer count.
    await h.db.signInAttempt.updateMany({
      data: { createdAt: new Date(Date.now() - SIGN_IN_LIMITS.windowMs - 1000) },
    });
    expect((await call("auth.signIn", { email, password: account.password })).status).toBe(200);
  });

  it("an unknown cookie is simply signed out", async () => {
    const res = await call(
      "preset.list",
      { workspaceSlug: "jade-moon-foods" },
      { cookie: "hp_session=forged", query: true },
    );
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toMatch(/Sign in/);
  });
});

describe("bad input is BAD_REQUEST naming the field", () => {
  let cookie = "";
  beforeAll(async () => {
    const res = await call("auth.signUp", {
      ...account,
      email: "val@example.com",
      workspaceName: "Validation",
    });
    cookie = res.setCookie[0]!.split(";")[0]!;
  });

  const preset = { ...TEST_PRESET, name: "Bad" };

  const cases: Array<[string, string, unknown, string, RegExp?]> = [
    [
      "sign-up email",
      "auth.signUp",
      { ...account, email: "not-an-email" },
      "email",
      /email must be an address/,
    ],
    [
      "sign-up short password",
      "auth.signUp",
      { ...account, email: "x@y.com", password: "short" },
      "password",
      /at least 10/,
    ],
    ["sign-up missing name", "auth.signUp", { ...account, name: "" }, "name"],
    [
      "preset color",
      "preset.create",
      {
        workspaceSlug: "validation",
        preset: { ...preset, colors: { ...preset.colors, accent: "red" } },
      },
      "preset.colors.accent",
      /hex color/,
    ],
    [
      "preset font not in catalog",
      "preset.create",
      {
        workspaceSlug: "validation",
        preset: { ...preset, fonts: { heading: "Comic Sans", body: "Inter" } },
      },
      "fonts.heading",
      /font catalog/,
    ],
    [
      "preset default format",
      "preset.create",
      { workspaceSlug: "validation", preset: { ...preset, defaultFormats: ["billboard"] } },
      "preset.defaultFormats.0",
    ],
    [
      "logo type",
      "preset.uploadLogo",
      {
        workspaceSlug: "validation",
        fileName: "a.gif",
        contentBase64: Buffer.from("GIF89a....").toString("base64"),
      },
      "file",
      /SVG, PNG or JPEG/,
    ],
    [
      "logo size",
      "preset.uploadLogo",
      {
        workspaceSlug: "validation",
        fileName: "big.png",
        contentBase64: Buffer.concat([
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
          Buffer.alloc(2 * 1024 * 1024),
        ]).toString("base64"),
      },
      "file",
      /at most 2 MB/,
    ],
    [
      "logo SVG with entities",
      "preset.uploadLogo",
      {
        workspaceSlug: "validation",
        fileName: "x.svg",
        contentBase64: Buffer.from(
          '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&a;</text></svg>',
        ).toString("base64"),
      },
      "file",
      /DOCTYPE or entity/,
    ],
    [
      "invitation role",
      "invitation.create",
      { workspaceSlug: "validation", role: "SUPERUSER" },
      "role",
      /role must be one of/,
    ],
    ["history status", "history.list", { workspaceSlug: "validation", status: "DONE" }, "status"],
    [
      "history date",
      "history.list",
      { workspaceSlug: "validation", from: "yesterday" },
      "from",
      /date/,
    ],
    [
      "rename too short",
      "workspace.rename",
      { workspaceSlug: "validation", name: "x" },
      "name",
      /at least 2/,
    ],
    [
      "delete confirmation",
      "workspace.delete",
      { workspaceSlug: "validation", confirmSlug: "nope" },
      "confirmSlug",
      /repeat/,
    ],
  ];

  for (const [label, path, input, field, message] of cases)
    it(label, async () => {
      const query = path === "history.list";
      const res = await call(path, input, { cookie, query });
      expect(res.status).toBe(400);
      expect(res.body.error?.data.code).toBe("BAD_REQUEST");
      expect(res.body.error?.data.field).toBe(field);
      expect(res.body.error?.message).toContain(field.split(".").pop());
      if (message) expect(res.body.error?.message).toMatch(message);
    });

  it("a crash inside a procedure is a 500 with a sentence, never the stack", async () => {
    await h.db.$executeRawUnsafe(`ALTER TABLE "BrandPreset" RENAME TO "BrandPresetGone"`);
    try {
      const res = await call(
        "preset.list",
        { workspaceSlug: "validation" },
        { cookie, query: true },
      );
      expect(res.status).toBe(500);
      expect(res.body.error?.message).toBe(
        "Something went wrong on our side. Try again in a moment.",
      );
      expect(JSON.stringify(res.body)).not.toMatch(/BrandPresetGone|at .*\.ts/);
    } finally {
      await h.db.$executeRawUnsafe(`ALTER TABLE "BrandPresetGone" RENAME TO "BrandPreset"`);
    }
  });
});

describe("generation input is BAD_REQUEST naming the field", () => {
  let cookie = "";
  let presetId = "";
  beforeAll(async () => {
    const res = await call("auth.signUp", {
      ...account,
      email: "gen@example.com",
      workspaceName: "Gen Team",
    });
    cookie = res.setCookie[0]!.split(";")[0]!;
    const verified = await call("auth.verifyEmail", {
      token: await h.mail.tokenFrom("gen@example.com", "/verify-email"),
    });
    expect(verified.status).toBe(200);
    const preset = await call(
      "preset.create",
      {
        workspaceSlug: "gen-team",
        preset: TEST_PRESET,
      },
      { cookie },
    );
    presetId = (preset.body.result?.data as { id: string }).id;
  });

  const brief = { product: "Cold brew", formats: ["story"] };
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    [
      "empty product",
      { brief: { ...brief, product: "" } },
      "brief.product",
      /product must not be empty/,
    ],
    [
      "unknown format",
      { brief: { ...brief, formats: ["billboard"] } },
      "brief.formats.0",
      /formats/,
    ],
    ["no formats", { brief: { ...brief, formats: [] } }, "brief.formats", /at least one item/],
    ["too many variants", { variants: 9 }, "variants", /at most 4/],
    ["negative seed", { seed: -1 }, "seed", /at least 0/],
    ["fractional seed", { seed: 1.5 }, "seed", /whole number/],
    ["seed past 2^32", { seed: 2 ** 32 }, "seed", /at most 4,294,967,295/],
  ];
  for (const [label, patch, field, message] of cases)
    it(label, async () => {
      const res = await call(
        "generation.create",
        { workspaceSlug: "gen-team", presetId, variants: 1, brief, ...patch },
        { cookie },
      );
      expect(res.status).toBe(400);
      expect(res.body.error?.data.field).toBe(field);
      expect(res.body.error?.message).toMatch(message);
      // The same problem as a code, for the UI to say in its language with the field's label.
      expect(res.body.error?.data.issues?.[0]?.field).toBe(field);
    });

  it("a workspace without enough credits gets PAYMENT_REQUIRED", async () => {
    const res = await call(
      "generation.create",
      {
        workspaceSlug: "gen-team",
        presetId,
        variants: 4,
        brief: {
          ...brief,
          formats: [
            "story",
            "print-a4",
            "print-a3",
            "instagram-square",
            "instagram-portrait",
            "landscape-hd",
            "banner-leaderboard",
          ],
        },
      },
      { cookie },
    );
    expect(res.status).toBe(402);
  });
});
