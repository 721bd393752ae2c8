/**
 * `npm run rephrase -- --brief <file.json> --preset <file.json> [--json]
 *   [--backend rules|llm] [--llm-url <base url>] [--llm-model <model>]`
 * The preset file holds one preset or an array; the brief's `preset` slug picks
 * from an array. LLM_API_KEY is read from the environment for --backend llm.
 * Bad input exits with code 2 and one sentence naming the field.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { AppError, Brief, parseInput, type Rephrased } from "@hyperposter/domain";
import { rephrase, type RephraseOptions } from "../rephraser";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function readJson(path: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    fail(`--${flag}: cannot read the file ${path}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    fail(`--${flag}: ${path} is not valid JSON.`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function pickPreset(presets: unknown, brief: unknown): unknown {
  if (!Array.isArray(presets)) return presets;
  const slug = isRecord(brief) ? brief.preset : undefined;
  if (typeof slug !== "string") {
    if (presets.length === 1) return presets[0];
    fail("preset: the brief must name a preset slug when the preset file holds several presets.");
  }
  const found = presets.find((p) => isRecord(p) && p.slug === slug);
  if (!found) fail(`preset: no preset with the slug "${slug}" in the preset file.`);
  return found;
}

function printText(r: Rephrased): void {
  const out: string[] = [
    `prompt (${r.tokenCount} CLIP tokens, ${r.backend}):`,
    `  ${r.prompt}`,
    "negative prompt:",
    `  ${r.negativePrompt}`,
    "copy:",
    ...r.copyCandidates.map(
      (c, i) =>
        `  ${i + 1}. ${c.headline} | ${c.subline ?? "—"} | ${c.cta}${i === 0 ? "   (chosen)" : ""}`,
    ),
  ];
  if (r.warnings.length)
    out.push("warnings:", ...r.warnings.map((w) => `  ${w.field}: ${w.message}`));
  out.push(
    "trace:",
    ...r.trace.map((t) => `  ${t.action.padEnd(12)} ${t.slot.padEnd(15)} ${t.term} — ${t.reason}`),
  );
  process.stdout.write(out.join("\n") + "\n");
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2).filter((a) => a !== "--"),
      options: {
        brief: { type: "string" },
        preset: { type: "string" },
        json: { type: "boolean", default: false },
        backend: { type: "string", default: "rules" },
        "llm-url": { type: "string" },
        "llm-model": { type: "string" },
      },
    }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}.`);
  }
  if (!values.brief) fail("--brief: the path of a brief JSON file is required.");
  if (!values.preset) fail("--preset: the path of a preset JSON file is required.");
  if (values.backend !== "rules" && values.backend !== "llm")
    fail('--backend must be "rules" or "llm".');

  const brief = readJson(values.brief, "brief");
  try {
    parseInput(Brief, brief); // the brief's own errors come before preset lookup errors
  } catch (error) {
    if (error instanceof AppError) fail(error.message);
    throw error;
  }
  const preset = pickPreset(readJson(values.preset, "preset"), brief);
  const options: RephraseOptions = { backend: values.backend };
  if (values.backend === "llm") {
    const baseUrl = values["llm-url"] ?? process.env.LLM_BASE_URL;
    const model = values["llm-model"] ?? process.env.LLM_MODEL;
    if (!baseUrl || !model)
      fail(
        "--llm-url and --llm-model (or LLM_BASE_URL, LLM_MODEL) are required for --backend llm.",
      );
    options.llm = {
      baseUrl,
      model,
      ...(process.env.LLM_API_KEY ? { apiKey: process.env.LLM_API_KEY } : {}),
    };
  }

  try {
    const r = await rephrase(brief, preset, options);
    if (values.json) process.stdout.write(JSON.stringify(r, null, 2) + "\n");
    else printText(r);
  } catch (error) {
    if (error instanceof AppError && error.status < 500) fail(error.message);
    throw error;
  }
}

await main();
