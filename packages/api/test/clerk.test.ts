import { generateKeyPairSync, createSign, randomUUID } from "node:crypto";
import { Webhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClerkAuth } from "../src/auth/clerk";
import { applyClerkEvent, roleFromClerk, verifyClerkWebhook } from "../src/services/clerk-sync";
import { handleTrpcRequest } from "../src/http";
import { httpCall, startHarness, type Harness } from "./harness";

// Clerk cannot be reached from here: the test makes its own RS256 key pair,
// mints session tokens shaped like Clerk's, and signs webhook deliveries with
// svix, then runs them through the same code the web app uses.

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwtKey = publicKey.export({ type: "spki", format: "pem" }).toString();
const APP = "http://app.test";

function mintToken(claims: Record<string, unknown>, key = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT", kid: "ins_test" };
  const payload = {
    iss: "https://clerk.app.test",
    sid: "sess_test",
    azp: APP,
    iat: now,
    nbf: now - 5,
    exp: now + 60,
    ...claims,
  };
  const encode = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const body = `${encode(header)}.${encode(payload)}`;
  const signature = createSign("RSA-SHA256").update(body).sign(key).toString("base64url");
  return `${body}.${signature}`;
}

const secret = `whsec_${Buffer.from("clerk-test-secret-0123456789").toString("base64")}`;
const svix = new Webhook(secret);

function delivery(type: string, data: Record<string, unknown>, id = `msg_${randomUUID()}`) {
  const body = JSON.stringify({ type, data, object: "event" });
  const timestamp = new Date();
  return {
    body,
    headers: {
      id,
      timestamp: String(Math.floor(timestamp.getTime() / 1000)),
      signature: svix.sign(id, timestamp, body),
    },
  };
}

async function deliver(h: Harness, type: string, data: Record<string, unknown>, id?: string) {
  const d = delivery(type, data, id);
  return applyClerkEvent(h.db, verifyClerkWebhook(secret, d.body, d.headers));
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness("clerk");
});
afterAll(() => h?.stop());

const clerkUser = {
  id: "user_2abc",
  first_name: "Ada",
  last_name: "Brand",
  primary_email_address_id: "idn_1",
  email_addresses: [{ id: "idn_1", email_address: "Ada@Brand.test" }],
};
const org = { id: "org_2xyz", name: "Brand Team", slug: "brand-team" };
const membership = (role: string) => ({
  role,
  organization: { id: org.id },
  public_user_data: { user_id: clerkUser.id },
});

describe("Clerk webhook sync", () => {
  it("refuses a delivery whose signature does not match the body", () => {
    const d = delivery("user.created", clerkUser);
    expect(() => verifyClerkWebhook(secret, d.body.replace("Ada", "Eve"), d.headers)).toThrow(
      /signature/,
    );
    expect(() =>
      verifyClerkWebhook(secret, d.body, { ...d.headers, signature: "v1,AAAA" }),
    ).toThrow(/signature/);
  });

  it("creates the user, the organization as a workspace and the membership with a mapped role", async () => {
    expect(await deliver(h, "user.created", clerkUser)).toBe(true);
    expect(await deliver(h, "organization.created", org)).toBe(true);
    expect(await deliver(h, "organizationMembership.created", membership("org:member"))).toBe(true);
    const user = await h.db.user.findUniqueOrThrow({ where: { clerkUserId: clerkUser.id } });
    expect(user).toMatchObject({ email: "ada@brand.test", name: "Ada Brand", passwordHash: null });
    const ws = await h.db.workspace.findUniqueOrThrow({ where: { clerkOrgId: org.id } });
    expect(ws.slug).toBe("brand-team");
    const m = await h.db.membership.findFirstOrThrow({
      where: { userId: user.id, workspaceId: ws.id },
    });
    expect(m.role).toBe("EDITOR");
  });

  it("applies a redelivered event once, and updates roles from later events", async () => {
    const id = `msg_${randomUUID()}`;
    expect(await deliver(h, "organizationMembership.updated", membership("org:viewer"), id)).toBe(
      true,
    );
    expect(await deliver(h, "organizationMembership.updated", membership("org:admin"), id)).toBe(
      false,
    );
    const m = await h.db.membership.findFirstOrThrow({
      where: { workspace: { clerkOrgId: org.id } },
    });
    expect(m.role).toBe("VIEWER");
    expect(roleFromClerk("org:admin")).toBe("ADMIN");
    expect(roleFromClerk("org:owner")).toBe("OWNER");
  });
});

