import { setPlanLocally } from "@hyperposter/billing";
import { type AppError, issuesFromZod } from "@hyperposter/domain";
import type { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PNG_BASE64,
  callerAs,
  errorOf,
  fakeRequest,
  makeUser,
  startHarness,
  type Harness,
} from "./harness";
import { signUp } from "../src/services/auth";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("invites");
});
afterAll(() => h?.stop());

const colors = {
  primary: "#8B1E24",
  secondary: "#E9C46A",
  accent: "#F4A261",
  background: "#1D1A2F",
  text: "#FFF8E7",
};

describe("invitations by link", () => {
  it("an admin's link adds a viewer once, is mailed (not logged), and dies after use or revocation", async () => {
    const { user: owner, workspace } = await signUp(h.db, {
      name: "Owner",
      email: "owner@brand.test",
      password: "0123456789",
      workspaceName: "Brand Team",
    });
    // Free has one seat (the owner): inviting needs a bigger plan.
    await setPlanLocally(h.db, {
      workspaceId: workspace.id,
      plan: "TEAM",
      actionId: `t:${workspace.id}`,
    });
    const invite = await callerAs(h.deps, owner).invitation.create({
      workspaceSlug: workspace.slug,
      role: "VIEWER",
      email: "viewer@brand.test",
    });
    expect(invite.url).toMatch(/^http:\/\/app\.test\/invite\/[\w-]{40,}$/);
    // The link is a credential: mailed to the invitee, shown once, never written to the log.
    expect(invite.emailed).toBe(true);
    expect(h.logs.some((line) => line.includes(invite.url))).toBe(false);
    const token = invite.url.split("/").pop()!;
    expect(h.logs.join("\n")).not.toContain(token);
    const mail = await h.mail.latest("viewer@brand.test");
    expect(mail.subject).toBe("Owner invited you to “Brand Team” on Hyperposter");
    expect(mail.text).toContain(invite.url);
    expect(mail.text).toMatch(/as viewer/);
    expect(mail.html).toContain(`href="${invite.url}"`);
    expect(await h.db.invitation.count({ where: { tokenHash: token } })).toBe(0);

    const anonymous = callerAs(h.deps, null);
    expect(await anonymous.invitation.preview({ token })).toEqual({
      workspaceName: "Brand Team",
      role: "VIEWER",
      email: "viewer@brand.test",
    });
    const wrong = await makeUser(h.db, "someone@else.test");
    expect((await errorOf(callerAs(h.deps, wrong).invitation.accept({ token }))).code).toBe(
      "FORBIDDEN",
    );

    const viewer = await makeUser(h.db, "viewer@brand.test");
    const joined = await callerAs(h.deps, viewer).invitation.accept({ token });
    expect(joined).toEqual({ slug: workspace.slug, name: "Brand Team", role: "VIEWER" });
    expect(
      (await callerAs(h.deps, viewer).workspace.get({ workspaceSlug: workspace.slug })).role,
    ).toBe("VIEWER");
    expect((await errorOf(callerAs(h.deps, viewer).invitation.accept({ token }))).code).toBe(
      "NOT_FOUND",
    );

    // Without an address nothing is mailed: the link exists only on the inviter's screen.
    const sent = h.mail.messages.length;
    const second = await callerAs(h.deps, owner).invitation.create({
      workspaceSlug: workspace.slug,
      role: "EDITOR",
    });
    expect(second.emailed).toBe(false);
    expect(h.mail.messages).toHaveLength(sent);
    expect(h.logs.join("\n")).not.toContain(second.url.split("/").pop()!);
    await callerAs(h.deps, owner).invitation.revoke({
      workspaceSlug: workspace.slug,
      invitationId: second.id,
    });
    expect(
      (await errorOf(anonymous.invitation.preview({ token: second.url.split("/").pop()! }))).code,
    ).toBe("NOT_FOUND");
  });
});

