import { access, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export const dynamic = "force-static";

const BUILD = "node_modules/@scalar/api-reference/dist/browser/standalone.js";

/**
 * The package's browser build, found in node_modules above the server's
 * working directory (a bundler would rewrite a require.resolve of it).
 */
async function locate(): Promise<string> {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const candidate = join(dir, BUILD);
    if (
      await access(candidate).then(
        () => true,
        () => false,
      )
    )
      return candidate;
    if (dirname(dir) === dir) throw new Error(`${BUILD} was not found above ${process.cwd()}`);
  }
}

let script: Promise<Buffer> | undefined;

/** Scalar's API reference as one script from our own origin (no CDN). */
export function GET() {
  script ??= locate().then((path) => readFile(path));
  return script.then(
    (body) =>
      new Response(new Uint8Array(body), {
        headers: {
          "content-type": "text/javascript; charset=utf-8",
          "cache-control": "public, max-age=86400",
        },
      }),
  );
}
