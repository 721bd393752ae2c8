import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCRYPT_PARAMS, hashPassword, needsRehash, verifyPassword } from "../src/auth/password";
import { httpCall, startHarness, type Harness } from "./harness";

// Password hashing at OWASP's parameters (this file does not lower them), and
// the transparent upgrade of older, cheaper hashes at sign-in.

let h: Harness;
beforeAll(async () => {
  h = await startHarness("password", { owaspScrypt: true });
});
afterAll(() => h?.stop());

describe("scrypt", () => {
  it("hashes at N=2^17, r=8, p=1 and verifies", async () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery!", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash(hash.replace("$131072$", "$32768$"))).toBe(true);
  });

  it("refuses stored parameters that would exhaust memory", async () => {
    expect(await verifyPassword("x", "scrypt$1073741824$8$1$AAAA$AAAA")).toBe(false);
  });

  it("upgrades an older hash at the next successful sign-in, not at a failed one", async () => {
    // The hash format the product stored before (N=2^15), made with node:crypto directly.
    const { scryptSync, randomBytes } = await import("node:crypto");
    const salt = randomBytes(16);
    const key = scryptSync("old but good password", salt, 32, {
      N: 2 ** 15,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    });
    const oldHash = `scrypt$32768$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`;
    await h.db.user.create({
      data: { email: "old@brand.test", name: "Old", passwordHash: oldHash },
    });
    const bad = await httpCall(h.deps, "auth.signIn", {
      email: "old@brand.test",
      password: "wrong password",
    });
    expect(bad.status).toBe(401);
    expect(
      (await h.db.user.findUniqueOrThrow({ where: { email: "old@brand.test" } })).passwordHash,
    ).toBe(oldHash);
    const good = await httpCall(h.deps, "auth.signIn", {
      email: "old@brand.test",
      password: "old but good password",
    });
    expect(good.status).toBe(200);
    const upgraded = (await h.db.user.findUniqueOrThrow({ where: { email: "old@brand.test" } }))
      .passwordHash!;
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword("old but good password", upgraded)).toBe(true);
    const again = await httpCall(h.deps, "auth.signIn", {
      email: "old@brand.test",
      password: "old but good password",
    });
    expect(again.status).toBe(200);
  });
});
