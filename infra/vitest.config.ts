import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Synthesizing the whole app takes seconds on a loaded machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
