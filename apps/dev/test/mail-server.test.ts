import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createSmtpMailer, invitationMail, verificationMail } from "@hyperposter/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailServer, type RunningMailServer } from "../src/mail-server";

// The embedded stack's SMTP server, fed by the app's own SMTP mailer
// (nodemailer) exactly as `npm run dev` wires them: SMTP_URL → .eml files.

let server: RunningMailServer;
let dir: string;
const lines: string[] = [];
beforeAll(async () => {
  dir = mkdtempSync("/var/tmp/hyperposter-mail-test-");
  server = await startMailServer({ dir: join(dir, "mail"), log: (line) => lines.push(line) });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Quoted-printable soft breaks and escapes undone, enough to find a link in a body. */
const unfold = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");

describe("local SMTP server", () => {
  it("listens on loopback and keeps every message as an .eml file", async () => {
    expect(server.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const mailer = createSmtpMailer(server.url, "Hyperposter <no-reply@hyperposter.local>");
    const url =
      "http://localhost:3000/verify-email?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    await mailer.send(verificationMail("en", { to: "lena@brand.test", name: "Lena", url }));
    await mailer.send(
      invitationMail("zh", {
        to: "wang@brand.test",
        inviterName: "林梅",
        workspaceName: "玉兔食品",
        role: "EDITOR",
        url: "http://localhost:3000/invite/tok",
      }),
    );
    const files = readdirSync(server.dir).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => /^\d{4}-\d\d-\d\dT[\d-]+Z-[0-9a-f]{8}\.eml$/.test(f))).toBe(true);
    const first = readFileSync(join(server.dir, files[0]!), "utf8");
    expect(first).toMatch(/^Subject: Verify your email for Hyperposter\r?$/m);
    expect(first).toMatch(/^To: lena@brand\.test\r?$/m);
    expect(first).toMatch(/^From: Hyperposter <no-reply@hyperposter\.local>\r?$/m);
    expect(first).toMatch(/multipart\/alternative/);
    expect(unfold(first)).toContain(url);
    const second = readFileSync(join(server.dir, files[1]!), "utf8");
    // A Chinese subject travels encoded (RFC 2047).
    expect(second).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(second).toMatch(/^To: wang@brand\.test\r?$/m);
    expect(lines.filter((l) => l.startsWith("kept a message to"))).toHaveLength(2);
  });
});
