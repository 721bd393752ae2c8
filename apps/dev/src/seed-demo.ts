import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { hashPassword, uploadFont } from "@hyperposter/api";
import { grantCredits } from "@hyperposter/billing";
import type { Db } from "@hyperposter/db";
import { BrandPreset } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";
import { z } from "zod";
import { repoRoot } from "@hyperposter/devstack";

export const DEMO = {
  email: "demo@hyperposter.local",
  password: "hyperposter-demo",
  name: "Demo Marketer",
  workspaceSlug: "demo",
  workspaceName: "Demo workspace",
  credits: 500,
} as const;

export const examplesDir = join(repoRoot, "examples");

/**
 * The demo workspace, user and brand presets from examples/. Idempotent: every
 * row is found by a natural key first, and the credit grant carries an
 * idempotency key, so running it at every start changes nothing the second time.
 */
export async function seedDemo(
  db: Db,
  storage: AssetStorage,
  log: (line: string) => void,
): Promise<void> {
  // The demo address is verified: the demo account can generate straight away.
  const existing = await db.user.findUnique({ where: { email: DEMO.email } });
  const user = existing
    ? existing.emailVerifiedAt
      ? existing
      : await db.user.update({ where: { id: existing.id }, data: { emailVerifiedAt: new Date() } })
    : await db.user.create({
        data: {
          email: DEMO.email,
          name: DEMO.name,
          passwordHash: await hashPassword(DEMO.password),
          emailVerifiedAt: new Date(),
        },
      });
  const workspace = await db.workspace.upsert({
    where: { slug: DEMO.workspaceSlug },
    update: {},
    create: { slug: DEMO.workspaceSlug, name: DEMO.workspaceName },
  });
  await db.membership.upsert({
    where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } },
    update: {},
    create: { workspaceId: workspace.id, userId: user.id, role: "OWNER" },
  });

  const presets = z
    .array(BrandPreset)
    .parse(JSON.parse(readFileSync(join(examplesDir, "presets.json"), "utf8")));
  let created = 0;
  for (const preset of presets) {
    const existing = await db.brandPreset.findUnique({
      where: { workspaceId_slug: { workspaceId: workspace.id, slug: preset.slug } },
    });
    if (existing) continue;
    const logoFileId = preset.logo
      ? await uploadLogo(db, storage, workspace.id, preset.logo)
      : null;
    const { slug, name, logo: _logo, fontFiles: _fontFiles, ...data } = preset;
    await db.brandPreset.create({
      data: {
        workspaceId: workspace.id,
        slug,
        name,
        currentVersion: 1,
        versions: {
          create: { workspaceId: workspace.id, version: 1, data, logoFileId, createdById: user.id },
        },
      },
    });
    created += 1;
  }

  // The example brand fonts sit in the workspace's font library, ready to pick.
  const fontsDir = join(examplesDir, "fonts");
  for (const file of readdirSync(fontsDir).filter((f) => /\.(ttf|otf)$/.test(f)))
    await uploadFont({ db, storage }, workspace.id, {
      fileName: file,
      contentBase64: readFileSync(join(fontsDir, file)).toString("base64"),
    });

  await grantCredits(db, {
    workspaceId: workspace.id,
    amount: DEMO.credits,
    cause: { type: "seed", name: DEMO.workspaceSlug },
    note: "Demo workspace starting credits",
  });
  log(
    created > 0
      ? `demo workspace ready: ${created} brand presets created; sign in as ${DEMO.email} / ${DEMO.password}`
      : `demo workspace already seeded; sign in as ${DEMO.email} / ${DEMO.password}`,
  );
}

async function uploadLogo(
  db: Db,
  storage: AssetStorage,
  workspaceId: string,
  file: string,
): Promise<string> {
  const bytes = readFileSync(join(examplesDir, file));
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const storageKey = `${workspaceId}/files/logo-${sha256.slice(0, 16)}.svg`;
  await storage.put(storageKey, bytes, "image/svg+xml");
  const row = await db.storedFile.upsert({
    where: { storageKey },
    update: {},
    create: {
      workspaceId,
      kind: "LOGO",
      storageKey,
      originalName: file,
      mime: "image/svg+xml",
      bytes: bytes.length,
      sha256,
    },
  });
  return row.id;
}