describe("signing up from an invitation link", () => {
  it("joins the inviting workspace without one of its own, unless asked", async () => {
    const { user: owner, workspace } = await signUp(h.db, {
      name: "Owner",
      email: "owner2@brand.test",
      password: "0123456789",
      workspaceName: "Join Team",
    });
    await setPlanLocally(h.db, {
      workspaceId: workspace.id,
      plan: "TEAM",
      actionId: `t2:${workspace.id}`,
    });
    const invite = async (email: string | null) =>
      (
        await callerAs(h.deps, owner).invitation.create({
          workspaceSlug: workspace.slug,
          role: "VIEWER",
          ...(email ? { email } : {}),
        })
      ).url
        .split("/")
        .pop()!;
    const anonymous = callerAs(h.deps, null);

    const token = await invite("new.viewer@brand.test");
    // Another address than the invited one is refused, naming the email field.
    const wrong = await errorOf(
      anonymous.auth.signUp({
        name: "Someone",
        email: "other@brand.test",
        password: "0123456789",
        invitationToken: token,
      }),
    );
    expect(wrong.code).toBe("FORBIDDEN");
    expect(await h.db.user.count({ where: { email: "other@brand.test" } })).toBe(0);

    const joined = await anonymous.auth.signUp({
      name: "New Viewer",
      email: "new.viewer@brand.test",
      password: "0123456789",
      invitationToken: token,
    });
    expect(joined.workspace.slug).toBe(workspace.slug);
    const memberships = await h.db.membership.findMany({ where: { userId: joined.user.id } });
    expect(memberships.map((m) => [m.workspaceId, m.role])).toEqual([[workspace.id, "VIEWER"]]);
    // The link is used up.
    expect((await errorOf(anonymous.invitation.preview({ token }))).code).toBe("NOT_FOUND");

    // Asked for: a workspace of their own as well.
    const token2 = await invite(null);
    const both = await anonymous.auth.signUp({
      name: "Both",
      email: "both@brand.test",
      password: "0123456789",
      invitationToken: token2,
      workspaceName: "My Own",
    });
    expect(both.workspace.slug).toBe(workspace.slug);
    expect(await h.db.membership.count({ where: { userId: both.user.id } })).toBe(2);

    // Without an invitation the workspace name is required, said as a code the UI can render.
    const missing = await errorOf(
      anonymous.auth.signUp({ name: "X", email: "x@brand.test", password: "0123456789" }),
    );
    expect(missing.code).toBe("BAD_REQUEST");
    const zodIssues = (missing.cause as unknown as { issues: z.core.$ZodIssue[] }).issues;
    expect(issuesFromZod(zodIssues)).toEqual([{ field: "workspaceName", code: "required" }]);
  });

  it("a cut-off link says so, in both languages", async () => {
    const anonymous = callerAs(h.deps, null);
    for (const token of ["", "abc", "x".repeat(42)]) {
      const error = await errorOf(anonymous.invitation.preview({ token }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/^This invitation link is incomplete/);
      expect((error.cause as AppError).messageZh).toMatch(/^邀请链接不完整/);
    }
  });
});

describe("invitation mail in the inviter's language", () => {
  it("writes the mail in Chinese when the inviter's UI is in Chinese", async () => {
    const { user: owner, workspace } = await signUp(h.db, {
      name: "林梅",
      email: "mei@brand.test",
      password: "0123456789",
      workspaceName: "玉兔食品",
    });
    // Free has one seat (the owner): inviting needs a bigger plan.
    await setPlanLocally(h.db, {
      workspaceId: workspace.id,
      plan: "TEAM",
      actionId: `t:${workspace.id}`,
    });
    const invite = await callerAs(
      h.deps,
      owner,
      fakeRequest({ hp_locale: "zh" }),
    ).invitation.create({
      workspaceSlug: workspace.slug,
      role: "EDITOR",
      email: "wang@brand.test",
    });
    const mail = await h.mail.latest("wang@brand.test");
    expect(mail.subject).toBe("林梅 邀请你加入 Hyperposter 上的“玉兔食品”");
    expect(mail.text).toContain("以编辑身份加入");
    expect(mail.text).toContain(invite.url);
  });
});

describe("brand presets", () => {
  it("keeps every edit as a version, duplicates with the logo, archives and restores", async () => {
    const { user, workspace } = await signUp(h.db, {
      name: "Ed",
      email: "ed@brand.test",
      password: "0123456789",
      workspaceName: "Preset Team",
    });
    const api = callerAs(h.deps, user);
    const ws = { workspaceSlug: workspace.slug };
    const logo = await api.preset.uploadLogo({
      ...ws,
      fileName: "logo.png",
      contentBase64: PNG_BASE64,
    });
    expect(logo.mime).toBe("image/png");
    const logoResponse = await fetch(logo.url);
    expect(logoResponse.status).toBe(200);
    // Served inline under a fixed name as the PNG the intake re-encoded (1×1, like the upload).
    // (The embedded storage server ignores the overrides; S3 answers with them.)
    const signed = new URL(logo.url).searchParams;
    expect(signed.get("response-content-type")).toBe("image/png");
    expect(signed.get("response-content-disposition")).toBe('inline; filename="logo.png"');
    const served = Buffer.from(await logoResponse.arrayBuffer());
    expect(served.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([served.readUInt32BE(16), served.readUInt32BE(20)]).toEqual([1, 1]);

    const created = await api.preset.create({
      ...ws,
      preset: {
        name: "Jade Moon",
        colors,
        fonts: { heading: "Noto Serif CJK SC", body: "Noto Sans SC" },
        tone: "warm, festive",
        styleKeywords: ["lantern light"],
        negative: ["cartoon"],
        defaultFormats: ["story", "print-a4"],
        logoFileId: logo.id,
      },
    });
    expect(created).toMatchObject({ slug: "jade-moon", version: 1, archived: false });
    expect(created.logo?.id).toBe(logo.id);

    const edited = await api.preset.update({
      ...ws,
      presetId: created.id,
      preset: { ...created.data, tone: "calm", logoFileId: null },
    });
    expect(edited.version).toBe(2);
    expect(edited.data.tone).toBe("calm");
    expect(edited.logo).toBeNull();
    const versions = await api.preset.versions({ ...ws, presetId: created.id });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const first = await h.db.brandPresetVersion.findFirstOrThrow({
      where: { presetId: created.id, version: 1 },
    });
    expect(first.data).toMatchObject({ tone: "warm, festive" });
    expect(first.logoFileId).toBe(logo.id);

    // Saving what is already there makes no version.
    const same = await api.preset.update({
      ...ws,
      presetId: created.id,
      preset: { ...edited.data, logoFileId: null },
    });
    expect(same).toMatchObject({ version: 2, unchanged: true });
    const listed = await api.preset.versions({ ...ws, presetId: created.id });
    expect(listed.map((v) => [v.version, v.current, v.author, v.changes])).toEqual([
      [2, true, "Ed", ["tone", "logo"]],
      [1, false, "Ed", []],
    ]);
    const compared = await api.preset.compare({ ...ws, presetId: created.id, from: 1, to: 2 });
    expect(compared.changes).toEqual([
      { field: "tone", before: "warm, festive", after: "calm" },
      { field: "logo", before: "logo.png", after: "" },
    ]);
    // Restoring version 1 is version 3 with version 1's content; restoring it again changes nothing.
    const restored = await api.preset.restore({ ...ws, presetId: created.id, version: 1 });
    expect(restored).toMatchObject({ version: 3, unchanged: false });
    expect(restored.data.tone).toBe("warm, festive");
    expect(restored.logo?.id).toBe(logo.id);
    expect(await api.preset.restore({ ...ws, presetId: created.id, version: 1 })).toMatchObject({
      version: 3,
      unchanged: true,
    });
    expect(
      (await errorOf(api.preset.compare({ ...ws, presetId: created.id, from: 1, to: 9 }))).code,
    ).toBe("NOT_FOUND");

    const copy = await api.preset.duplicate({ ...ws, presetId: created.id });
    expect(copy).toMatchObject({ name: "Jade Moon (copy)", slug: "jade-moon-copy", version: 1 });

    await api.preset.archive({ ...ws, presetId: created.id, archived: true });
    expect((await api.preset.list(ws)).map((p) => p.name)).toEqual(["Jade Moon (copy)"]);
    expect(
      (await api.preset.list({ ...ws, includeArchived: true })).map((p) => p.archived),
    ).toEqual([false, true]);
    await api.preset.archive({ ...ws, presetId: created.id, archived: false });
    expect(await api.preset.list(ws)).toHaveLength(2);
  });
});
