import { defineConfig } from "prisma/config";
import { migrationAdapterFactory } from "./src/migration-adapter";

// Prisma 6.19's CLI migrates offline through its wasm schema engine when it is
// given a driver adapter (engine "js"). DATABASE_URL must resolve even for
// `generate`, or the CLI tries to download a query engine.
const databaseUrl =
  process.env.DATABASE_URL ?? "postgres://generate:generate@localhost:5432/generate";
process.env.DATABASE_URL = databaseUrl;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "../../prisma/schema.prisma",
  migrations: { path: "../../prisma/migrations" },
  adapter: async () => migrationAdapterFactory(databaseUrl),
});
