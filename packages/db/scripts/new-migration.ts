// Writes a new migration from the difference between the committed migrations
// and prisma/schema.prisma (`prisma migrate dev` cannot run offline here; see
// the README). Usage: npm run db:migration -- <name>. The shadow database is
// made on DATABASE_URL's server when set (the role needs CREATEDB), otherwise on
// the embedded test cluster.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { acquireTestPostgres } from "@hyperposter/devstack";
import { migrationsDir, runPrisma } from "../src/migrations";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("Usage: npm run db:migration -- <name>");
  process.exit(2);
}
const server = await acquireTestPostgres();
const databaseUrl = server.adminUrl;
const args = [
  "migrate",
  "diff",
  "--from-migrations",
  migrationsDir,
  "--to-schema-datamodel",
  join(migrationsDir, "../schema.prisma"),
  "--script",
  "--exit-code",
];
try {
  await runPrisma(args, databaseUrl);
  console.log("No changes: the migrations already match schema.prisma.");
} catch (error) {
  const { code, stdout } = error as { code?: number; stdout?: string };
  if (code !== 2 || !stdout) throw error;
  const sql = stdout.slice(stdout.indexOf("--"));
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  console.log(`Wrote ${dir}/migration.sql`);
} finally {
  await server.release();
}
