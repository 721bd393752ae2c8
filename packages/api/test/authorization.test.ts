import { grantCredits } from "@hyperposter/billing";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Role } from "@hyperposter/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PNG_BASE64,
  callerAs,
  errorOf,
  makeUser,
  makeWorkspace,
  startHarness,
  type Caller,
  type Harness,
} from "./harness";

// Every workspace procedure × every role: allowed at or above its minimum role,
// FORBIDDEN below it, NOT_FOUND for non-members; ids from another workspace are
// NOT_FOUND even for that workspace's owner.

const ROLES: Role[] = ["VIEWER", "EDITOR", "ADMIN", "OWNER"];
const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2, OWNER: 3 };
const W = "acme";
const FONT_BASE64 = readFileSync(
  fileURLToPath(new URL("../../../examples/fonts/BebasNeue-Regular.ttf", import.meta.url)),
).toString("base64");

const presetBody = {
  name: "Matrix preset",
  colors: {
    primary: "#112233",
    secondary: "#445566",
    accent: "#FF8800",
    background: "#FFFFFF",
    text: "#111111",
  },
  fonts: { heading: "Inter", body: "Inter" },
};

interface Fixture {
  presetId: string;
  fontFileId: string;
  otherFontFileId: string;
  generationId: string;
  otherGenerationId: string;
  otherPresetId: string;
  membershipIds: Record<Role, string>;
  otherMembershipId: string;
  otherInvitationId: string;
}

type Case = {
  name: string;
  minRole: Role;
  call: (c: Caller, f: Fixture, role: Role) => Promise<unknown>;
};

const CASES: Case[] = [
  { name: "workspace.get", minRole: "VIEWER", call: (c) => c.workspace.get({ workspaceSlug: W }) },
  { name: "preset.list", minRole: "VIEWER", call: (c) => c.preset.list({ workspaceSlug: W }) },
  {
    name: "preset.get",
    minRole: "VIEWER",
    call: (c, f) => c.preset.get({ workspaceSlug: W, presetId: f.presetId }),
  },
  {
    name: "preset.versions",
    minRole: "VIEWER",
    call: (c, f) => c.preset.versions({ workspaceSlug: W, presetId: f.presetId }),
  },
  { name: "member.list", minRole: "VIEWER", call: (c) => c.member.list({ workspaceSlug: W }) },
  { name: "font.list", minRole: "VIEWER", call: (c) => c.font.list({ workspaceSlug: W }) },
  {
    name: "font.file",
    minRole: "VIEWER",
    call: (c, f) => c.font.file({ workspaceSlug: W, fontFileId: f.fontFileId }),
  },
  { name: "history.list", minRole: "VIEWER", call: (c) => c.history.list({ workspaceSlug: W }) },
  {
    name: "preset.create",
    minRole: "EDITOR",
    call: (c) => c.preset.create({ workspaceSlug: W, preset: presetBody }),
  },
  {
    name: "preset.update",
    minRole: "EDITOR",
    call: (c, f) =>
      c.preset.update({
        workspaceSlug: W,
        presetId: f.presetId,
        preset: { ...presetBody, tone: "bold" },
      }),
  },
  {
    name: "preset.duplicate",
    minRole: "EDITOR",
    call: (c, f) => c.preset.duplicate({ workspaceSlug: W, presetId: f.presetId }),
  },
  {
    name: "preset.archive",
    minRole: "EDITOR",
    call: (c, f) => c.preset.archive({ workspaceSlug: W, presetId: f.presetId, archived: false }),
  },
  {
    name: "preset.uploadLogo",
    minRole: "EDITOR",
    call: (c) =>
      c.preset.uploadLogo({ workspaceSlug: W, fileName: "l.png", contentBase64: PNG_BASE64 }),
  },
  {
    name: "font.upload",
    minRole: "EDITOR",
    call: (c) => c.font.upload({ workspaceSlug: W, fileName: "b.ttf", contentBase64: FONT_BASE64 }),
  },
  {
    name: "invitation.list",
    minRole: "ADMIN",
    call: (c) => c.invitation.list({ workspaceSlug: W }),
  },
  {
    name: "invitation.create",
    minRole: "ADMIN",
    call: (c) => c.invitation.create({ workspaceSlug: W, role: "VIEWER" }),
  },
  {
    name: "member.changeRole",
    minRole: "ADMIN",
    // Each role changes the viewer's role to viewer: allowed for admins, a no-op in effect.
    call: (c, f) =>
      c.member.changeRole({
        workspaceSlug: W,
        membershipId: f.membershipIds.VIEWER,
        role: "VIEWER",
      }),
  },
  {
    name: "workspace.rename",
    minRole: "ADMIN",
    call: (c) => c.workspace.rename({ workspaceSlug: W, name: "Acme Inc" }),
  },
  {
    name: "workspace.delete",
    minRole: "OWNER",
    // A wrong confirmation proves the role check passed without deleting anything.
    call: (c) => c.workspace.delete({ workspaceSlug: W, confirmSlug: "not-it" }),
  },
];

