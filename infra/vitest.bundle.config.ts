import { defineConfig } from "vitest/config";

/** `npm run test:bundle -w @hyperposter/infra`: the built OpenNext bundle against the embedded stack. */
export default defineConfig({
  test: {
    include: ["bundle-test/**/*.test.ts"],
    globalSetup: ["../packages/devstack/src/vitest-global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
