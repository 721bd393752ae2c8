// Writes src/schema.ts (types of every path, request and response) from the
// OpenAPI document the API serves. Run after changing the REST schemas:
// npm run generate -w @hyperposter/client (a test fails while it is stale).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderSchemaTypes } from "./render";

writeFileSync(join(import.meta.dirname, "../src/schema.ts"), await renderSchemaTypes());
console.log("Wrote packages/client/src/schema.ts");
