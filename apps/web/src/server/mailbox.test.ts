import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { linkify, listMessages, mailboxDir, readMessage } from "./mailbox";

// The /dev/mailbox page's reader over .eml files as the local SMTP server writes them.

const dir = mkdtempSync(join(tmpdir(), "hyperposter-mailbox-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function eml(subject: string, to: string, body: string): string {
  return [
    "From: Hyperposter <no-reply@hyperposter.local>",
    `To: ${to}`,
    `Subject: ${subject}`,
    "Date: Sat, 05 Dec 2026 14:00:00 +0000",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    body,
    "",
  ].join("\r\n");
}

describe("development mailbox", () => {
  it("is there only in development and only with a folder", () => {
    expect(mailboxDir({ NODE_ENV: "development", DEV_MAILBOX_DIR: "/x/mail" })).toBe("/x/mail");
    expect(mailboxDir({ NODE_ENV: "production", DEV_MAILBOX_DIR: "/x/mail" })).toBeNull();
    expect(mailboxDir({ NODE_ENV: "development" })).toBeNull();
  });

  it("lists messages newest first and reads one, links intact", async () => {
    writeFileSync(
      join(dir, "2026-12-05T14-00-00-000Z-aaaa0001.eml"),
      eml(
        "Verify your email for Hyperposter",
        "lena@brand.test",
        "Open: http://localhost:3000/verify-email?token=3Dabc",
      ),
    );
    writeFileSync(
      join(dir, "2026-12-05T14-05-00-000Z-aaaa0002.eml"),
      eml(
        "=?UTF-8?B?6YeN572u5L2g55qEIEh5cGVycG9zdGVyIOWvhueggQ==?=",
        "mei@brand.test",
        "Link: http://localhost:3000/reset-password?token=3Dxyz=\r\n123 end",
      ),
    );
    writeFileSync(join(dir, ".2026-12-05T14-06-00-000Z-aaaa0003.eml.part"), "half");
    const list = await listMessages(dir);
    expect(list.map((m) => [m.subject, m.to])).toEqual([
      ["重置你的 Hyperposter 密码", "mei@brand.test"],
      ["Verify your email for Hyperposter", "lena@brand.test"],
    ]);
    const message = await readMessage(dir, list[0]!.id);
    expect(message?.text).toContain("http://localhost:3000/reset-password?token=xyz123 end");
    expect(await readMessage(dir, "../../etc/passwd")).toBeNull();
    expect(await readMessage(dir, "missing")).toBeNull();
  });

  it("picks the links out of a body", () => {
    expect(linkify("Open http://a.test/x?token=1 now")).toEqual([
      { text: "Open " },
      { href: "http://a.test/x?token=1" },
      { text: " now" },
    ]);
  });
});