let h: Harness;
let callers: Record<Role, Caller>;
let outsider: Caller;
let fixture: Fixture;

beforeAll(async () => {
  h = await startHarness("authz");
  const users = Object.fromEntries(
    await Promise.all(
      ROLES.map(async (r) => [r, await makeUser(h.db, `${r.toLowerCase()}@acme.test`)]),
    ),
  ) as Record<Role, { id: string; email: string; name: string }>;
  const stranger = await makeUser(h.db, "stranger@other.test");
  const ws = await makeWorkspace(
    h.db,
    W,
    ROLES.map((role) => ({ userId: users[role].id, role })),
  );
  const other = await makeWorkspace(h.db, "other", [{ userId: stranger.id, role: "OWNER" }]);
  callers = Object.fromEntries(ROLES.map((r) => [r, callerAs(h.deps, users[r])])) as Record<
    Role,
    Caller
  >;
  outsider = callerAs(h.deps, stranger);
  await grantCredits(h.db, {
    workspaceId: ws.id,
    amount: 100,
    cause: { type: "admin", actionId: "authz:grant" },
  });
  await grantCredits(h.db, {
    workspaceId: other.id,
    amount: 100,
    cause: { type: "admin", actionId: "authz:other" },
  });
  const preset = await callers.OWNER.preset.create({ workspaceSlug: W, preset: presetBody });
  const brief = { product: "Tea", formats: ["story"] };
  const generation = await callers.EDITOR.generation.create({
    workspaceSlug: W,
    presetId: preset.id,
    variants: 1,
    brief,
  });
  const otherPreset = await outsider.preset.create({ workspaceSlug: "other", preset: presetBody });
  const otherGeneration = await outsider.generation.create({
    workspaceSlug: "other",
    presetId: otherPreset.id,
    variants: 1,
    brief,
  });
  const memberships = await h.db.membership.findMany({ where: { workspaceId: ws.id } });
  const font = await callers.EDITOR.font.upload({
    workspaceSlug: W,
    fileName: "b.ttf",
    contentBase64: FONT_BASE64,
  });
  const otherFont = await outsider.font.upload({
    workspaceSlug: "other",
    fileName: "b.ttf",
    contentBase64: FONT_BASE64,
  });
  const otherInvitation = await outsider.invitation.create({
    workspaceSlug: "other",
    role: "EDITOR",
  });
  fixture = {
    presetId: preset.id,
    fontFileId: font.id,
    otherFontFileId: otherFont.id,
    generationId: generation.generationId,
    otherGenerationId: otherGeneration.generationId,
    otherPresetId: otherPreset.id,
    membershipIds: Object.fromEntries(
      ROLES.map((r) => [r, memberships.find((m) => m.userId === users[r].id)!.id]),
    ) as Record<Role, string>,
    otherMembershipId: (
      await h.db.membership.findFirstOrThrow({ where: { workspaceId: other.id } })
    ).id,
    otherInvitationId: otherInvitation.id,
  };
});
afterAll(() => h?.stop());

describe("authorization matrix", () => {
  for (const testCase of CASES)
    for (const role of ROLES) {
      const allowed = RANK[role] >= RANK[testCase.minRole];
      it(`${testCase.name} as ${role.toLowerCase()}: ${allowed ? "allowed" : "FORBIDDEN"}`, async () => {
        const call = testCase.call(callers[role], fixture, role);
        if (allowed) {
          const outcome = await call.then(
            () => "ok",
            (error: { code?: string }) => error.code,
          );
          // The delete case fails on purpose after the role check (wrong confirmation).
          expect(outcome).toBe(testCase.name === "workspace.delete" ? "BAD_REQUEST" : "ok");
        } else {
          const error = await errorOf(call);
          expect(error.code).toBe("FORBIDDEN");
          expect(error.message).toMatch(/needs the .* role/);
        }
      });
    }

  for (const testCase of CASES)
    it(`${testCase.name} for a non-member: NOT_FOUND`, async () => {
      expect((await errorOf(testCase.call(outsider, fixture, "OWNER"))).code).toBe("NOT_FOUND");
    });

  it("every procedure needs a signed-in user", async () => {
    const anonymous = callerAs(h.deps, null);
    for (const testCase of CASES)
      expect((await errorOf(testCase.call(anonymous, fixture, "OWNER"))).code).toBe("UNAUTHORIZED");
  });
});

