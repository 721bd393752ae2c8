/* global process */
// Runs in a plain Node process, as Lambda's runtime does: import the bundle's
// handler, feed it the events given as JSON on argv[3], print the results as JSON.
import { pathToFileURL } from "node:url";

const [, , bundle, eventsJson] = process.argv;
const { handler } = await import(pathToFileURL(bundle).href);
const context = { functionName: "smoke", getRemainingTimeInMillis: () => 30_000 };
const results = [];
for (const event of JSON.parse(eventsJson)) results.push(await handler(event, context));
process.stdout.write(`\n@@RESULTS@@${JSON.stringify(results)}\n`);
process.exit(0);