describe("Clerk session tokens, verified without a network call", () => {
  const clerk = createClerkAuth({ jwtKey, authorizedParties: [APP] });

  it("accepts a token signed by the instance key and maps it to the synced user", async () => {
    const user = await clerk.userFromSessionToken(h.db, mintToken({ sub: clerkUser.id }));
    expect(user?.email).toBe("ada@brand.test");
  });

  it("rejects expired, foreign-key, wrong-party and unknown-user tokens", async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    expect(
      await clerk.userFromSessionToken(
        h.db,
        mintToken({ sub: clerkUser.id, exp: now - 60, iat: now - 120, nbf: now - 120 }),
      ),
    ).toBeNull();
    expect(
      await clerk.userFromSessionToken(h.db, mintToken({ sub: clerkUser.id }, other)),
    ).toBeNull();
    expect(
      await clerk.userFromSessionToken(
        h.db,
        mintToken({ sub: clerkUser.id, azp: "https://evil.test" }),
      ),
    ).toBeNull();
    expect(await clerk.userFromSessionToken(h.db, mintToken({ sub: "user_unknown" }))).toBeNull();
  });

  it("authenticates tRPC requests through the same context code, roles from the synced membership", async () => {
    const deps = { ...h.deps, clerk };
    const call = (path: string, input: unknown, token: string) =>
      handleTrpcRequest(
        deps,
        new Request(`${APP}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    const ok = await call(
      "workspace.get",
      { workspaceSlug: "brand-team" },
      mintToken({ sub: clerkUser.id }),
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: { data: { role: string } } }).result.data.role).toBe(
      "VIEWER",
    );
    const forged = await call(
      "workspace.get",
      { workspaceSlug: "brand-team" },
      mintToken(
        { sub: clerkUser.id },
        generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
      ),
    );
    expect(forged.status).toBe(401);
  });

  it("a membership deletion removes access", async () => {
    await deliver(h, "organizationMembership.deleted", membership("org:viewer"));
    expect(await h.db.membership.count({ where: { workspace: { clerkOrgId: org.id } } })).toBe(0);
  });
});

describe("Clerk users and local accounts with the same address", () => {
  const clerk = createClerkAuth({ jwtKey, authorizedParties: [APP] });
  const local = {
    name: "Lin",
    email: "lin@brand.test",
    password: "local password 123",
    workspaceName: "Lin Local",
  };
  const clerkLin = (status: string | null) => ({
    id: "user_lin",
    first_name: "Lin",
    last_name: "Clerk",
    primary_email_address_id: "idn_lin",
    email_addresses: [
      {
        id: "idn_lin",
        email_address: "Lin@Brand.test",
        verification: status ? { status } : null,
      },
    ],
  });

  it("does not link a local account to a Clerk user whose address Clerk has not verified", async () => {
    const signedUp = await httpCall(h.deps, "auth.signUp", local);
    expect(signedUp.status).toBe(200);
    expect(await deliver(h, "user.created", clerkLin("unverified"))).toBe(true);
    expect(await deliver(h, "user.updated", clerkLin(null))).toBe(true);
    const user = await h.db.user.findUniqueOrThrow({ where: { email: local.email } });
    expect(user.clerkUserId).toBeNull();
    expect(user.passwordHash).not.toBeNull();
    expect(await h.db.user.count({ where: { clerkUserId: "user_lin" } })).toBe(0);
    // The Clerk token of that user opens nothing.
    expect(await clerk.userFromSessionToken(h.db, mintToken({ sub: "user_lin" }))).toBeNull();
    // Local sign-in still works.
    expect(
      (await httpCall(h.deps, "auth.signIn", { email: local.email, password: local.password }))
        .status,
    ).toBe(200);
  });

  it("links once Clerk verifies the address: the local password goes, its sessions end, and password sign-in is refused", async () => {
    const session = await httpCall(h.deps, "auth.signIn", {
      email: local.email,
      password: local.password,
    });
    const cookie = session.setCookie[0]!.split(";")[0]!;
    expect(await deliver(h, "user.updated", clerkLin("verified"))).toBe(true);
    const user = await h.db.user.findUniqueOrThrow({ where: { email: local.email } });
    expect(user.clerkUserId).toBe("user_lin");
    expect(user.passwordHash).toBeNull();
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await h.db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    const me = await httpCall(h.deps, "auth.me", undefined, { cookie, query: true });
    expect(me.body.result?.data).toBeNull();
    expect((await clerk.userFromSessionToken(h.db, mintToken({ sub: "user_lin" })))?.id).toBe(
      user.id,
    );

    const refused = await httpCall({ ...h.deps, clerk }, "auth.signIn", {
      email: local.email,
      password: local.password,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toBe(
      "This account signs in with Clerk, not with a password here. Use the Clerk sign-in on this page.",
    );
    // Nor can a reset link bring a local password back while Clerk is on.
    const sent = h.mail.messages.length;
    await httpCall({ ...h.deps, clerk }, "auth.requestPasswordReset", { email: local.email });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.mail.messages.length).toBe(sent);
  });

  it("a new Clerk user counts as verified only when Clerk says so", async () => {
    await deliver(h, "user.created", {
      ...clerkLin("verified"),
      id: "user_v",
      primary_email_address_id: "idn_v",
      email_addresses: [
        { id: "idn_v", email_address: "v@brand.test", verification: { status: "verified" } },
      ],
    });
    await deliver(h, "user.created", {
      ...clerkLin(null),
      id: "user_u",
      primary_email_address_id: "idn_u",
      email_addresses: [
        { id: "idn_u", email_address: "u@brand.test", verification: { status: "unverified" } },
      ],
    });
    const v = await h.db.user.findUniqueOrThrow({ where: { clerkUserId: "user_v" } });
    const u = await h.db.user.findUniqueOrThrow({ where: { clerkUserId: "user_u" } });
    expect(v.emailVerifiedAt).not.toBeNull();
    expect(u.emailVerifiedAt).toBeNull();
  });
});