describe("another workspace's ids are NOT_FOUND", () => {
  const owner = () => callers.OWNER;
  const cases: Array<[string, (f: Fixture) => Promise<unknown>]> = [
    ["preset.get", (f) => owner().preset.get({ workspaceSlug: W, presetId: f.otherPresetId })],
    [
      "generation.get",
      (f) => owner().generation.get({ workspaceSlug: W, generationId: f.otherGenerationId }),
    ],
    [
      "generation.cancel",
      (f) => owner().generation.cancel({ workspaceSlug: W, generationId: f.otherGenerationId }),
    ],
    [
      "generation.source",
      (f) => owner().generation.source({ workspaceSlug: W, generationId: f.otherGenerationId }),
    ],
    [
      "generation.create with another workspace's preset",
      (f) =>
        owner().generation.create({
          workspaceSlug: W,
          presetId: f.otherPresetId,
          variants: 1,
          brief: { product: "x", formats: ["story"] },
        }),
    ],
    [
      "preset.versions",
      (f) => owner().preset.versions({ workspaceSlug: W, presetId: f.otherPresetId }),
    ],
    [
      "preset.update",
      (f) =>
        owner().preset.update({ workspaceSlug: W, presetId: f.otherPresetId, preset: presetBody }),
    ],
    [
      "preset.duplicate",
      (f) => owner().preset.duplicate({ workspaceSlug: W, presetId: f.otherPresetId }),
    ],
    [
      "preset.archive",
      (f) =>
        owner().preset.archive({ workspaceSlug: W, presetId: f.otherPresetId, archived: true }),
    ],
    [
      "member.changeRole",
      (f) =>
        owner().member.changeRole({
          workspaceSlug: W,
          membershipId: f.otherMembershipId,
          role: "VIEWER",
        }),
    ],
    ["font.file", (f) => owner().font.file({ workspaceSlug: W, fontFileId: f.otherFontFileId })],
    [
      "preset.create with another workspace's font",
      (f) =>
        owner().preset.create({
          workspaceSlug: W,
          preset: { ...presetBody, headingFontFileId: f.otherFontFileId },
        }),
    ],
    [
      "member.remove",
      (f) => owner().member.remove({ workspaceSlug: W, membershipId: f.otherMembershipId }),
    ],
    [
      "invitation.revoke",
      (f) => owner().invitation.revoke({ workspaceSlug: W, invitationId: f.otherInvitationId }),
    ],
  ];
  for (const [name, call] of cases)
    it(name, async () => {
      expect((await errorOf(call(fixture))).code).toBe("NOT_FOUND");
    });

  it("a logo from another workspace cannot be attached to a preset", async () => {
    const logo = await outsider.preset.uploadLogo({
      workspaceSlug: "other",
      fileName: "x.png",
      contentBase64: PNG_BASE64,
    });
    const error = await errorOf(
      callers.EDITOR.preset.create({
        workspaceSlug: W,
        preset: { ...presetBody, logoFileId: logo.id },
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });

  it("history never lists another workspace's generations, even with its cursor", async () => {
    const other = await h.db.workspace.findUniqueOrThrow({ where: { slug: "other" } });
    const generation = await h.db.generation.create({
      data: {
        workspaceId: other.id,
        brief: { product: "Secret", formats: ["story"] },
        seed: 1,
        variants: 1,
        formats: ["story"],
        backend: "procedural",
        traceId: "t",
      },
    });
    const page = await callers.OWNER.history.list({ workspaceSlug: W, cursor: generation.id });
    expect(page.items.map((i) => i.id)).not.toContain(generation.id);
    const own = await callers.OWNER.history.list({ workspaceSlug: W });
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((item) => item.id !== generation.id)).toBe(true);
  });
});

describe("role rules inside the admin procedures", () => {
  it("an admin cannot promote anyone to owner nor change an owner", async () => {
    const promote = await errorOf(
      callers.ADMIN.member.changeRole({
        workspaceSlug: W,
        membershipId: fixture.membershipIds.EDITOR,
        role: "OWNER",
      }),
    );
    expect(promote.code).toBe("FORBIDDEN");
    const demote = await errorOf(
      callers.ADMIN.member.changeRole({
        workspaceSlug: W,
        membershipId: fixture.membershipIds.OWNER,
        role: "VIEWER",
      }),
    );
    expect(demote.code).toBe("FORBIDDEN");
  });

  it("the last owner cannot be demoted", async () => {
    const error = await errorOf(
      callers.OWNER.member.changeRole({
        workspaceSlug: W,
        membershipId: fixture.membershipIds.OWNER,
        role: "ADMIN",
      }),
    );
    expect(error.code).toBe("CONFLICT");
  });
});
