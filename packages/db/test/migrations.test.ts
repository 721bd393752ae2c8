import { readdirSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@hyperposter/devstack";
import { ensureDatabase, dropDatabase } from "@hyperposter/devstack";
import { migrateDeploy, migrationsDir, runPrisma } from "../src/migrations";

const migrationNames = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

async function columns(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result = await client.query<{ c: string }>(
    `SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable AS c
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY 1`,
  );
  await client.end();
  return result.rows.map((row) => row.c);
}

describe("migrations", () => {
  const adminUrl = inject("pgAdminUrl");
  const deployedName = `hp_migrate_${process.pid}`;
  const deployedUrl = Object.assign(new URL(adminUrl), { pathname: `/${deployedName}` }).toString();
  let direct: TestDatabase;

  beforeAll(async () => {
    await dropDatabase(adminUrl, deployedName);
    await ensureDatabase(adminUrl, deployedName);
    direct = await createTestDatabase(adminUrl, "direct");
  });
  afterAll(async () => {
    await dropDatabase(adminUrl, deployedName);
    await direct.drop();
  });

  it("prisma migrate deploy applies every migration to an empty database", async () => {
    const output = await migrateDeploy(deployedUrl);
    expect(output).toMatch(/All migrations have been successfully applied|No pending migrations/);
    const client = new pg.Client({ connectionString: deployedUrl });
    await client.connect();
    const applied = await client.query(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1`,
    );
    await client.end();
    expect(applied.rows.map((row: { migration_name: string }) => row.migration_name)).toEqual(
      [...migrationNames].sort(),
    );
  }, 90_000);

  it("finds no drift between the migrations and schema.prisma", async () => {
    const output = await runPrisma(
      [
        "migrate",
        "diff",
        "--from-migrations",
        migrationsDir,
        "--to-schema-datamodel",
        `${migrationsDir}/../schema.prisma`,
        "--exit-code",
      ],
      deployedUrl,
    );
    expect(output).toMatch(/No difference detected|empty migration/i);
  }, 90_000);

  it("the direct migration runner tests use builds the same schema", async () => {
    expect(await columns(direct.url)).toEqual(await columns(deployedUrl));
  });
});
