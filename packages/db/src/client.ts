import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { pgConfigFromUrl } from "./pg-config";

export type Db = PrismaClient;

export interface CreateDbOptions {
  /** Pool size per process; PostgreSQL's own limit is shared by web, workers and tests. */
  max?: number;
}

/** A Prisma client on the engine-less driver adapter (works offline, no native engine). */
export function createDb(databaseUrl: string, options: CreateDbOptions = {}): Db {
  const adapter = new PrismaPg({ ...pgConfigFromUrl(databaseUrl), max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}
