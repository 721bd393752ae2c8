import { ledgerEntries } from "@hyperposter/billing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESET_LIMITS, VERIFY_RESEND_LIMITS } from "../src/services/accounts";
import { EMAIL_TOKEN_TTL_MS } from "../src/services/email-tokens";
import { hashToken } from "../src/auth/tokens";
import { httpCall, startHarness, type Harness, TEST_PRESET } from "./harness";

// Email verification, password reset and password change, through the real
// fetch handler; every link is read out of the mail the API sent.

let h: Harness;
beforeAll(async () => {
  h = await startHarness("email-accounts");
});
afterAll(() => h?.stop());

const call = (
  path: string,
  input: unknown,
  options: { cookie?: string; query?: boolean; ip?: string } = {},
) => httpCall(h.deps, path, input, options);
const cookieOf = (res: { setCookie: string[] }) => res.setCookie[0]!.split(";")[0]!;
const PASSWORD = "long enough password";

async function signUp(email: string, workspaceName: string) {
  const res = await call("auth.signUp", {
    name: "Lena",
    email,
    password: PASSWORD,
    workspaceName,
  });
  expect(res.status).toBe(200);
  const data = res.body.result?.data as { workspace: { id: string; slug: string } };
  return { cookie: cookieOf(res), workspace: data.workspace };
}

async function balance(cookie: string, workspaceSlug: string) {
  const res = await call("generation.balance", { workspaceSlug }, { cookie, query: true });
  return (res.body.result?.data as { credits: number }).credits;
}

async function me(cookie: string) {
  const res = await call("auth.me", undefined, { cookie, query: true });
  return res.body.result?.data as { emailVerified: boolean } | null;
}

async function makePreset(cookie: string, workspaceSlug: string) {
  const res = await call(
    "preset.create",
    {
      workspaceSlug,
      preset: TEST_PRESET,
    },
    { cookie },
  );
  expect(res.status).toBe(200);
  return (res.body.result?.data as { id: string }).id;
}

