import { openApiDocument } from "@hyperposter/api";
import openapiTS, { astToString } from "openapi-typescript";
import { format } from "prettier";

/** The TypeScript types of the served OpenAPI document, formatted as the repository formats code. */
export async function renderSchemaTypes(): Promise<string> {
  const document = JSON.parse(
    JSON.stringify(openApiDocument("https://app.example.com/api/v1")),
  ) as object;
  // A field with a default is optional to send (the server fills it in).
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], {
    defaultNonNullable: false,
  });
  const header =
    "// Generated from the OpenAPI document of /api/v1 by scripts/generate.ts: do not edit.\n";
  return format(header + astToString(ast), { parser: "typescript", printWidth: 100 });
}
