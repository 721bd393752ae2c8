// Submit a brief through the REST API, wait for the posters, print their links.
//   HYPERPOSTER_API_URL=http://localhost:3000/api/v1 HYPERPOSTER_API_KEY=hp_live_… \
//   npm run example -w @hyperposter/client -- <preset id>
import { randomUUID } from "node:crypto";
import { createHyperposterClient, waitForGeneration } from "../src";

const [presetId] = process.argv.slice(2);
const baseUrl = process.env.HYPERPOSTER_API_URL ?? "http://localhost:3000/api/v1";
const apiKey = process.env.HYPERPOSTER_API_KEY;
if (!apiKey || !presetId) {
  console.error(
    "Usage: HYPERPOSTER_API_KEY=hp_live_… npm run example -w @hyperposter/client -- <preset id>",
  );
  process.exit(2);
}

const client = createHyperposterClient({ baseUrl, apiKey });
const { data, error } = await client.POST("/generations", {
  body: {
    brief: {
      product: "Osmanthus oolong tea",
      offer: "Second cup half price",
      audience: "office workers",
      formats: ["instagram-square", "story"],
    },
    preset_id: presetId,
    variants: 1,
    passthrough: "example-script",
  },
  // The same key on a retry returns this request's first answer instead of a second generation.
  headers: { "Idempotency-Key": randomUUID() },
});
if (error) {
  console.error(`${error.error.code}: ${error.error.message}`);
  process.exit(1);
}
console.log(`Accepted ${data.id} (${data.cost} credits); polling ${data.status_url}`);
const done = await waitForGeneration(client, data.id, {
  onProgress: (g) =>
    console.log(
      `${g.status} · ${g.progress.stage} · ${g.progress.assets_done}/${g.progress.assets_total}` +
        (g.queue_position ? ` · queue position ${g.queue_position}` : ""),
    ),
});
if (done.status !== "succeeded") {
  console.error(`Generation ${done.status}: ${done.error?.message ?? ""}`);
  process.exit(1);
}
console.log(`Headline: ${done.copy?.headline}`);
for (const asset of done.assets)
  for (const file of asset.files)
    console.log(
      `${asset.format} v${asset.variant} ${file.encoding} ${file.width}×${file.height}: ${file.url}`,
    );