describe("email verification", () => {
  const email = "lena@roastery.test";
  let cookie = "";
  let slug = "";

  it("signs up unverified: no credits yet, generating and new workspaces refused with a sentence", async () => {
    const created = await signUp(email, "North Roastery");
    cookie = created.cookie;
    slug = created.workspace.slug;
    expect(await me(cookie)).toMatchObject({ emailVerified: false });
    expect(await balance(cookie, slug)).toBe(0);
    const mail = await h.mail.latest(email);
    expect(mail.subject).toBe("Verify your email for Hyperposter");
    expect(mail.text).toMatch(/http:\/\/app\.test\/verify-email\?token=/);
    expect(mail.html).toMatch(/<a href="http:\/\/app\.test\/verify-email\?token=/);
    // Only the token's hash is stored.
    const token = await h.mail.tokenFrom(email, "/verify-email");
    expect(await h.db.emailToken.count({ where: { tokenHash: token } })).toBe(0);
    expect(await h.db.emailToken.count({ where: { tokenHash: hashToken(token) } })).toBe(1);

    const presetId = await makePreset(cookie, slug);
    const generate = await call(
      "generation.create",
      {
        workspaceSlug: slug,
        presetId,
        variants: 1,
        brief: { product: "Cold brew", formats: ["story"] },
      },
      { cookie },
    );
    expect(generate.status).toBe(403);
    expect(generate.body.error?.data.code).toBe("FORBIDDEN");
    expect(generate.body.error?.message).toBe(
      "Verify your email address before generating posters: open the link we emailed you, or send a new one from the banner at the top of the page.",
    );
    expect((generate.body.error?.data as { messageZh?: string }).messageZh).toMatch(/请先验证邮箱/);
    expect(await h.db.generation.count()).toBe(0);

    const workspace = await call("workspace.create", { name: "Second brand" }, { cookie });
    expect(workspace.status).toBe(403);
    expect(workspace.body.error?.message).toMatch(/^Verify your email address before creating/);
  });

  it("resends a link at most once a minute", async () => {
    const early = await call("auth.resendVerification", undefined, { cookie });
    expect(early.status).toBe(429);
    expect(early.body.error?.message).toMatch(/less than a minute ago/);
    await h.db.emailToken.updateMany({
      data: { createdAt: new Date(Date.now() - VERIFY_RESEND_LIMITS.minIntervalMs - 1000) },
    });
    const before = h.mail.to(email).length;
    const again = await call("auth.resendVerification", undefined, { cookie });
    expect(again.status).toBe(200);
    expect(h.mail.to(email)).toHaveLength(before + 1);
  });

  it("the link verifies the address and grants the sign-up credits once; a second click is refused clearly", async () => {
    const token = await h.mail.tokenFrom(email, "/verify-email");
    const first = await call("auth.verifyEmail", { token });
    expect(first.status).toBe(200);
    expect(first.body.result?.data).toEqual({ email, creditsGranted: h.deps.signupCredits });
    expect(await me(cookie)).toMatchObject({ emailVerified: true });
    expect(await balance(cookie, slug)).toBe(h.deps.signupCredits);

    const second = await call("auth.verifyEmail", { token });
    expect(second.status).toBe(409);
    expect(second.body.error?.message).toBe(
      `This verification link was already used: ${email} is verified. Sign in to continue.`,
    );
    // The older link (before the resend) still verifies nothing twice: no second grant.
    const older = await h.db.emailToken.findFirstOrThrow({
      where: { purpose: "VERIFY_EMAIL", usedAt: null, user: { email } },
    });
    expect(older).toBeTruthy();
    expect(await balance(cookie, slug)).toBe(h.deps.signupCredits);
    const grants = (await ledgerEntries(h.db)).filter((e) => e.kind === "GRANT");
    expect(grants.map((g) => g.idempotencyKey)).toEqual([
      `signup:${(await h.db.workspace.findUniqueOrThrow({ where: { slug } })).id}:grant`,
    ]);

    // Verified: generating goes through to the credit check, a new workspace is allowed.
    const resend = await call("auth.resendVerification", undefined, { cookie });
    expect(resend.status).toBe(400);
    expect(resend.body.error?.message).toBe(`${email} is already verified.`);
    const workspace = await call("workspace.create", { name: "Second brand" }, { cookie });
    expect(workspace.status).toBe(200);
  });

  it("two clicks at the same moment verify once: the token is consumed atomically", async () => {
    const { cookie: other, workspace } = await signUp("twice@roastery.test", "Twice Co");
    const token = await h.mail.tokenFrom("twice@roastery.test", "/verify-email");
    const results = await Promise.all([
      call("auth.verifyEmail", { token }),
      call("auth.verifyEmail", { token }),
      call("auth.verifyEmail", { token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await balance(other, workspace.slug)).toBe(h.deps.signupCredits);
  });

  it("an expired link is refused and grants nothing; an unknown one is NOT_FOUND", async () => {
    const { cookie: late, workspace } = await signUp("late@roastery.test", "Late Co");
    const token = await h.mail.tokenFrom("late@roastery.test", "/verify-email");
    const row = await h.db.emailToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeCloseTo(
      EMAIL_TOKEN_TTL_MS.VERIFY_EMAIL,
      -3,
    );
    await h.db.emailToken.update({
      where: { id: row.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await call("auth.verifyEmail", { token });
    expect(expired.status).toBe(400);
    expect(expired.body.error?.message).toMatch(/has expired/);
    expect(await balance(late, workspace.slug)).toBe(0);
    const unknown = await call("auth.verifyEmail", { token: "x".repeat(43) });
    expect(unknown.status).toBe(404);
  });

  it("a verification mail is written in Chinese for a Chinese UI", async () => {
    const res = await call(
      "auth.signUp",
      { name: "梅", email: "mei@roastery.test", password: PASSWORD, workspaceName: "玉兔" },
      { cookie: "hp_locale=zh" },
    );
    expect(res.status).toBe(200);
    const mail = await h.mail.latest("mei@roastery.test");
    expect(mail.subject).toBe("请验证你的 Hyperposter 邮箱");
    expect(mail.text).toContain("梅，你好");
  });
});

describe("password reset", () => {
  const email = "reset@roastery.test";

  it("answers an unknown address exactly as a known one, and mails only the known one", async () => {
    await signUp(email, "Reset Co");
    const sentBefore = h.mail.messages.length;
    const known = await call("auth.requestPasswordReset", { email: "Reset@Roastery.test" });
    const unknown = await call("auth.requestPasswordReset", { email: "nobody@roastery.test" });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(known.setCookie).toEqual(unknown.setCookie);
    const mail = await h.mail.latest(email, /Reset your Hyperposter password/);
    expect(mail.text).toMatch(/http:\/\/app\.test\/reset-password\?token=/);
    expect(h.mail.messages.slice(sentBefore).map((m) => m.to)).toEqual([email]);
  });

  it("a reset link works once, sets the new password and signs every session out", async () => {
    const laptop = cookieOf(await call("auth.signIn", { email, password: PASSWORD }));
    const phone = cookieOf(await call("auth.signIn", { email, password: PASSWORD }));
    expect(await me(laptop)).not.toBeNull();
    const token = await h.mail.tokenFrom(email, "/reset-password");
    const row = await h.db.emailToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeCloseTo(60 * 60 * 1000, -3);

    const reset = await call("auth.resetPassword", { token, password: "a brand new password" });
    expect(reset.status).toBe(200);
    expect(await me(laptop)).toBeNull();
    expect(await me(phone)).toBeNull();
    expect((await call("auth.signIn", { email, password: PASSWORD })).status).toBe(401);
    expect((await call("auth.signIn", { email, password: "a brand new password" })).status).toBe(
      200,
    );

    const again = await call("auth.resetPassword", { token, password: "yet another password" });
    expect(again.status).toBe(400);
    expect(again.body.error?.message).toMatch(/already used/);
  });

  it("a reset link expires after 1 hour", async () => {
    const sent = h.mail.messages.length;
    await call("auth.requestPasswordReset", { email });
    const token = await h.mail.tokenFrom(email, "/reset-password", sent);
    // An hour and a second later, as the database sees it.
    await h.db.emailToken.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const late = await call("auth.resetPassword", { token, password: "too late password" });
    expect(late.status).toBe(400);
    expect(late.body.error?.message).toBe(
      "This reset link has expired (links work for 1 hour). Ask for a new one from the sign-in page.",
    );
    expect((await call("auth.signIn", { email, password: "a brand new password" })).status).toBe(
      200,
    );
  });

  it(`sends at most ${RESET_LIMITS.perHour} links an hour per address, answering the same`, async () => {
    const target = "limited@roastery.test";
    await signUp(target, "Limited Co");
    const answers = [];
    for (let i = 0; i < RESET_LIMITS.perHour + 2; i += 1)
      answers.push(await call("auth.requestPasswordReset", { email: target }));
    expect(new Set(answers.map((a) => JSON.stringify([a.status, a.body]))).size).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.mail.to(target).filter((m) => /Reset/.test(m.subject))).toHaveLength(
      RESET_LIMITS.perHour,
    );
  });

  it("holds the cap when the requests arrive all at once", async () => {
    const target = "parallel-reset@roastery.test";
    await signUp(target, "Parallel Reset Co");
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call("auth.requestPasswordReset", { email: target })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.mail.to(target).filter((m) => /Reset/.test(m.subject))).toHaveLength(
      RESET_LIMITS.perHour,
    );
  });
});

describe("password change", () => {
  const email = "change@roastery.test";

  it("needs the current password, keeps this session and ends the others", async () => {
    const { cookie: here } = await signUp(email, "Change Co");
    const elsewhere = cookieOf(await call("auth.signIn", { email, password: PASSWORD }));
    const wrong = await call(
      "auth.changePassword",
      { currentPassword: "not my password", newPassword: "the next password" },
      { cookie: here },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.data.field).toBe("currentPassword");
    expect(wrong.body.error?.message).toBe("currentPassword is not your current password.");
    expect(await me(elsewhere)).not.toBeNull();

    const short = await call(
      "auth.changePassword",
      { currentPassword: PASSWORD, newPassword: "short" },
      { cookie: here },
    );
    expect(short.status).toBe(400);
    expect(short.body.error?.data.field).toBe("newPassword");

    const ok = await call(
      "auth.changePassword",
      { currentPassword: PASSWORD, newPassword: "the next password" },
      { cookie: here },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.result?.data).toEqual({ revoked: 1 });
    expect(await me(here)).not.toBeNull();
    expect(await me(elsewhere)).toBeNull();
    expect((await call("auth.signIn", { email, password: PASSWORD })).status).toBe(401);
    expect((await call("auth.signIn", { email, password: "the next password" })).status).toBe(200);
  });

  it("needs a signed-in user", async () => {
    const res = await call("auth.changePassword", {
      currentPassword: PASSWORD,
      newPassword: "the next password",
    });
    expect(res.status).toBe(401);
  });
});
