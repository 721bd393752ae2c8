import { describe, expect, it } from "vitest";
import { GenerationProgress, JobMessage, parseJobMessage } from "../src";

const message = {
  v: 1,
  generationId: "gen_1",
  workspaceId: "ws_1",
  lane: "INTERACTIVE",
  traceId: "trace-1",
};

describe("JobMessage", () => {
  it("round-trips through a queue body", () => {
    expect(parseJobMessage(JSON.stringify(message))).toEqual(message);
  });

  it("refuses bodies a worker must not act on: not JSON, another version, missing ids", () => {
    expect(parseJobMessage(undefined)).toBeUndefined();
    expect(parseJobMessage("{not json")).toBeUndefined();
    expect(parseJobMessage(JSON.stringify({ ...message, v: 2 }))).toBeUndefined();
    expect(parseJobMessage(JSON.stringify({ ...message, generationId: "" }))).toBeUndefined();
    expect(parseJobMessage(JSON.stringify({ ...message, lane: "URGENT" }))).toBeUndefined();
  });

  it("points at the row and carries nothing else", () => {
    expect(Object.keys(JobMessage.shape).sort()).toEqual(
      ["generationId", "lane", "traceId", "v", "workspaceId"].sort(),
    );
    expect(JobMessage.parse({ ...message, brief: { product: "x" } })).toEqual(message);
  });
});

describe("generation progress and cost", () => {
  it("fills progress defaults so a freshly queued row parses", () => {
    expect(GenerationProgress.parse({ stage: "queued" })).toEqual({
      stage: "queued",
      message: "",
      assetsDone: 0,
      assetsTotal: 0,
      formatsDone: [],
      attempt: 0,
    });
  });
});
