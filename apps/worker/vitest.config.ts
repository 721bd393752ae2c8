import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["../../packages/devstack/src/vitest-global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Worker processes render on the CPU: test files running side by side on 2 cores
    // would turn timing (visibility timeouts, drain deadlines) into noise.
    fileParallelism: false,
  },
});
