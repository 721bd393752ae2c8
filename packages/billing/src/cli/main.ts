// `npm run billing -- <command>`: see USAGE. Talks to DATABASE_URL, or to the
// embedded stack's database that `npm run dev` runs when it is unset.
import { loadDevEnv } from "@hyperposter/config";
import { createDb } from "@hyperposter/db";
import { runBillingCommand, UsageError } from "./commands";

const url =
  process.env.DATABASE_URL ??
  `postgres://hyperposter:hyperposter@127.0.0.1:${loadDevEnv().EMBEDDED_PG_PORT}/hyperposter`;
const db = createDb(url, { max: 2 });
try {
  for (const line of await runBillingCommand(db, process.argv.slice(2))) console.log(line);
} catch (error) {
  if (error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = 2;
  } else if (error instanceof Error && /Can't reach database server/.test(error.message)) {
    console.error(
      `Cannot reach the database at ${new URL(url).host}: start \`npm run dev\` or set DATABASE_URL.`,
    );
    process.exitCode = 1;
  } else throw error;
} finally {
  await db.$disconnect();
}
