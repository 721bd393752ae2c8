import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["../../packages/devstack/src/vitest-global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
