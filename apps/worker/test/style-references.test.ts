import { createPreset, uploadStyleReference } from "@hyperposter/api";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TestStack } from "./harness";

// A preset with style references: the worker reads and decodes them for every
// render request (the procedural backend ignores them, so the job succeeds as
// before); a reference object damaged in storage fails the job with a sentence.

/** 1×1 transparent PNG. */
const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

const PRESET = {
  name: "Referenced",
  colors: {
    primary: "#1F3A5F",
    secondary: "#F2C14E",
    accent: "#E4572E",
    background: "#FFFFFF",
    text: "#111111",
  },
  fonts: { heading: "Inter", body: "Inter" },
  tone: "",
  styleKeywords: [],
  negative: [],
  logoFileId: null,
  headingFontFileId: null,
  bodyFontFileId: null,
};

describe("worker: a preset with style references", () => {
  const stack = new TestStack({ label: "style_refs" });
  beforeAll(async () => {
    await stack.start(inject("pgAdminUrl"));
    await stack.startWorker();
  });
  afterAll(() => stack.stop());

  it("renders with readable references and fails in a sentence on a damaged one", async () => {
    const reference = await uploadStyleReference(stack.ctx, stack.workspaceId, {
      fileName: "mood.png",
      contentBase64: PNG_BASE64,
    });
    const preset = await createPreset(stack.ctx, stack.workspaceId, null, {
      ...PRESET,
      styleReferences: [{ fileId: reference.id, strength: 0.4 }],
    });
    const ok = await stack.submit({ presetId: preset.id });
    await stack.waitForStatus([ok.generationId], ["SUCCEEDED"], 90_000);

    // The stored object is replaced by bytes no decoder reads.
    const file = await stack.db.storedFile.findUniqueOrThrow({ where: { id: reference.id } });
    await stack.storage.put(file.storageKey, Buffer.from("not an image any more"), file.mime);
    const bad = await stack.submit({ presetId: preset.id });
    await stack.waitForStatus([bad.generationId], ["FAILED"], 90_000);
    const failed = await stack.db.generation.findUniqueOrThrow({ where: { id: bad.generationId } });
    expect(failed.errorCode).toBe("STYLE_REFERENCE_UNREADABLE");
    expect(failed.errorMessage).toBe(
      "Style reference 1 of the brand preset cannot be read; upload it again in the preset editor.",
    );
  });
});
