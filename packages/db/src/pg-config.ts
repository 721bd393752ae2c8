import type { PoolConfig } from "pg";

/**
 * Discrete pg connection fields from a postgres:// URL. Prisma's migrate
 * adapter must never get `connectionString` (with it the shadow database
 * silently becomes the main database), so every caller goes through here.
 */
export function pgConfigFromUrl(databaseUrl: string): PoolConfig {
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must start with postgres:// (got ${url.protocol}//).`);
  }
  const sslmode = url.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(url.hostname) || "localhost",
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
    ...(sslmode && sslmode !== "disable"
      ? { ssl: { rejectUnauthorized: sslmode === "verify-full" } }
      : {}),
  };
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
