import fc from "fast-check";
import { expect, test, type APIRequestContext } from "@playwright/test";

// Every route and page of the running app fed random path segments, query
// values and bodies — NUL, lone surrogates, invalid UTF-8, control
// characters, traversal, huge values — signed in and signed out: the answer
// is never a 5xx. This runs against the real Next.js server, so it covers
// what unit tests of the API cannot: routing, params decoding and rendering.

const DEMO = { email: "demo@hyperposter.local", password: "hyperposter-demo", slug: "demo" };

/** Percent-encoding that may also produce bytes no valid UTF-8 has. */
const rawByte = fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, "0")}`);
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
const encodedText = fc
  .string({ unit: codeUnit, maxLength: 24 })
  // encodeURIComponent throws on a lone surrogate: send its WTF-8 bytes instead.
  .map((s) =>
    [...s]
      .map((ch) => {
        const unit = ch.charCodeAt(0);
        if (unit >= 0xd800 && unit <= 0xdfff && ch.length === 1)
          return `%${(0xe0 | (unit >> 12)).toString(16)}%${(0x80 | ((unit >> 6) & 0x3f)).toString(16)}%${(0x80 | (unit & 0x3f)).toString(16)}`;
        return encodeURIComponent(ch);
      })
      .join(""),
  );
const segment = fc.oneof(
  encodedText,
  fc.array(rawByte, { minLength: 1, maxLength: 8 }).map((bytes) => bytes.join("")),
  fc.constantFrom(
    "%00",
    "%ED%A0%80",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e",
    "%5Cevil.com",
    "x".repeat(3000),
    "demo",
    "1",
  ),
);

const TRPC_PATHS = [
  "auth.me",
  "auth.signIn",
  "workspace.get",
  "preset.list",
  "preset.get",
  "generation.get",
  "generation.create",
  "history.list",
  "font.file",
];

const request = fc.oneof(
  segment.map((s) => ({ method: "GET", path: `/w/${s}` })),
  segment.map((s) => ({ method: "GET", path: `/w/${DEMO.slug}/generations/${s}` })),
  segment.map((s) => ({ method: "GET", path: `/w/${DEMO.slug}/presets/${s}` })),
  segment.map((s) => ({ method: "GET", path: `/invite/${s}` })),
  segment.map((s) => ({ method: "GET", path: `/sign-in?next=${s}` })),
  fc
    .tuple(segment, segment)
    .map(([id, ws]) => ({ method: "GET", path: `/api/fonts/${id}?workspace=${ws}` })),
  fc.tuple(segment, segment, segment, segment).map(([id, ws, out, enc]) => ({
    method: "GET",
    path: `/api/generations/${id}/download?workspace=${ws}&output=${out}&encoding=${enc}`,
  })),
  fc
    .tuple(segment, segment)
    .map(([id, ws]) => ({ method: "GET", path: `/api/generations/${id}/zip?workspace=${ws}` })),
  fc
    .tuple(fc.constantFrom(...TRPC_PATHS), segment)
    .map(([proc, input]) => ({ method: "GET", path: `/api/trpc/${proc}?input=${input}` })),
  fc
    .tuple(fc.constantFrom(...TRPC_PATHS), fc.string({ unit: codeUnit, maxLength: 200 }))
    .map(([proc, body]) => ({ method: "POST", path: `/api/trpc/${proc}`, body })),
  fc
    .string({ unit: codeUnit, maxLength: 200 })
    .map((body) => ({ method: "POST", path: "/api/webhooks/clerk", body })),
);

async function signIn(api: APIRequestContext, baseURL: string) {
  const res = await api.post("/api/trpc/auth.signIn", {
    data: { email: DEMO.email, password: DEMO.password },
    headers: { origin: baseURL },
  });
  expect(res.status()).toBe(200);
}

for (const signedIn of [false, true]) {
  test(`no route or page answers 5xx to hostile paths, queries and bodies (${signedIn ? "signed in" : "signed out"})`, async ({
    playwright,
    baseURL,
  }) => {
    test.setTimeout(300_000);
    const api = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
    if (signedIn) await signIn(api, baseURL!);
    const seen: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const res =
          req.method === "GET"
            ? await api.get(req.path, { failOnStatusCode: false })
            : await api.post(req.path, {
                data: req.body,
                headers: { "content-type": "application/json", origin: baseURL! },
                failOnStatusCode: false,
              });
        seen.push(`${res.status()} ${req.method} ${req.path.slice(0, 60)}`);
        if (res.status() >= 500)
          throw new Error(
            `${req.method} ${req.path} answered ${res.status()}: ${(await res.text()).slice(0, 300)}`,
          );
      }),
      { numRuns: Number(process.env.E2E_FUZZ_RUNS ?? 150), endOnFailure: true },
    );
    const by4xx = seen.filter((line) => line.startsWith("4")).length;
    console.log(
      `${seen.length} hostile requests (${signedIn ? "signed in" : "signed out"}): ${by4xx} answered 4xx, none 5xx`,
    );
    await api.dispose();
  });
}
