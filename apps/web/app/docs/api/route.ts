export const dynamic = "force-static";

// Scalar reads its configuration from this element's data attribute: no inline script.
const configuration = JSON.stringify({
  url: "/api/v1/openapi.json",
  // Fonts from fonts.scalar.com and usage telemetry would reach out to Scalar's servers.
  withDefaultFonts: false,
  telemetry: false,
  hideDownloadButton: false,
  defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
  metaData: { title: "Hyperposter API reference" },
})
  .replace(/&/g, "&amp;")
  .replace(/"/g, "&quot;");

/** The API reference page: the served OpenAPI document rendered by Scalar, with curl samples. */
export function GET() {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hyperposter API reference</title>
<style>body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}</style>
</head>
<body>
<script id="api-reference" data-url="/api/v1/openapi.json" data-configuration="${configuration}"></script>
<script src="/docs/api/reference.js"></script>
</body>
</html>`;
  return new Response(html, {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=300" },
  });
}
