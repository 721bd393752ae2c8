import { PrismaPg } from "@prisma/adapter-pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { pgConfigFromUrl } from "./pg-config";

// Catalog columns typed `name` / `"char"` make adapter-pg 6.19 throw
// "Column type 'name' could not be deserialized" in migrate deploy
// (prisma/prisma#27403). Report them as text / text[] instead.
const TEXT = 25;
const TEXT_ARRAY = 1009;
const REMAP: Record<number, number> = { 19: TEXT, 18: TEXT, 1003: TEXT_ARRAY, 1002: TEXT_ARRAY };
// pg-types has no builtin name for text[] (1009); the oid is stable.
const parseTextArray = pg.types.getTypeParser(
  TEXT_ARRAY as Parameters<typeof pg.types.getTypeParser>[0],
) as (v: string) => string[];

interface PgQueryableInternals {
  performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[]; rows: unknown[][] }>;
  onError(error: unknown): never;
  underlyingDriver(): { query(sql: string): Promise<unknown> };
}

function patchCatalogTypes<T extends object>(queryable: T): T {
  const target = queryable as unknown as PgQueryableInternals;
  const original = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await original(query);
    // A multi-statement script yields an array of results: nothing to remap there.
    if (!Array.isArray(result.fields)) return result;
    result.fields.forEach((field, i) => {
      const mapped = REMAP[field.dataTypeID];
      if (mapped === undefined) return;
      if (mapped === TEXT_ARRAY) {
        for (const row of result.rows) {
          if (typeof row[i] === "string") row[i] = parseTextArray(row[i] as string);
        }
      }
      field.dataTypeID = mapped;
    });
    return result;
  };
  return queryable;
}

function patchAdapter(adapter: SqlDriverAdapter, afterDispose?: () => Promise<void>) {
  patchCatalogTypes(adapter);
  // adapter-pg 6.19 splits migration scripts on every ";", which breaks
  // dollar-quoted function bodies (triggers). Send the script whole: PostgreSQL
  // runs a multi-statement simple query as one implicit transaction.
  const internals = adapter as unknown as PgQueryableInternals;
  adapter.executeScript = async (script) => {
    try {
      await internals.underlyingDriver().query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) =>
    patchCatalogTypes(await startTransaction(isolationLevel));
  if (afterDispose) {
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await afterDispose();
    };
  }
  return adapter;
}

/**
 * The driver adapter the Prisma CLI (migrate deploy / diff) uses: adapter-pg
 * with discrete fields, the catalog-type fix, and a shadow database that is
 * closed before it is dropped (adapter-pg's own drops it while its pool is open).
 */
export function migrationAdapterFactory(
  databaseUrl: string,
): SqlMigrationAwareDriverAdapterFactory {
  const config = { ...pgConfigFromUrl(databaseUrl), idleTimeoutMillis: 500 };
  const main = new PrismaPg(config);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => patchAdapter(await main.connect()),
    connectToShadowDb: async () => {
      const shadowName = `prisma_shadow_${process.pid}_${Date.now()}`;
      const admin = new pg.Client(config);
      await admin.connect();
      await admin.query(`CREATE DATABASE "${shadowName}"`);
      await admin.end();
      const shadow = await new PrismaPg({ ...config, database: shadowName }).connect();
      return patchAdapter(shadow, async () => {
        const dropper = new pg.Client(config);
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
        await dropper.end();
      });
    },
  };
}
